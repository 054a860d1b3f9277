package io.qbsync.outbox;

import org.junit.jupiter.api.Test;

import static io.qbsync.outbox.OutboxState.ANSWERED;
import static io.qbsync.outbox.OutboxState.FAILED;
import static io.qbsync.outbox.OutboxState.QUEUED;
import static io.qbsync.outbox.OutboxState.SENT;
import static io.qbsync.outbox.OutboxState.UNCERTAIN;
import static org.assertj.core.api.Assertions.assertThat;

class OutboxStateTests {

	@Test
	void aDocumentIsSentBeforeItCanBeAnsweredAndEndsThere() {
		assertThat(QUEUED.canMoveTo(SENT)).isTrue();
		assertThat(QUEUED.canMoveTo(FAILED)).isTrue();
		assertThat(QUEUED.canMoveTo(ANSWERED)).isFalse();
		assertThat(SENT.canMoveTo(ANSWERED)).isTrue();
		assertThat(SENT.canMoveTo(UNCERTAIN)).isTrue();
		assertThat(SENT.canMoveTo(QUEUED)).as("a sent document is never queued again blindly").isFalse();
		for (OutboxState end : new OutboxState[] { ANSWERED, FAILED, UNCERTAIN }) {
			for (OutboxState next : OutboxState.values()) {
				assertThat(end.canMoveTo(next)).as(end + " -> " + next).isFalse();
			}
		}
	}

}
