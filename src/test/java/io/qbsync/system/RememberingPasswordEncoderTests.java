package io.qbsync.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.qbsync.sandbox.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A right password costs bcrypt once, then is remembered for its hash only, for a while, a bounded number of them;
 * a wrong one costs a full check every time.
 */
class RememberingPasswordEncoderTests {

	private final AtomicInteger checks = new AtomicInteger();

	private final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

	private final MutableClock clock = MutableClock.at("2026-12-07T06:00:00Z");

	/** bcrypt, counting its checks. */
	private final PasswordEncoder counting = new PasswordEncoder() {

		@Override
		public String encode(CharSequence raw) {
			return RememberingPasswordEncoderTests.this.bcrypt.encode(raw);
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			RememberingPasswordEncoderTests.this.checks.incrementAndGet();
			return RememberingPasswordEncoderTests.this.bcrypt.matches(raw, encoded);
		}

		@Override
		public boolean upgradeEncoding(String encoded) {
			return encoded.startsWith("$2a$04$");
		}

	};

	private final String hash = this.bcrypt.encode("the right password");

	@Test
	void aRightPasswordIsCheckedOnceThenRemembered() {
		RememberingPasswordEncoder encoder = encoder(Duration.ofHours(1), 100);
		assertThat(encoder.remembered("the right password", this.hash)).isFalse();
		assertThat(encoder.matches("the right password", this.hash)).isTrue();
		assertThat(encoder.matches("the right password", this.hash)).isTrue();
		assertThat(encoder.matches("the right password", this.hash)).isTrue();
		assertThat(encoder.remembered("the right password", this.hash)).isTrue();
		assertThat(this.checks).hasValue(1);
	}

	@Test
	void aWrongPasswordIsNeverRememberedAndAlwaysCostsACheck() {
		RememberingPasswordEncoder encoder = encoder(Duration.ofHours(1), 100);
		assertThat(encoder.matches("a guess", this.hash)).isFalse();
		assertThat(encoder.matches("a guess", this.hash)).isFalse();
		assertThat(encoder.remembered("a guess", this.hash)).isFalse();
		assertThat(this.checks).hasValue(2);

		// the right password remembered does not let a near miss through
		encoder.matches("the right password", this.hash);
		assertThat(encoder.matches("the right password ", this.hash)).isFalse();
		assertThat(encoder.matches("The right password", this.hash)).isFalse();
		assertThat(this.checks).hasValue(5);
	}

	@Test
	void aNewHashIsNotMatchedByTheOldPassword() {
		RememberingPasswordEncoder encoder = encoder(Duration.ofHours(1), 100);
		assertThat(encoder.matches("the right password", this.hash)).isTrue();

		// a password change stores a new hash: the old password, remembered for the old hash, is checked and fails
		String changed = this.bcrypt.encode("a new password");
		assertThat(encoder.matches("the right password", changed)).isFalse();
		assertThat(encoder.matches("a new password", changed)).isTrue();
		assertThat(this.checks).hasValue(3);
		// even the same password set again is a new hash (a new salt), checked once more
		String again = this.bcrypt.encode("the right password");
		assertThat(encoder.matches("the right password", again)).isTrue();
		assertThat(this.checks).hasValue(4);
	}

	@Test
	void aRightPasswordIsRememberedWhileItIsUsedWithinTheTimeToLive() {
		RememberingPasswordEncoder encoder = encoder(Duration.ofMinutes(15), 100);
		encoder.matches("the right password", this.hash);
		this.clock.advance(Duration.ofMinutes(14));
		assertThat(encoder.matches("the right password", this.hash)).isTrue();
		assertThat(this.checks).hasValue(1);

		// each use keeps it for the time to live again: used every 14 minutes, it is never checked again
		for (int i = 0; i < 10; i++) {
			this.clock.advance(Duration.ofMinutes(14));
			assertThat(encoder.matches("the right password", this.hash)).isTrue();
		}
		assertThat(this.checks).hasValue(1);

		// unused for the time to live, it is forgotten, checked again, and remembered anew
		this.clock.advance(Duration.ofMinutes(15));
		assertThat(encoder.remembered("the right password", this.hash)).isFalse();
		assertThat(encoder.matches("the right password", this.hash)).isTrue();
		assertThat(this.checks).hasValue(2);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(encoder.matches("the right password", this.hash)).isTrue();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void atMostTheBoundIsRememberedTheOldestGoingFirst() {
		RememberingPasswordEncoder encoder = encoder(Duration.ofHours(1), 2);
		String second = this.bcrypt.encode("second password");
		String third = this.bcrypt.encode("third password");
		encoder.matches("the right password", this.hash);
		encoder.matches("second password", second);
		encoder.matches("third password", third);
		assertThat(this.checks).hasValue(3);

		assertThat(encoder.remembered("the right password", this.hash)).isFalse();
		assertThat(encoder.remembered("second password", second)).isTrue();
		assertThat(encoder.remembered("third password", third)).isTrue();
		assertThat(encoder.matches("the right password", this.hash)).isTrue();
		assertThat(this.checks).hasValue(4);
		// checked again, it is the newest now, and the second is the one that went
		assertThat(encoder.remembered("second password", second)).isFalse();
		assertThat(encoder.remembered("third password", third)).isTrue();
	}

	@Test
	void withRememberingOffEveryMatchIsChecked() {
		RememberingPasswordEncoder encoder = encoder(Duration.ZERO, 100);
		encoder.matches("the right password", this.hash);
		encoder.matches("the right password", this.hash);
		assertThat(encoder.remembered("the right password", this.hash)).isFalse();
		assertThat(this.checks).hasValue(2);
	}

	@Test
	void encodingIsTheDelegates() {
		RememberingPasswordEncoder encoder = encoder(Duration.ofHours(1), 100);
		String encoded = encoder.encode("a password");
		assertThat(this.bcrypt.matches("a password", encoded)).isTrue();
		assertThat(encoder.upgradeEncoding(encoded)).isTrue();
		assertThat(encoder.upgradeEncoding("$2a$10$abc")).isFalse();
		// encoding is not a check: nothing is remembered by it
		assertThat(encoder.remembered("a password", encoded)).isFalse();
	}

	@Test
	void signInRemembersRightPasswordsButNotTheUnknownUsernameDecoy() {
		RememberingPasswordEncoder encoder = encoder(Duration.ofHours(1), 100);
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
				User.withUsername("alice").password(this.hash).roles(AdminUsers.ROLE_ADMIN).build());
		DaoAuthenticationProvider signIn = SecurityConfiguration.passwordCheck(users, encoder);

		assertThat(signIn.authenticate(token("alice", "the right password")).isAuthenticated()).isTrue();
		assertThat(signIn.authenticate(token("alice", "the right password")).isAuthenticated()).isTrue();
		int afterRight = this.checks.get();
		assertThat(afterRight).isEqualTo(1);

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> signIn.authenticate(token("alice", "a guess")));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> signIn.authenticate(token("alice", "a guess")));
		assertThat(this.checks).hasValue(afterRight + 2);

		// an unknown username is compared with a decoy whose password is public: the decoy is never remembered, so
		// the second try takes as long as the first and a missing username does not answer faster than a real one
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadCredentialsException.class)
				.isThrownBy(() -> signIn.authenticate(token("nobody", "userNotFoundPassword")));
		}
		assertThat(this.checks).hasValue(afterRight + 4);
	}

	private RememberingPasswordEncoder encoder(Duration remember, int atMost) {
		return new RememberingPasswordEncoder(this.counting, new PasswordSettings(remember, atMost), this.clock);
	}

	private static UsernamePasswordAuthenticationToken token(String username, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
	}

}
