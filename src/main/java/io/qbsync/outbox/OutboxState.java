package io.qbsync.outbox;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a qbXML document is on its way to QuickBooks. The allowed moves are all in {@link #ALLOWED}.
 *
 * <ul>
 * <li>QUEUED: waiting for the company's next Web Connector session.</li>
 * <li>SENT: handed to the Web Connector (recorded before it left); its answer has not come back yet.</li>
 * <li>ANSWERED: QuickBooks' response is stored. Per-request errors inside it are for the reader of the response.</li>
 * <li>FAILED: QuickBooks refused the whole document (it could not parse it), or it was never sent because the
 * QuickBooks at the other end cannot read its qbXML version. Nothing in it reached the books.</li>
 * <li>UNCERTAIN: sent, but no usable answer came back (the session died, QuickBooks raised an error mid-way).
 * QuickBooks may or may not have applied it, so it is never re-sent blindly.</li>
 * </ul>
 */
public enum OutboxState {

	QUEUED, SENT, ANSWERED, FAILED, UNCERTAIN;

	private static final Map<OutboxState, Set<OutboxState>> ALLOWED = Map.of(
			QUEUED, EnumSet.of(SENT, FAILED),
			SENT, EnumSet.of(ANSWERED, FAILED, UNCERTAIN),
			ANSWERED, EnumSet.noneOf(OutboxState.class),
			FAILED, EnumSet.noneOf(OutboxState.class),
			UNCERTAIN, EnumSet.noneOf(OutboxState.class));

	public boolean canMoveTo(OutboxState next) {
		return ALLOWED.get(this).contains(next);
	}

}
