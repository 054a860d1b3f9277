package io.qbsync.retention;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Retention settings that make no sense stop the application with the key and what to write instead. */
class RetentionSettingsTests {

	private static final Duration DAY = Duration.ofDays(1);

	@Test
	void refusesAnAgeThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetentionSettings(Duration.ZERO, DAY, DAY, DAY, DAY, DAY, 10))
			.withMessageContaining("qbsync.retention.outbox-bodies")
			.withMessageContaining("30d");
	}

	@Test
	void refusesAFailedJobAgeShorterThanTheFinishedOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetentionSettings(DAY, DAY, Duration.ofDays(90), Duration.ofDays(30), DAY, DAY, 10))
			.withMessageContaining("qbsync.retention.failed-job-metadata");
	}

	@Test
	void refusesABatchSizeOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetentionSettings(DAY, DAY, DAY, DAY, DAY, DAY, 0))
			.withMessageContaining("qbsync.retention.batch-size");
	}

}
