package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * Source addresses (as {@link SourceAddresses} counts them) that proved lately, on this node, to be a real Web
 * Connector's: a login with the right password came from there, or a call with the ticket of a live session. The rate
 * limit in front of {@code /qbwc} lets them through unlimited ({@link WebConnectorRateLimit}). Another node learns an
 * address from its first call there: a live ticket proves it as a login does. A node starting learns every address a
 * right password came from within {@link #KEPT}, from the usual addresses the database keeps: after a restart, a
 * hosting provider's many Web Connectors behind one address are not held to the burst of a stranger.
 */
@Component
class ProvenAddresses {

	/** As long as an address counts as one of a username's usual ones. */
	static final Duration KEPT = WebConnectorLogins.USUAL_ADDRESS_KEPT;

	/** A Web Connector's office each, and then some; the oldest proof goes first. */
	static final int AT_MOST = 20_000;

	private final ExpiringMemory<String, Boolean> proven = new ExpiringMemory<>(KEPT, AT_MOST);

	ProvenAddresses(LoginThrottle logins, Clock clock) {
		Instant now = clock.instant();
		for (LoginThrottle.ProvenAddress address : logins.provenAddresses(now.minus(KEPT), AT_MOST)) {
			// oldest first, each for what is left of its time
			this.proven.put(address.address(), Boolean.TRUE, Duration.between(now, address.lastSuccessAt().plus(KEPT)));
		}
	}

	boolean proven(String address) {
		return this.proven.get(address) != null;
	}

	void prove(String address) {
		this.proven.put(address, Boolean.TRUE);
	}

}
