package io.qbsync.webconnector;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of a Web Connector session. Only OPEN sessions are served; every other state is an end.
 *
 * <ul>
 * <li>OPEN: authenticated with work to do, serving documents.</li>
 * <li>NO_WORK: authenticated, answered "none" (nothing to send, or the server was busy).</li>
 * <li>CLOSED: the Web Connector called closeConnection.</li>
 * <li>FAILED: QuickBooks or the Web Connector reported an error, or the company file was not the right one.</li>
 * <li>EXPIRED: no call within the session timeout.</li>
 * <li>SUPERSEDED: the same company's Web Connector started a new session.</li>
 * <li>REVOKED: the company's Web Connector password changed while the session was open.</li>
 * </ul>
 */
public enum SessionState {

	OPEN, NO_WORK, CLOSED, FAILED, EXPIRED, SUPERSEDED, REVOKED;

	private static final Map<SessionState, Set<SessionState>> ALLOWED = Map.of(
			OPEN, EnumSet.of(CLOSED, FAILED, EXPIRED, SUPERSEDED, REVOKED),
			NO_WORK, EnumSet.noneOf(SessionState.class),
			CLOSED, EnumSet.noneOf(SessionState.class),
			FAILED, EnumSet.noneOf(SessionState.class),
			EXPIRED, EnumSet.noneOf(SessionState.class),
			SUPERSEDED, EnumSet.noneOf(SessionState.class),
			REVOKED, EnumSet.noneOf(SessionState.class));

	public boolean canMoveTo(SessionState next) {
		return ALLOWED.get(this).contains(next);
	}

}
