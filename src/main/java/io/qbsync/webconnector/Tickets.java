package io.qbsync.webconnector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Session tickets: 192 random bits, handed to the Web Connector and stored only as a SHA-256 hash. Logs show a
 * short fingerprint of the hash, never the ticket.
 */
final class Tickets {

	/** Longer values are not ours; they are refused before hashing. */
	static final int MAX_LENGTH = 64;

	private static final SecureRandom RANDOM = new SecureRandom();

	private Tickets() {
	}

	static String newTicket() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String ticket) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String fingerprint(String ticketHash) {
		return ticketHash.substring(0, 8);
	}

}
