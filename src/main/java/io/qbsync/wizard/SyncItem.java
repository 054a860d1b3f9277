package io.qbsync.wizard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.qbsync.qbxml.entity.Direction;

/**
 * A wizard item on its way to QuickBooks (or, for an import, to the field-service side): what it is, where its
 * request went, and what came back. The same row as the wizard item, seen from the sync.
 *
 * @param identity our ExternalGUID for an Add
 * @param blockedByRecordId the parent record that must reach QuickBooks first
 * @param documentId the outbox document its request went out in (requestID = item id)
 * @param lookup IDENTITY or REFRESH while a lookup in QuickBooks decides what happens next
 * @param sentAs the request it last went out as: ADD, MOD, DEL or QUERY
 * @param sentKey the name or RefNumber an Add went out with
 */
public record SyncItem(long id, long companyId, Direction direction, String objectType, Long recordId,
		String recordType, String externalId, String qbId, WizardAction action, WizardItemState state, String summary,
		List<FieldChange> changes, String candidate, String sourceVersion, UUID identity, int rank, String decidedBy,
		Instant decidedAt, String resolution, Long blockedByRecordId, Long documentId, Instant releasedAt,
		Lookup lookup, Long lookupDocumentId, String sentAs, String sentKey, int attempts, Instant nextAttemptAt, String resultCode,
		String resultMessage, String resultClass, String resultQbId, Instant firstFailedAt, Instant lastFailedAt,
		Instant finishedAt, Long deliveryExecutionId, Instant createdAt, Instant updatedAt) {

	/** The result code of an item failed because the parent it needs could not be sent to QuickBooks. */
	public static final String PARENT_FAILED = "PARENT";

	/** The result code of a later change held behind an earlier Add of the record whose arrival is unknown. */
	public static final String EARLIER_UNKNOWN = "EARLIER";

	/** Result codes of a failed Add whose arrival in QuickBooks could not be told: nothing goes out blind after it. */
	public static final java.util.Set<String> FATE_UNKNOWN = java.util.Set.of("LOST", "LOOKUP");

	/** Whether this failed Add may or may not be in QuickBooks (only a lookup, or a person, can tell). */
	public boolean fateUnknown() {
		return FATE_UNKNOWN.contains(this.resultCode);
	}

	/** Why an item waits for an answer to a query rather than to its own request. */
	public enum Lookup {

		/** An Add may have reached QuickBooks (its answer was lost, or its name is taken): find it by our identity. */
		IDENTITY,

		/** QuickBooks has a newer EditSequence: read the object again before resending the change. */
		REFRESH

	}

}
