package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.qbsync.system.GeneratedPasswords;
import io.qbsync.system.PasswordSettings;
import io.qbsync.system.RememberingPasswordEncoder;
import io.qbsync.webconnector.PasswordChecks.Source;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password checks wait for a lane; a right password, once checked, is remembered and takes none, so a Web Connector
 * that logged in before is let in while a storm of wrong passwords holds every lane.
 */
class PasswordChecksTests {

	private final AtomicInteger checks = new AtomicInteger();

	private final PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

	private final CountDownLatch storm = new CountDownLatch(1);

	private final CountDownLatch lanesTaken = new CountDownLatch(2);

	/** bcrypt, counting its checks; a check of "storm" holds its lane until the storm ends. */
	private final PasswordEncoder counting = new PasswordEncoder() {

		@Override
		public String encode(CharSequence raw) {
			return PasswordChecksTests.this.bcrypt.encode(raw);
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			PasswordChecksTests.this.checks.incrementAndGet();
			if ("storm".contentEquals(raw)) {
				PasswordChecksTests.this.lanesTaken.countDown();
				try {
					PasswordChecksTests.this.storm.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return PasswordChecksTests.this.bcrypt.matches(raw, encoded);
		}

	};

	@Test
	void aRightPasswordOnceCheckedTakesNoLaneWhileAStormHoldsThemAll() throws Exception {
		PasswordChecks passwords = new PasswordChecks(new RememberingPasswordEncoder(this.counting,
				new PasswordSettings(Duration.ofHours(1), 100), Clock.systemUTC()), settings());
		String hash = this.bcrypt.encode("the right password");
		assertThat(passwords.matches("the right password", hash, Source.CLEAN_ADDRESS)).contains(true);
		assertThat(this.checks).hasValue(1);

		whileAStormHoldsTheCleanAndUsualLanes(passwords, hash, () -> {
			assertThat(passwords.matches("the right password", hash, Source.CLEAN_ADDRESS)).contains(true);
			assertThat(passwords.matches("the right password", hash, Source.USUAL_ADDRESS)).contains(true);
			// a guess needs a lane, and none is free within the wait: refused as busy, unchecked
			assertThat(passwords.matches("a guess", hash, Source.CLEAN_ADDRESS)).isEmpty();
			assertThat(passwords.matches("a guess", hash, Source.USUAL_ADDRESS)).isEmpty();
			assertThat(this.checks).hasValue(3);
		});
		// with the lanes free, a guess is checked every time
		assertThat(passwords.matches("a guess", hash, Source.CLEAN_ADDRESS)).contains(false);
		assertThat(passwords.matches("a guess", hash, Source.CLEAN_ADDRESS)).contains(false);
		assertThat(this.checks).hasValue(5);
	}

	@Test
	void aPasswordQbsyncGeneratedIsCheckedAtOnceWhileAStormHoldsEveryLane() throws Exception {
		PasswordChecks passwords = new PasswordChecks(new RememberingPasswordEncoder(this.counting,
				new PasswordSettings(Duration.ofHours(1), 100), Clock.systemUTC()), settings());
		String bcryptHash = this.bcrypt.encode("the right password");
		String generated = GeneratedPasswords.generate();
		String generatedHash = GeneratedPasswords.hash(generated);
		assertThat(generatedHash).startsWith("{generated}").doesNotContain(generated);

		whileAStormHoldsTheCleanAndUsualLanes(passwords, bcryptHash, () -> {
			// never seen before, every lane taken, from any address: checked at once, right or wrong
			for (Source source : Source.values()) {
				assertThat(passwords.matches(generated, generatedHash, source)).contains(true);
				assertThat(passwords.matches(generated + "x", generatedHash, source)).contains(false);
				assertThat(passwords.matches("the right password", generatedHash, source)).contains(false);
			}
			// a chosen password never seen before still waits for a lane
			assertThat(passwords.matches("the right password", bcryptHash, Source.CLEAN_ADDRESS)).isEmpty();
			// nor is a generated hash a way around bcrypt's: its password is not the bcrypt hash's
			assertThat(passwords.matches(generated, bcryptHash, Source.CLEAN_ADDRESS)).isEmpty();
			assertThat(this.checks).hasValue(2);
		});
	}

	/** Runs {@code body} while checks of "storm" hold the lanes of clean and usual addresses (one check each). */
	private void whileAStormHoldsTheCleanAndUsualLanes(PasswordChecks passwords, String hash, Runnable body)
			throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> any = threads.submit(() -> passwords.matches("storm", hash, Source.CLEAN_ADDRESS));
			Future<?> usual = threads.submit(() -> passwords.matches("storm", hash, Source.USUAL_ADDRESS));
			assertThat(this.lanesTaken.await(10, TimeUnit.SECONDS)).isTrue();

			body.run();

			this.storm.countDown();
			any.get(10, TimeUnit.SECONDS);
			usual.get(10, TimeUnit.SECONDS);
		}
		finally {
			this.storm.countDown();
			threads.shutdownNow();
		}
	}

	@Test
	void aStormFromFailingAddressesWaitsInItsOwnLaneNotInFrontOfCleanOnes() throws Exception {
		PasswordChecks passwords = new PasswordChecks(new RememberingPasswordEncoder(this.counting,
				new PasswordSettings(Duration.ofHours(1), 100), Clock.systemUTC()), settings());
		String hash = this.bcrypt.encode("the right password");

		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			// the storm's check starts first (once one from elsewhere runs, it would wait for it)
			Future<?> failing = threads.submit(() -> passwords.matches("storm", hash, Source.FAILING_ADDRESS));
			while (this.checks.get() < 1) {
				Thread.sleep(1);
			}
			Future<?> usual = threads.submit(() -> passwords.matches("storm", hash, Source.USUAL_ADDRESS));
			assertThat(this.lanesTaken.await(10, TimeUnit.SECONDS)).isTrue();

			// a first login from an address with no failures is checked at once, right or wrong
			assertThat(passwords.matches("the right password", hash, Source.CLEAN_ADDRESS)).contains(true);
			assertThat(passwords.matches("a guess", hash, Source.CLEAN_ADDRESS)).contains(false);
			// another try from a failing address waits behind the storm and is put off, unchecked
			assertThat(passwords.matches("another guess", hash, Source.FAILING_ADDRESS)).isEmpty();
			assertThat(this.checks).hasValue(4);

			this.storm.countDown();
			failing.get(10, TimeUnit.SECONDS);
			usual.get(10, TimeUnit.SECONDS);
		}
		finally {
			this.storm.countDown();
			threads.shutdownNow();
		}
		assertThat(passwords.matches("another guess", hash, Source.FAILING_ADDRESS)).contains(false);
	}

	@Test
	void aCheckFromAFailingAddressWaitsWhileAnotherAddressIsChecked() throws Exception {
		PasswordChecks passwords = new PasswordChecks(new RememberingPasswordEncoder(this.counting,
				new PasswordSettings(Duration.ofHours(1), 100), Clock.systemUTC()), settings());
		String hash = this.bcrypt.encode("the right password");

		ExecutorService threads = Executors.newFixedThreadPool(1);
		try {
			Future<?> clean = threads.submit(() -> passwords.matches("storm", hash, Source.CLEAN_ADDRESS));
			this.lanesTaken.countDown();
			assertThat(this.lanesTaken.await(10, TimeUnit.SECONDS)).isTrue();
			// its own lane is free, but a clean address's check runs: put off, unchecked
			assertThat(passwords.matches("a guess", hash, Source.FAILING_ADDRESS)).isEmpty();
			assertThat(this.checks).hasValue(1);

			this.storm.countDown();
			clean.get(10, TimeUnit.SECONDS);
		}
		finally {
			this.storm.countDown();
			threads.shutdownNow();
		}
		assertThat(passwords.matches("a guess", hash, Source.FAILING_ADDRESS)).contains(false);
		assertThat(this.checks).hasValue(2);
	}

	private static WebConnectorSettings settings() {
		return new WebConnectorSettings(Duration.ofMinutes(20), "2.1.0.30", "2.3.0.36", 3, Duration.ofMinutes(15),
				Duration.ofSeconds(2), Duration.ofMinutes(15), 100, 20, 1, 1, 1, Duration.ofMillis(100), 200,
				Duration.ofMinutes(5), 8, Duration.ofSeconds(60), 30, 1);
	}

}
