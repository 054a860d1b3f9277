package io.qbsync.wizard;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a wizard item, from the wizard to QuickBooks. The allowed moves are all in {@link #ALLOWED}.
 *
 * <ul>
 * <li>OPEN: waiting for the admin; the scan refreshes an open item in place.</li>
 * <li>APPROVED: the admin approved it; release puts it into the next outbox document (unless it waits for a parent,
 * or for a retry's backoff).</li>
 * <li>PENDING: its request is in an outbox document, queued or sent; QuickBooks' answer has not been read yet.</li>
 * <li>SUCCEEDED: QuickBooks applied it (or, for an import, the field-service side has it).</li>
 * <li>FAILED: QuickBooks refused it and only a person can fix that; shown under Unsynced Entities.</li>
 * <li>CLEARED: the admin cleared it; it returns only if the record changes again, or on undo.</li>
 * <li>WITHDRAWN: nothing is left to do (the record went back to what QuickBooks has, was deleted before it ever
 * synced, changed again after approval, or a newer item took its place).</li>
 * </ul>
 */
public enum WizardItemState {

	OPEN, APPROVED, PENDING, SUCCEEDED, FAILED, CLEARED, WITHDRAWN;

	private static final Map<WizardItemState, Set<WizardItemState>> ALLOWED = Map.of(
			OPEN, EnumSet.of(APPROVED, CLEARED, WITHDRAWN),
			APPROVED, EnumSet.of(PENDING, SUCCEEDED, FAILED, WITHDRAWN),
			PENDING, EnumSet.of(SUCCEEDED, FAILED, APPROVED, WITHDRAWN),
			SUCCEEDED, EnumSet.noneOf(WizardItemState.class),
			FAILED, EnumSet.of(APPROVED, WITHDRAWN),
			CLEARED, EnumSet.of(OPEN, WITHDRAWN),
			WITHDRAWN, EnumSet.noneOf(WizardItemState.class));

	public boolean canMoveTo(WizardItemState next) {
		return ALLOWED.get(this).contains(next);
	}

	/** The states the admin has decided and the sync still owns: the scan leaves the record's version alone. */
	public static final Set<WizardItemState> DECIDED = EnumSet.of(APPROVED, PENDING, SUCCEEDED, FAILED, CLEARED);

}
