package io.qbsync.webconnector;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.qbsync.system.RememberingPasswordEncoder;

import org.springframework.stereotype.Component;

/**
 * Web Connector password checks, a bounded number at once. A bcrypt check takes about 100 ms of a core, so a storm of
 * logins is queued here (no database connection held) instead of taking every request thread, core and connection.
 * Logins from one of the username's usual addresses have a lane of their own, so a storm from elsewhere cannot crowd
 * out the company's Web Connector. A right password the encoder remembers ({@link RememberingPasswordEncoder}) takes
 * no lane: a Web Connector's regular logins do not queue behind a storm of wrong ones, which are never remembered.
 */
@Component
class PasswordChecks {

	private final RememberingPasswordEncoder encoder;

	private final Semaphore anyAddress;

	private final Semaphore usualAddress;

	private final long waitMillis;

	PasswordChecks(RememberingPasswordEncoder encoder, WebConnectorSettings settings) {
		this.encoder = encoder;
		this.anyAddress = new Semaphore(settings.passwordChecks(), true);
		this.usualAddress = new Semaphore(settings.usualAddressPasswordChecks(), true);
		this.waitMillis = settings.passwordCheckWait().toMillis();
	}

	/** Whether the password matches the hash; empty when no check was free within the wait (the server is busy). */
	Optional<Boolean> matches(String password, String hash, boolean fromUsualAddress) {
		String raw = (password != null) ? password : "";
		if (this.encoder.remembered(raw, hash)) {
			return Optional.of(true);
		}
		Semaphore lane = fromUsualAddress ? this.usualAddress : this.anyAddress;
		try {
			if (!lane.tryAcquire(this.waitMillis, TimeUnit.MILLISECONDS)) {
				return Optional.empty();
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
