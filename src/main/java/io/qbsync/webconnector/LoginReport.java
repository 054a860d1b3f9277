package io.qbsync.webconnector;

import java.time.Instant;
import java.util.List;

/**
 * What an admin sees of a company's Web Connector logins: the addresses it logs in from, and the recent failed logins
 * by source address (a storm shows as many failures from an address that is not one of the usual ones).
 *
 * @param usualAddresses addresses the company's username logged in from with the right password, latest first
 * @param failures failed logins of the last day, by address, most first
 */
public record LoginReport(List<String> usualAddresses, List<FailedLogins> failures) {

	/** Failed logins from one address; {@code delayedUntil} is set while that address is held back. */
	public record FailedLogins(String address, int failures, Instant firstFailureAt, Instant lastFailureAt,
			Instant delayedUntil) {
	}

}
