package io.qbsync.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How right passwords are remembered ({@link RememberingPasswordEncoder}): by the Web Connector's logins, HTTP Basic
 * on the API and the login form alike.
 *
 * @param rememberVerified how long a right password, once checked by bcrypt, is let in again without a check after its
 *        last use (0: never); longer than the Web Connector's schedule (every hour is usual), so that its regular
 *        logins are not checked each time
 * @param rememberedAtMost the most (stored hash, password) pairs remembered at once; past it the oldest go first
 */
@ConfigurationProperties("qbsync.passwords")
public record PasswordSettings(@DefaultValue("3h") Duration rememberVerified,
		@DefaultValue("10000") int rememberedAtMost) {
}
