package io.qbsync.system;

import java.nio.charset.StandardCharsets;

/**
 * What qbsync takes as a password to hash: 12 characters at least and 72 bytes (UTF-8) at most, because bcrypt
 * refuses longer input (and older bcrypts silently ignored the rest).
 */
public final class PasswordRules {

	public static final int MIN_LENGTH = 12;

	public static final int MAX_BYTES = 72;

	private PasswordRules() {
	}

	/** Adds a problem for the field {@code password} when it breaks the rules. */
	public static void check(Validation v, String password) {
		if (password == null || password.length() < MIN_LENGTH) {
			v.require(false, "password", "must be at least " + MIN_LENGTH + " characters long");
			return;
		}
		int bytes = password.getBytes(StandardCharsets.UTF_8).length;
		v.require(bytes <= MAX_BYTES, "password", "is " + bytes + " bytes long; at most " + MAX_BYTES
				+ " bytes are taken (72 plain letters, digits and punctuation; accented letters and symbols take 2 to 4 "
				+ "bytes each). Choose a shorter one.");
	}

}
