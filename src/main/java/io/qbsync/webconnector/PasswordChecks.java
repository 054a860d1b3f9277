package io.qbsync.webconnector;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.qbsync.system.GeneratedPasswords;
import io.qbsync.system.RememberingPasswordEncoder;

import org.springframework.stereotype.Component;

/**
 * Web Connector password checks, a bounded number at once. A bcrypt check takes about 100 ms of a core, so a storm of
 * logins is queued here (no database connection held) instead of taking every request thread, core and connection.
 * Each {@link Source} has a lane of its own: logins from one of the username's usual addresses, from addresses with no
 * recent failure, and from addresses that failed lately. A storm fails at once, so it queues in the last lane, among its
 * own, and cannot crowd out a company's Web Connector, even one logging in from a new address; and a check in that lane
 * starts only while no other check runs, so the storm does not take the cores from them either. A right password the encoder remembers ({@link RememberingPasswordEncoder}) takes
 * no lane: a Web Connector's regular logins do not queue behind a storm of wrong ones, which are never remembered.
 * Nor does a password qbsync generated ({@link GeneratedPasswords}), whose check is a SHA-256.
 */
@Component
class PasswordChecks {

	private final RememberingPasswordEncoder encoder;

	/** Where a login comes from, as far as its place in the queue goes. */
	enum Source {

		/** An address the username logged in from before. */
		USUAL_ADDRESS,

		/** Another address, with no failed login lately. */
		CLEAN_ADDRESS,

		/** An address with failed logins lately, for any username. */
		FAILING_ADDRESS

	}

	private final int cleanChecks;

	private final int usualChecks;

	private final Semaphore cleanAddress;

	private final Semaphore usualAddress;

	private final Semaphore failingAddress;

	private final long waitMillis;

	PasswordChecks(RememberingPasswordEncoder encoder, WebConnectorSettings settings) {
		this.encoder = encoder;
		this.cleanChecks = settings.passwordChecks();
		this.usualChecks = settings.usualAddressPasswordChecks();
		this.cleanAddress = new Semaphore(settings.passwordChecks(), true);
		this.usualAddress = new Semaphore(settings.usualAddressPasswordChecks(), true);
		this.failingAddress = new Semaphore(settings.failingAddressPasswordChecks(), true);
		this.waitMillis = settings.passwordCheckWait().toMillis();
	}

	private boolean othersChecking() {
		return this.cleanAddress.availablePermits() < this.cleanChecks
				|| this.usualAddress.availablePermits() < this.usualChecks;
	}

	/** Whether the password matches the hash; empty when no check was free within the wait (the server is busy). */
	Optional<Boolean> matches(String password, String hash, Source source) {
		String raw = (password != null) ? password : "";
		if (GeneratedPasswords.isGenerated(hash)) {
			// a SHA-256, microseconds: nothing to queue for, nothing worth remembering
			return Optional.of(GeneratedPasswords.matches(raw, hash));
		}
		if (this.encoder.remembered(raw, hash)) {
			return Optional.of(true);
		}
		Semaphore lane = switch (source) {
			case USUAL_ADDRESS -> this.usualAddress;
			case CLEAN_ADDRESS -> this.cleanAddress;
			case FAILING_ADDRESS -> this.failingAddress;
		};
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.waitMillis);
		try {
			if (!lane.tryAcquire(this.waitMillis, TimeUnit.MILLISECONDS)) {
				return Optional.empty();
			}
			// a storm's checks take the cores only when no one else's check wants them
			while (source == Source.FAILING_ADDRESS && othersChecking()) {
				if (System.nanoTime() > deadline) {
					lane.release();
					return Optional.empty();
				}
				Thread.sleep(5);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		try {
			return Optional.of(this.encoder.matches(raw, hash));
		}
		finally {
			lane.release();
		}
	}

}
