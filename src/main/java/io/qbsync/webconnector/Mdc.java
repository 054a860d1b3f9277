package io.qbsync.webconnector;

import org.slf4j.MDC;

/** Puts the company and a ticket fingerprint into the logging context for the length of one call. */
record Mdc(boolean session) implements AutoCloseable {

	static Mdc company(long companyId) {
		MDC.put("company", Long.toString(companyId));
		return new Mdc(false);
	}

	static Mdc session(long companyId, String ticketHash) {
		MDC.put("company", Long.toString(companyId));
		MDC.put("ticket", Tickets.fingerprint(ticketHash));
		return new Mdc(true);
	}

	@Override
	public void close() {
		MDC.remove("company");
		MDC.remove("ticket");
	}

}
