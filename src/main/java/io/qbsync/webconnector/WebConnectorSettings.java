package io.qbsync.webconnector;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Web Connector endpoint.
 *
 * @param sessionTimeout a session with no call for this long is over; its unanswered document becomes uncertain
 * @param minClientVersion older Web Connectors are refused
 * @param recommendedClientVersion older Web Connectors get a warning they can click through
 * @param maxFailedLogins wrong passwords in a row that lock a username
 * @param failedLoginWindow failures older than this are forgotten
 * @param lockout how long a locked username is refused, right password or not
 * @param maxActiveSessions open sessions the server takes at once; more are told to come back later
 * @param busyPostpone how long a Web Connector turned away for load is asked to wait
 */
@ConfigurationProperties("qbsync.webconnector")
public record WebConnectorSettings(@DefaultValue("20m") Duration sessionTimeout,
		@DefaultValue("2.1.0.30") String minClientVersion, @DefaultValue("2.3.0.36") String recommendedClientVersion,
		@DefaultValue("5") int maxFailedLogins, @DefaultValue("15m") Duration failedLoginWindow,
		@DefaultValue("15m") Duration lockout, @DefaultValue("200") int maxActiveSessions,
		@DefaultValue("5m") Duration busyPostpone) {
}
