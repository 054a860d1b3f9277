package io.qbsync.wizard;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ItemTransitionsTests {

	private final ItemTransitions items = new ItemTransitions(null);

	@Test
	void aTransitionTheTableDoesNotAllowIsRefusedBeforeTheDatabaseIsTouched() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.items.withdraw(1, WizardItemState.SUCCEEDED, "too late", Instant.now()))
			.withMessageContaining("SUCCEEDED to WITHDRAWN");
	}

}
