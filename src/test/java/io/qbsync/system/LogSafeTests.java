package io.qbsync.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a caller's text looks like in a log line: one line, whatever it held. */
class LogSafeTests {

	@Test
	void lineBreaksAndControlCharactersAreEscaped() {
		assertThat(LogSafe.text("a\r\nb\nc\td\\e")).isEqualTo("a\\r\\nb\\nc\\td\\\\e");
		assertThat(LogSafe.text("x\u2028y\u2029z\u0085\u001b[31m")).isEqualTo("x\\u2028y\\u2029z\\u0085\\u001b[31m");
		assertThat(LogSafe.text("plain-user.name@example")).isEqualTo("plain-user.name@example");
		assertThat(LogSafe.text("Zoë Ørsted")).isEqualTo("Zoë Ørsted");
		assertThat(LogSafe.text(null)).isEqualTo("null");
	}

	@Test
	void longTextIsCut() {
		assertThat(LogSafe.text("u".repeat(500))).hasSize(103).endsWith("...");
	}

}
