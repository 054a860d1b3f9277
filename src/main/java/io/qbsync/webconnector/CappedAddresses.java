package io.qbsync.webconnector;

import java.time.Duration;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Source addresses this node saw reach their cap of failed logins for all usernames together
 * ({@code failed-logins-per-address}), with the usernames each may still try (those it usually logs in for), so that
 * the rest of a spray is refused without a database connection.
 *
 * <p>
 * An address is remembered for a minute at most (less with a shorter failure window), then its next attempt goes to
 * the database again, is counted there and, the address still over its cap, remembers it again: so the database's
 * count stays within its window for as long as the spray lasts, as when every attempt was counted. Remembering only
 * ever refuses sooner. Another node cannot make a new usual username for the address meanwhile: a login from a capped
 * address is checked only for the usernames it usually logs in for. Its count can only fall by ageing out of the window
 * or by a right password for a usual username, and either way this node refuses at most a minute longer than the
 * database would. What it refuses still counts: {@link RefusedLogins} adds it to the pairs' failures.
 */
@Component
class CappedAddresses {

	/** About the size of a few hundred bytes each: well under a megabyte, whatever is sent. */
	static final int AT_MOST = 2_000;

	/** At most this many usual usernames are kept for one address; one with more is not remembered. */
	static final int USUAL_AT_MOST = 100;

	private final ExpiringMemory<String, Set<String>> capped;

	private final RefusedLogins refused;

	CappedAddresses(WebConnectorSettings settings, RefusedLogins refused) {
		this.refused = refused;
		Duration half = settings.failedLoginWindow().dividedBy(2);
		Duration minute = Duration.ofMinutes(1);
		this.capped = new ExpiringMemory<>((half.compareTo(minute) < 0) ? half : minute, AT_MOST);
	}

	/**
	 * Whether the address is at its cap and the username is not one it usually logs in for; a refusal is counted as
	 * a failure of the pair ({@link RefusedLogins}).
	 */
	boolean refuses(String address, String username) {
		Set<String> usual = this.capped.get(address);
		boolean refuses = usual != null && !usual.contains(username);
		if (refuses) {
			this.refused.refused(username, address);
		}
		return refuses;
	}

	/** The address has reached its cap; it usually logs in for these usernames. */
	void remember(String address, Set<String> usualUsernames) {
		if (usualUsernames.size() < USUAL_AT_MOST) {
			this.capped.put(address, Set.copyOf(usualUsernames));
		}
	}

}
