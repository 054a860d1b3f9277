package io.qbsync.system;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Sign-in to the pages (login form) and the API (HTTP Basic) with a limit on guessing: after
 * {@code max-failed-logins} wrong passwords for one username from one source address within the window, that
 * username is refused from that address for the lockout, even with the right password. Other addresses are not
 * held back, so someone who knows a username cannot lock its owner out. A right password clears the count.
 */
class ThrottledAuthentication implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(ThrottledAuthentication.class);

	private final AuthenticationProvider passwords;

	private final AdminLoginFailures failures;

	private final AdminLoginSettings settings;

	private final Clock clock;

	ThrottledAuthentication(AuthenticationProvider passwords, AdminLoginFailures failures, AdminLoginSettings settings,
			Clock clock) {
		this.passwords = passwords;
		this.failures = failures;
		this.settings = settings;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String username = (authentication.getName() != null) ? authentication.getName().strip() : "";
		if (username.isEmpty() || username.length() > 64) {
			throw new BadCredentialsException("Bad credentials"); // no user has such a name
		}
		Instant now = this.clock.instant();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails web
				&& web.getRemoteAddress() != null) ? web.getRemoteAddress() : "unknown";
		Optional<AdminLoginFailures.Row> before = this.failures.find(username, address);
		if (before.isPresent() && before.get().lockedAt(now)) {
			log.warn("Sign-in for '{}' from {} refused: locked after repeated failures from there",
					LogSafe.text(username), address);
			throw new LockedException("Too many wrong passwords for this username: try again later.");
		}
		Authentication result;
		try {
			result = this.passwords.authenticate(authentication);
		}
		catch (BadCredentialsException ex) {
			this.failures.recordFailure(username, address, now, this.settings.maxFailedLogins(),
					this.settings.failedLoginWindow(), this.settings.lockout());
			log.warn("Sign-in for '{}' from {} refused: wrong username or password", LogSafe.text(username), address);
			throw ex;
		}
		if (before.isPresent()) {
			this.failures.clear(username, address);
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.passwords.supports(authentication);
	}

}
