package io.qbsync.webconnector;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStateTests {

	@Test
	void onlyAnOpenSessionCanEnd() {
		for (SessionState next : SessionState.values()) {
			boolean ending = next != SessionState.OPEN && next != SessionState.NO_WORK;
			assertThat(SessionState.OPEN.canMoveTo(next)).as("OPEN -> " + next).isEqualTo(ending);
		}
		for (SessionState from : SessionState.values()) {
			if (from != SessionState.OPEN) {
				for (SessionState next : SessionState.values()) {
					assertThat(from.canMoveTo(next)).as(from + " -> " + next).isFalse();
				}
			}
		}
	}

}
