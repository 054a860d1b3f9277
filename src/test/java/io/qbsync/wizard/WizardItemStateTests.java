package io.qbsync.wizard;

import org.junit.jupiter.api.Test;

import static io.qbsync.wizard.WizardItemState.APPROVED;
import static io.qbsync.wizard.WizardItemState.CLEARED;
import static io.qbsync.wizard.WizardItemState.FAILED;
import static io.qbsync.wizard.WizardItemState.OPEN;
import static io.qbsync.wizard.WizardItemState.PENDING;
import static io.qbsync.wizard.WizardItemState.SUCCEEDED;
import static io.qbsync.wizard.WizardItemState.WITHDRAWN;
import static org.assertj.core.api.Assertions.assertThat;

class WizardItemStateTests {

	@Test
	void anItemIsApprovedBeforeItIsReleasedAndSucceededIsTheEnd() {
		assertThat(OPEN.canMoveTo(APPROVED)).isTrue();
		assertThat(OPEN.canMoveTo(PENDING)).as("nothing is released without approval").isFalse();
		assertThat(APPROVED.canMoveTo(PENDING)).isTrue();
		assertThat(PENDING.canMoveTo(APPROVED)).as("retry, refresh, lost Add not found").isTrue();
		assertThat(PENDING.canMoveTo(OPEN)).isFalse();
		assertThat(FAILED.canMoveTo(APPROVED)).as("Resync").isTrue();
		assertThat(FAILED.canMoveTo(PENDING)).as("a resynced item is released again first").isFalse();
		assertThat(CLEARED.canMoveTo(OPEN)).as("undo").isTrue();
		assertThat(CLEARED.canMoveTo(APPROVED)).isFalse();
		for (WizardItemState end : new WizardItemState[] { SUCCEEDED, WITHDRAWN }) {
			for (WizardItemState next : WizardItemState.values()) {
				assertThat(end.canMoveTo(next)).as(end + " -> " + next).isFalse();
			}
		}
	}

}
