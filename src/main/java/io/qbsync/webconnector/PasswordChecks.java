package io.qbsync.webconnector;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Web Connector password checks, a bounded number at once. A bcrypt check takes about 100 ms of a core, so a storm of
 * logins is queued here (no database connection held) instead of taking every request thread, core and connection.
 * Logins from one of the username's usual addresses have a lane of their own, so a storm from elsewhere cannot crowd
 * out the company's Web Connector.
 *
 * <p>
 * A Web Connector logs in with the same password at every run. A right password, once checked, is remembered for a
 * while (as an HMAC under a key that lives only in this process, tied to the stored hash, so a new password is never
 * matched by the old one): its next logins skip bcrypt and take no lane. Wrong passwords are never remembered, so a
 * guess always costs a full check.
 */
@Component
class PasswordChecks {

	private final PasswordEncoder encoder;

	private final Semaphore anyAddress;

	private final Semaphore usualAddress;

	private final long waitMillis;

	private final Mac hmac;

	private final long rememberMillis;

	private final Clock clock;

	/** Verified (hash, password) pairs as HMACs, with when they stop counting; oldest first, bounded. */
	private final Map<String, Long> verified = new LinkedHashMap<>(16, 0.75f, false) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > MAX_REMEMBERED;
		}

	};

	private static final int MAX_REMEMBERED = 10_000;

	PasswordChecks(PasswordEncoder encoder, WebConnectorSettings settings, Clock clock) {
		this.clock = clock;
		this.encoder = encoder;
		this.anyAddress = new Semaphore(settings.passwordChecks(), true);
		this.usualAddress = new Semaphore(settings.usualAddressPasswordChecks(), true);
		this.waitMillis = settings.passwordCheckWait().toMillis();
		this.rememberMillis = settings.rememberVerifiedLogin().toMillis();
		try {
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			this.hmac = Mac.getInstance("HmacSHA256");
			this.hmac.init(new SecretKeySpec(key, "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** Whether the password matches the hash; empty when no check was free within the wait (the server is busy). */
	Optional<Boolean> matches(String password, String hash, boolean fromUsualAddress) {
		String key = remembered(hash, (password != null) ? password : "");
		long now = this.clock.millis();
		synchronized (this.verified) {
			Long until = this.verified.get(key);
			if (until != null && until > now) {
				return Optional.of(true);
			}
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
		boolean matches;
		try {
			matches = this.encoder.matches((password != null) ? password : "", hash);
		}
		finally {
			lane.release();
		}
		if (matches && this.rememberMillis > 0) {
			synchronized (this.verified) {
				this.verified.remove(key);
				this.verified.put(key, now + this.rememberMillis);
			}
		}
		return Optional.of(matches);
	}

	private String remembered(String hash, String password) {
		byte[] mac;
		synchronized (this.hmac) {
			this.hmac.update(hash.getBytes(StandardCharsets.UTF_8));
			this.hmac.update((byte) 0);
			mac = this.hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
		}
		return HexFormat.of().formatHex(mac);
	}

}
