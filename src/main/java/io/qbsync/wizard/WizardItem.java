package io.qbsync.wizard;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.qbsync.qbxml.entity.Direction;

/**
 * One wizard item, the one record of a {@code wizard_items} row: a record (or QuickBooks object) that will change on
 * the other side once approved, and, once approved, how far it has got on its way there ({@link Progress}).
 *
 * @param objectType the QuickBooks type, e.g. {@code Customer}
 * @param recordId the field-service record, when there is one
 * @param qbId the QuickBooks object, when there is one
 * @param candidate for a LINK: the QuickBooks record proposed (JSON), with how strong the match is
 * @param needsReview a weak match or a conflict: the admin should look before approving
 * @param sourceVersion the version the item was built from (record version, or QuickBooks EditSequence)
 * @param progress the approval and the delivery; {@link Progress#NONE} for an item the scan proposes
 */
public record WizardItem(long id, long companyId, Direction direction, String objectType, Long recordId,
		String recordType, String externalId, String qbId, WizardAction action, WizardItemState state, String summary,
		List<FieldChange> changes, List<ItemProblem> problems, String candidate, boolean needsReview,
		String sourceVersion, Instant createdAt, Instant updatedAt, Progress progress) {

	/** The result code of an item failed because the parent it needs could not be sent to QuickBooks. */
	public static final String PARENT_FAILED = "PARENT";

	/** The result code of a later change held behind an earlier Add of the record whose arrival is unknown. */
	public static final String EARLIER_UNKNOWN = "EARLIER";

	/** Result codes of a failed Add whose arrival in QuickBooks could not be told: nothing goes out blind after it. */
	public static final Set<String> FATE_UNKNOWN = Set.of("LOST", "LOOKUP");

	/** An item as the scan (or a hand-back) proposes it: nothing decided, nothing sent. */
	public WizardItem(long id, long companyId, Direction direction, String objectType, Long recordId,
			String recordType, String externalId, String qbId, WizardAction action, WizardItemState state,
			String summary, List<FieldChange> changes, List<ItemProblem> problems, String candidate,
			boolean needsReview, String sourceVersion, Instant createdAt, Instant updatedAt) {
		this(id, companyId, direction, objectType, recordId, recordType, externalId, qbId, action, state, summary,
				changes, problems, candidate, needsReview, sourceVersion, createdAt, updatedAt, Progress.NONE);
	}

	/** Whether a problem stops the item from syncing until the record is fixed. */
	public boolean blocked() {
		return this.problems.stream().anyMatch(ItemProblem::blocking);
	}

	/** Whether this failed Add may or may not be in QuickBooks (only a lookup, or a person, can tell). */
	public boolean fateUnknown() {
		return FATE_UNKNOWN.contains(this.progress.resultCode());
	}

	/**
	 * An approved item's way to QuickBooks (or, for an import, to the field-service side): who decided, where its
	 * request went, and what came back.
	 *
	 * @param identity our ExternalGUID for an Add
	 * @param rank the release order: parents before children
	 * @param blockedByRecordId the parent record that must reach QuickBooks first
	 * @param documentId the outbox document its request went out in (requestID = item id)
	 * @param lookup IDENTITY or REFRESH while a lookup in QuickBooks decides what happens next
	 * @param sentAs the request it last went out as: ADD, MOD, DEL or QUERY
	 * @param sentKey the name or RefNumber an Add went out with
	 * @param deliveryExecutionId the delivery (job execution) that last sent it
	 */
	public record Progress(UUID identity, int rank, String decidedBy, Instant decidedAt, String resolution,
			Long blockedByRecordId, Long documentId, Instant releasedAt, Lookup lookup, Long lookupDocumentId,
			String sentAs, String sentKey, int attempts, Instant nextAttemptAt, String resultCode, String resultMessage,
			String resultClass, String resultQbId, Instant firstFailedAt, Instant lastFailedAt, Instant finishedAt,
			Long deliveryExecutionId) {

		/** Nothing decided, nothing sent. */
		public static final Progress NONE = new Progress(null, 0, null, null, null, null, null, null, null, null, null,
				null, 0, null, null, null, null, null, null, null, null, null);

	}

	/** Why an item waits for an answer to a query rather than to its own request. */
	public enum Lookup {

		/** An Add may have reached QuickBooks (its answer was lost, or its name is taken): find it by our identity. */
		IDENTITY,

		/** QuickBooks has a newer EditSequence: read the object again before resending the change. */
		REFRESH

	}

}
