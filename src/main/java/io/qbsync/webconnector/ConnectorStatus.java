package io.qbsync.webconnector;

import java.time.Instant;

/**
 * How a company's Web Connector is doing, in words for the office admin.
 *
 * @param condition OK, SILENT (no check-in for too long while items wait) or FAILING (its last run or login failed)
 * @param headline one short sentence: "QuickBooks could not be opened at 09:14 UTC on 6 Dec."
 * @param reason what happened, in plain words (empty when all is well)
 * @param fix what to do about it (empty when all is well)
 * @param at when it happened: the failed run or login, or the last check-in of a silent connector (null: never)
 * @param lastCheckInAt the Web Connector's last successful login, null when it never logged in
 * @param waiting items waiting for approval in the Sync Wizard
 * @param pending approved items not yet in QuickBooks (the Sync Report's Pending tab)
 */
public record ConnectorStatus(Condition condition, String headline, String reason, String fix, Instant at,
		Instant lastCheckInAt, long waiting, long pending) {

	/** The three states a page shows: fine, silent too long, failing. */
	public enum Condition {

		OK, SILENT, FAILING

	}

	/** Whether the header should turn red. */
	public boolean needsAttention() {
		return this.condition != Condition.OK;
	}

}
