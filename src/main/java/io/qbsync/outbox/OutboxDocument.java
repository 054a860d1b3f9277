package io.qbsync.outbox;

import java.time.Instant;

/**
 * One qbXML request document in a company's outbox, with QuickBooks' answer once it has one. After
 * {@code bodiesPurgedAt} (the retention job) the request is empty and the response null; the rest stays.
 */
public record OutboxDocument(long id, long companyId, OutboxState state, String source, String qbxmlVersion,
		String request, String response, String hresult, String message, Long sessionId, Instant createdAt,
		Instant sentAt, Instant answeredAt, Instant bodiesPurgedAt) {
}
