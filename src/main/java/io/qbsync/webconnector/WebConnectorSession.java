package io.qbsync.webconnector;

import java.time.Instant;

/** One Web Connector session as stored: who, since when, what QuickBooks said about itself, and what was sent. */
public record WebConnectorSession(long id, long companyId, SessionState state, Instant startedAt, Instant lastSeenAt,
		Instant endedAt, String companyFileName, String qbProduct, String qbCountry, String qbCompanyName,
		String qbSupportedVersions, String qbFileId, String qbxmlVersion, Long inFlightDocumentId, int documentsSent,
		int documentsAnswered, int documentsFailed, String lastError, String connectionHresult,
		String connectionMessage, String hcpSha256) {

	boolean isLive(Instant now, java.time.Duration timeout) {
		return this.state == SessionState.OPEN && this.lastSeenAt.plus(timeout).isAfter(now);
	}

}
