package io.qbsync.system;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The application's password encoder, remembering right passwords: a password that matched a stored hash matches it
 * again without a new bcrypt check (about 100 ms of a core) until it has gone unused for
 * {@code qbsync.passwords.remember-verified}. So the Web Connector's regular logins, HTTP Basic on every API call and
 * the login form cost bcrypt once, not every time.
 * {@code encode} and {@code upgradeEncoding} are the delegate's.
 *
 * <p>
 * Why this is safe. Only a match is remembered: a wrong password always costs a full check, and the throttles in
 * front of every sign-in count it as before. What is kept is not the password but an HMAC-SHA256 of the stored hash
 * and the password under a random key that lives only in this process, so nothing survives a restart. The entry is
 * tied to the hash: a new password is stored as a new hash (bcrypt salts each one), so the old password, remembered
 * or not, is checked against the new hash by bcrypt and fails. A remembered password answers faster, which tells the
 * caller only what it already knows, that the password is right; a hash whose password is public (a timing decoy)
 * must not be checked through this encoder, or its fast answer would give the decoy away.
 */
public final class RememberingPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final long rememberMillis;

	private final int atMost;

	private final Clock clock;

	private final Mac hmac;

	/** HMACs of verified (hash, password) pairs with when they stop counting; oldest first, which expire first. */
	private final LinkedHashMap<ByteBuffer, Long> verified = new LinkedHashMap<>();

	public RememberingPasswordEncoder(PasswordEncoder delegate, PasswordSettings settings, Clock clock) {
		this.delegate = delegate;
		this.rememberMillis = settings.rememberVerified().toMillis();
		this.atMost = settings.rememberedAtMost();
		this.clock = clock;
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

	/** The encoder behind the memory: every call a full check. */
	public PasswordEncoder delegate() {
		return this.delegate;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		if (remembered(rawPassword, encodedPassword)) {
			return true;
		}
		boolean matches = this.delegate.matches(rawPassword, encodedPassword);
		if (matches && rawPassword != null && encodedPassword != null && this.rememberMillis > 0) {
			ByteBuffer key = key(rawPassword, encodedPassword);
			long now = this.clock.millis();
			synchronized (this.verified) {
				for (Iterator<Long> oldest = this.verified.values().iterator(); oldest.hasNext();) {
					if (oldest.next() > now) {
						break;
					}
					oldest.remove();
				}
				this.verified.remove(key);
				this.verified.put(key, now + this.rememberMillis);
				if (this.verified.size() > this.atMost) {
					Iterator<Map.Entry<ByteBuffer, Long>> eldest = this.verified.entrySet().iterator();
					eldest.next();
					eldest.remove();
				}
			}
		}
		return matches;
	}

	/**
	 * Whether this password matched this hash and has been used since within the time it is remembered; never runs a
	 * check. A hit keeps it remembered that long again: a Web Connector that logs in every hour, as most are set to,
	 * would otherwise find it forgotten at every login.
	 */
	public boolean remembered(CharSequence rawPassword, String encodedPassword) {
		if (rawPassword == null || encodedPassword == null || this.rememberMillis <= 0) {
			return false;
		}
		ByteBuffer key = key(rawPassword, encodedPassword);
		long now = this.clock.millis();
		synchronized (this.verified) {
			Long until = this.verified.get(key);
			if (until == null || until <= now) {
				return false;
			}
			// newest last, so that the oldest (which expire first) stay at the front
			this.verified.remove(key);
			this.verified.put(key, now + this.rememberMillis);
			return true;
		}
	}

	private ByteBuffer key(CharSequence rawPassword, String encodedPassword) {
		synchronized (this.hmac) {
			this.hmac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
			this.hmac.update((byte) 0); // a hash has no NUL, so the pair is read back one way only
			return ByteBuffer.wrap(this.hmac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8)));
		}
	}

}
