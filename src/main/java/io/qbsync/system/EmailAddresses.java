package io.qbsync.system;

import java.util.regex.Pattern;

/** What qbsync takes as an e-mail address: one mailbox, local@domain, no display name, no spaces. */
public final class EmailAddresses {

	private static final Pattern ADDRESS = Pattern
		.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
				+ "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

	private EmailAddresses() {
	}

	public static boolean isValid(String address) {
		return address != null && address.length() <= 254 && ADDRESS.matcher(address).matches();
	}

}
