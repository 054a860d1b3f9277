package io.qbsync.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords qbsync makes itself (a Web Connector's, when the admin asks for one): 144 random bits, stored as their
 * SHA-256 under the id {@code {generated}}.
 *
 * <p>
 * Why a fast hash is enough here. bcrypt is slow so that a stolen hash of a password a person chose cannot be tried
 * against a dictionary. A generated password has no dictionary: 2<sup>144</sup> guesses at any speed are out of reach,
 * from the database or at the door. So its check costs microseconds instead of about 100 ms of a core, and the first
 * logins of every company after a start do not queue for bcrypt. Only a password qbsync generated is ever stored this
 * way; one a person typed is always bcrypt's.
 */
public final class GeneratedPasswords {

	/** The id before a generated password's hash. */
	public static final String ID = "generated";

	private static final String PREFIX = "{" + ID + "}";

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Checks a password against the hex SHA-256 after the id (the delegating encoder strips the id). */
	static final PasswordEncoder ENCODER = new PasswordEncoder() {

		@Override
		public String encode(CharSequence rawPassword) {
			return sha256(rawPassword.toString());
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			if (rawPassword == null || encodedPassword == null) {
				return false;
			}
			return MessageDigest.isEqual(sha256(rawPassword.toString()).getBytes(StandardCharsets.US_ASCII),
					encodedPassword.getBytes(StandardCharsets.US_ASCII));
		}

	};

	private GeneratedPasswords() {
	}

	/** A new password: 18 random bytes, 24 characters of URL-safe base64 (easy to paste, nothing to escape). */
	public static String generate() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** The stored form of a password this class generated. */
	public static String hash(String generated) {
		return PREFIX + sha256(generated);
	}

	/** Whether a stored hash is of a generated password (its check is cheap, so it needs no queue). */
	public static boolean isGenerated(String hash) {
		return hash != null && hash.startsWith(PREFIX);
	}

	/** Whether the password is the generated one this stored hash is of; false for any other kind of hash. */
	public static boolean matches(String password, String hash) {
		return isGenerated(hash) && ENCODER.matches(password, hash.substring(PREFIX.length()));
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
