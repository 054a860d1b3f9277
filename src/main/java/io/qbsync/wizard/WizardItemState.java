package io.qbsync.wizard;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a wizard item. Only OPEN items are shown for approval; the scan refreshes an OPEN item in place.
 *
 * <ul>
 * <li>OPEN: waiting for the admin.</li>
 * <li>APPROVED: the admin approved it (release takes it from here).</li>
 * <li>CLEARED: the admin cleared it; it returns only if the record changes again.</li>
 * <li>WITHDRAWN: nothing is left to do (the record went back to what QuickBooks has, or was deleted before it
 * ever synced).</li>
 * </ul>
 */
public enum WizardItemState {

	OPEN, APPROVED, CLEARED, WITHDRAWN;

	private static final Map<WizardItemState, Set<WizardItemState>> ALLOWED = Map.of(
			OPEN, EnumSet.of(APPROVED, CLEARED, WITHDRAWN),
			APPROVED, EnumSet.noneOf(WizardItemState.class),
			CLEARED, EnumSet.of(OPEN),
			WITHDRAWN, EnumSet.noneOf(WizardItemState.class));

	public boolean canMoveTo(WizardItemState next) {
		return ALLOWED.get(this).contains(next);
	}

}
