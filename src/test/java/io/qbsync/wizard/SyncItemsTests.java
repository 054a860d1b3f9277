package io.qbsync.wizard;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SyncItemsTests {

	private final SyncItems items = new SyncItems(null);

	@Test
	void aTransitionTheTableDoesNotAllowIsRefusedBeforeTheDatabaseIsTouched() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.items.withdraw(1, WizardItemState.SUCCEEDED, "too late", Instant.now()))
			.withMessageContaining("SUCCEEDED to WITHDRAWN");
	}

}
