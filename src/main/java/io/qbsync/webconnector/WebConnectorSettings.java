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
 * @param freeFailedLogins wrong passwords in a row from one address that cost no wait (typos)
 * @param failedLoginWindow a username's failures from an address are forgotten this long after the last one
 * @param firstLoginDelay the wait after the first failure past the free ones; it doubles with each further failure
 * @param maxLoginDelay the longest wait; a username and address held back are refused, right password or not
 * @param failedLoginsPerUsername failures for one username from all addresses together, within the window, past
 *        which only its usual addresses are let try (a storm from many addresses cannot guess on for free)
 * @param failedLoginsPerAddress failures from one address for all usernames together, within the window, past which
 *        that address may try only the usernames it usually logs in for (one address spraying many names is stopped)
 * @param passwordChecks password checks (bcrypt, ~100 ms of a core each) run at once for logins from an address with
 *        no recent failure; more wait their turn
 * @param usualAddressPasswordChecks checks reserved for logins from an address the username logged in from before
 * @param failingAddressPasswordChecks checks for logins from an address with recent failures (any username): a storm
 *        waits here, among its own, not in front of Web Connectors logging in from clean addresses
 * @param passwordCheckWait how long a login waits for its check before it is refused as busy
 * @param maxActiveSessions open sessions the server takes at once; more are told to come back later
 * @param busyPostpone how long a Web Connector turned away for load is asked to wait
 * @param concurrentCalls Web Connector calls answered inside a transaction at once (keep it at most half the pool)
 * @param callWait how long a call waits for its turn before it is refused as busy
 * @param addressCallBurst calls to {@code /qbwc} an address sends at once before its rate applies, unless it proved
 *        lately to be a real Web Connector's (a right password or a live session's ticket from there)
 * @param addressCallsPerSecond calls a second after the burst, for such an address; more are refused at once
 */
@ConfigurationProperties("qbsync.webconnector")
public record WebConnectorSettings(@DefaultValue("20m") Duration sessionTimeout,
		@DefaultValue("2.1.0.30") String minClientVersion, @DefaultValue("2.3.0.36") String recommendedClientVersion,
		@DefaultValue("3") int freeFailedLogins, @DefaultValue("15m") Duration failedLoginWindow,
		@DefaultValue("2s") Duration firstLoginDelay, @DefaultValue("15m") Duration maxLoginDelay,
		@DefaultValue("100") int failedLoginsPerUsername, @DefaultValue("20") int failedLoginsPerAddress,
		@DefaultValue("2") int passwordChecks, @DefaultValue("2") int usualAddressPasswordChecks,
		@DefaultValue("1") int failingAddressPasswordChecks,
		@DefaultValue("5s") Duration passwordCheckWait, @DefaultValue("200") int maxActiveSessions,
		@DefaultValue("5m") Duration busyPostpone,
		@DefaultValue("8") int concurrentCalls, @DefaultValue("60s") Duration callWait,
		@DefaultValue("30") int addressCallBurst, @DefaultValue("1") double addressCallsPerSecond) {
}
