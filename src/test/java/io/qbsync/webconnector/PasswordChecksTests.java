package io.qbsync.webconnector;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** A right password is checked by bcrypt once and then remembered; wrong ones always cost a check. */
class PasswordChecksTests {

	private final AtomicInteger checks = new AtomicInteger();

	private final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

	private final PasswordEncoder counting = new PasswordEncoder() {

		@Override
		public String encode(CharSequence raw) {
			return PasswordChecksTests.this.bcrypt.encode(raw);
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			PasswordChecksTests.this.checks.incrementAndGet();
			return PasswordChecksTests.this.bcrypt.matches(raw, encoded);
		}

	};

	@Test
	void aRightPasswordIsCheckedOnceThenRememberedForItsHashOnly() {
		PasswordChecks passwords = new PasswordChecks(this.counting, settings(Duration.ofHours(1)),
				java.time.Clock.systemUTC());
		String hash = this.bcrypt.encode("the right password");

		assertThat(passwords.matches("the right password", hash, false)).contains(true);
		assertThat(passwords.matches("the right password", hash, false)).contains(true);
		assertThat(passwords.matches("the right password", hash, true)).contains(true);
		assertThat(this.checks).hasValue(1);

		// wrong passwords are never remembered: every guess is a full check
		assertThat(passwords.matches("a guess", hash, false)).contains(false);
		assertThat(passwords.matches("a guess", hash, false)).contains(false);
		assertThat(this.checks).hasValue(3);

		// a new password (a new hash): the old one no longer matches, and is checked to find that out
		String changed = this.bcrypt.encode("a new password");
		assertThat(passwords.matches("the right password", changed, false)).contains(false);
		assertThat(this.checks).hasValue(4);
	}

	@Test
	void withRememberingOffEveryLoginIsChecked() {
		PasswordChecks passwords = new PasswordChecks(this.counting, settings(Duration.ZERO),
				java.time.Clock.systemUTC());
		String hash = this.bcrypt.encode("the right password");
		passwords.matches("the right password", hash, false);
		passwords.matches("the right password", hash, false);
		assertThat(this.checks).hasValue(2);
	}

	private static WebConnectorSettings settings(Duration remember) {
		return new WebConnectorSettings(Duration.ofMinutes(20), "2.1.0.30", "2.3.0.36", 3, Duration.ofMinutes(15),
				Duration.ofSeconds(2), Duration.ofMinutes(15), 100, 2, 2, Duration.ofSeconds(5), 200, Duration.ofMinutes(5),
				remember, 8, Duration.ofSeconds(60));
	}

}
