package io.qbsync.webconnector;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.qbsync.company.WebConnectorPasswordChanged;
import io.qbsync.delivery.Deliveries;
import io.qbsync.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How a Web Connector session ends other than by an answer: superseded, expired, revoked by a password change,
 * failed or closed. A document it sent whose answer never came back is marked UNCERTAIN (delivery looks before it
 * sends again), and the session's delivery execution ends with it.
 */
@Component
class SessionEnds {

	private static final Logger log = LoggerFactory.getLogger(SessionEnds.class);

	static final String PASSWORD_CHANGED = "qbsync ended this session because the company's Web Connector password "
			+ "was changed. Type the new password into the Web Connector (right-click the application, or the Password "
			+ "column) and run it again.";

	private final WebConnectorSessions sessions;

	private final Outbox outbox;

	private final Deliveries deliveries;

	private final LoginThrottle throttle;

	private final WebConnectorSettings settings;

	private final Clock clock;

	SessionEnds(WebConnectorSessions sessions, Outbox outbox, Deliveries deliveries, LoginThrottle throttle,
			WebConnectorSettings settings, Clock clock) {
		this.sessions = sessions;
		this.outbox = outbox;
		this.deliveries = deliveries;
		this.throttle = throttle;
		this.settings = settings;
		this.clock = clock;
	}

	/** Ends an open session as {@code to}; what it sent and never got an answer to becomes UNCERTAIN. */
	void end(long sessionId, SessionState to, Instant now, String why) {
		int uncertain = this.outbox.markSessionUncertain(sessionId, why, now);
		this.sessions.end(sessionId, SessionState.OPEN, to, now);
		endDelivery(sessionId, to != SessionState.CLOSED || uncertain > 0);
		if (uncertain > 0) {
			log.warn("Session {} ended as {} with {} document(s) sent but not answered: marked UNCERTAIN", sessionId, to,
					uncertain);
		}
	}

	/** Ends the Spring Batch execution of the session's delivery, if it had one. */
	void endDelivery(long sessionId, boolean sessionFailed) {
		this.sessions.deliveryExecution(sessionId)
			.ifPresent((execution) -> this.deliveries.endDelivery(execution, sessionFailed, 0));
	}

	/** Ends open sessions that have had no call within the timeout, and tidies up after them. Returns how many. */
	int expireStale(int limit) {
		Instant now = this.clock.instant();
		List<Long> stale = this.sessions.lockStale(now.minus(this.settings.sessionTimeout()), limit);
		for (long id : stale) {
			end(id, SessionState.EXPIRED, now,
					"The session ended (no call from the Web Connector) before QuickBooks' answer came back");
		}
		if (!stale.isEmpty()) {
			log.info("Expired {} Web Connector session(s) with no activity", stale.size());
		}
		this.throttle.forget(now.minus(WebConnectorLogins.FAILURES_SHOWN),
				now.minus(WebConnectorLogins.USUAL_ADDRESS_KEPT));
		try {
			int abandoned = this.deliveries.endAbandoned();
			if (abandoned > 0) {
				log.warn("Ended {} delivery execution(s) left running without their session", abandoned);
			}
		}
		catch (RuntimeException ex) {
			// never let the tidy-up of job views stop sessions from expiring; the next run tries again
			log.warn("Could not end abandoned delivery executions: {}", ex.getMessage());
		}
		return stale.size();
	}

	/**
	 * The company's Web Connector password changed: its open sessions end at once, in the transaction of the change,
	 * so a ticket got with the old password sends nothing more.
	 */
	@EventListener
	void passwordChanged(WebConnectorPasswordChanged event) {
		Instant now = this.clock.instant();
		for (long open : this.sessions.lockOpen(event.companyId())) {
			this.sessions.recordError(open, PASSWORD_CHANGED, now);
			end(open, SessionState.REVOKED, now,
					"The Web Connector password changed before QuickBooks' answer came back");
			log.info("Session {} of company {} ended: the Web Connector password changed", open, event.companyId());
		}
	}

	/** A one-line summary of an ended session, shown in the Web Connector's status column. */
	static String summary(WebConnectorSession s) {
		String counts = s.documentsSent() + " document(s) sent, " + s.documentsAnswered() + " answered, "
				+ s.documentsFailed() + " failed.";
		return switch (s.state()) {
			case CLOSED -> "qbsync: sync complete. " + counts;
			case FAILED -> "qbsync: the sync stopped with an error. " + counts;
			case NO_WORK -> "qbsync: nothing to sync.";
			case REVOKED -> "qbsync: the Web Connector password changed; type the new one and run again. " + counts;
			default -> "qbsync: session ended (" + s.state().name().toLowerCase() + "). " + counts;
		};
	}

}
