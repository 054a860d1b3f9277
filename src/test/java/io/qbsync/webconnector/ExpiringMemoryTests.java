package io.qbsync.webconnector;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's small memories stay small and forget in time. */
class ExpiringMemoryTests {

	@Test
	void pastItsSizeTheOldestWriteGoesFirst() {
		ExpiringMemory<String, Integer> memory = new ExpiringMemory<>(Duration.ofHours(1), 3);
		memory.put("a", 1);
		memory.put("b", 2);
		memory.put("c", 3);
		memory.put("a", 4);
		memory.put("d", 5);

		assertThat(memory.size()).isEqualTo(3);
		assertThat(memory.get("b")).isNull();
		assertThat(memory.get("a")).isEqualTo(4);
		assertThat(memory.get("d")).isEqualTo(5);
	}

	@Test
	void anEntryIsForgottenItsTimeAfterItsLastWrite() throws InterruptedException {
		ExpiringMemory<String, Integer> memory = new ExpiringMemory<>(Duration.ofMillis(50), 10);
		memory.put("a", 1);
		assertThat(memory.update("a", (n) -> n + 1)).isEqualTo(2);
		Thread.sleep(80);

		assertThat(memory.get("a")).isNull();
		assertThat(memory.update("a", (n) -> (n == null) ? 10 : n + 1)).isEqualTo(10);
	}

}
