package io.qbsync.outbox;

import java.time.Instant;

/**
 * One outbox document as the list shows it: where it is and what happened, without the request and response
 * bodies ({@code GET .../outbox/{id}} has those). {@code bodiesPurgedAt}: when the retention job dropped its
 * bodies, if it has.
 */
public record OutboxDocumentSummary(long id, long companyId, OutboxState state, String source, String qbxmlVersion,
		String hresult, String message, Long sessionId, Instant createdAt, Instant sentAt, Instant answeredAt,
		Instant bodiesPurgedAt) {
}
