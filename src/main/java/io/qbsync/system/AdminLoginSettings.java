package io.qbsync.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How sign-ins to the pages and the API (login form and HTTP Basic) are throttled.
 *
 * @param maxFailedLogins wrong passwords for one username within {@code failedLoginWindow} that lock it
 * @param failedLoginWindow how long failures are counted together
 * @param lockout how long a locked username is refused, even with the right password
 */
@ConfigurationProperties("qbsync.admin-login")
public record AdminLoginSettings(@DefaultValue("5") int maxFailedLogins, @DefaultValue("15m") Duration failedLoginWindow,
		@DefaultValue("15m") Duration lockout) {
}
