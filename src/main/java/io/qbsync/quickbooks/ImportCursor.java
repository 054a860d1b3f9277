package io.qbsync.quickbooks;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * How far one import query of one company has got.
 *
 * @param query an object type ({@code Customer}) or {@code ListDeleted} / {@code TxnDeleted}
 * @param state IDLE between imports, ITERATING while a paged query is under way
 * @param cursorLocal the newest QuickBooks modification (local time) fully imported, or null before the first import
 * @param iterationMax the newest modification seen by the iteration under way
 * @param iteratorId QuickBooks' iterator for the next page, while ITERATING
 * @param documentId the outbox document carrying the latest page request
 */
public record ImportCursor(long companyId, String query, State state, LocalDateTime cursorLocal,
		LocalDateTime iterationMax, String iteratorId, Long documentId, Instant startedAt, Instant completedAt,
		String lastError) {

	/** Whether an import query is between runs or in the middle of one. */
	public enum State {

		IDLE, ITERATING

	}

}
