package io.qbsync.wizard;

import java.time.Instant;
import java.util.List;

import io.qbsync.qbxml.entity.Direction;

/**
 * One line of the Sync Wizard: a record (or QuickBooks object) that will change on the other side once approved.
 *
 * @param objectType the QuickBooks type, e.g. {@code Customer}
 * @param recordId the field-service record, when there is one
 * @param qbId the QuickBooks object, when there is one
 * @param candidate for a LINK: the QuickBooks record proposed (JSON), with how strong the match is
 * @param needsReview a weak match or a conflict: the admin should look before approving
 * @param sourceVersion the version the item was built from (record version, or QuickBooks EditSequence)
 */
public record WizardItem(long id, long companyId, Direction direction, String objectType, Long recordId,
		String recordType, String externalId, String qbId, WizardAction action, WizardItemState state, String summary,
		List<FieldChange> changes, List<ItemProblem> problems, String candidate, boolean needsReview,
		String sourceVersion, Instant createdAt, Instant updatedAt) {

	/** Whether a problem stops the item from syncing until the record is fixed. */
	public boolean blocked() {
		return this.problems.stream().anyMatch(ItemProblem::blocking);
	}

}
