package io.qbsync.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderTests {

	@Test
	void theLastCheckInReadsAsPeopleSayIt() {
		assertThat(Header.ago(Duration.ofSeconds(20))).isEqualTo("just now");
		assertThat(Header.ago(Duration.ofMinutes(12))).isEqualTo("12 min ago");
		assertThat(Header.ago(Duration.ofMinutes(200))).isEqualTo("3 h ago");
		assertThat(Header.ago(Duration.ofDays(3))).isEqualTo("3 days ago");
	}

}
