package io.qbsync.wizard;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SyncItemsTests {

	private final SyncItems items = new SyncItems(null);

	@Test
	void aMoveTheTransitionTableDoesNotAllowIsRefusedBeforeTheDatabaseIsTouched() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.items.move(1, WizardItemState.SUCCEEDED, WizardItemState.PENDING, Instant.now()))
			.withMessageContaining("SUCCEEDED to PENDING");
	}

	@Test
	void onlyPlainColumnNamesCanBeSet() {
		assertThatIllegalArgumentException().isThrownBy(() -> SyncItems.Column.of("state = 'X', id", 1));
	}

}
