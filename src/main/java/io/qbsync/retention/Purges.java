package io.qbsync.retention;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.qbsync.outbox.Outbox;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.quickbooks.QuickBooksFeed;
import io.qbsync.schedule.JobMetadata;
import io.qbsync.singleops.SingleOpsChanges;
import io.qbsync.system.AdminLoginFailures;
import io.qbsync.webconnector.SessionRetention;
import io.qbsync.wizard.ItemSummaries;
import io.qbsync.wizard.ScanPositions;
import io.qbsync.wizard.ScanPositions.ScanPosition;

import org.springframework.stereotype.Component;

/**
 * The deletes of the {@code purge-old-data} job, one bounded batch per call, each asked of the package that owns the
 * rows: each picks at most {@code limit} rows (oldest first) and re-checks the same conditions when it writes, so a
 * row that became needed meanwhile stays. Each call answers how many rows (job instances, for the metadata) it purged.
 */
@Component
class Purges {

	private final Outbox outbox;

	private final SessionRetention sessions;

	private final AdminLoginFailures adminLoginFailures;

	private final SingleOpsChanges singleOpsChanges;

	private final QuickBooksChanges quickBooksChanges;

	private final QuickBooksFeed feed;

	private final JobMetadata jobMetadata;

	private final ItemSummaries items;

	private final ScanPositions scans;

	Purges(Outbox outbox, SessionRetention sessions, AdminLoginFailures adminLoginFailures,
			SingleOpsChanges singleOpsChanges, QuickBooksChanges quickBooksChanges, QuickBooksFeed feed,
			JobMetadata jobMetadata, ItemSummaries items, ScanPositions scans) {
		this.outbox = outbox;
		this.sessions = sessions;
		this.adminLoginFailures = adminLoginFailures;
		this.singleOpsChanges = singleOpsChanges;
		this.quickBooksChanges = quickBooksChanges;
		this.feed = feed;
		this.jobMetadata = jobMetadata;
		this.items = items;
		this.scans = scans;
	}

	/** Drops the request and response bodies of old answered documents nothing waits on; the rows stay. */
	int outboxBodies(Instant cutoff, Instant now, int limit) {
		return this.outbox.purgeBodies(cutoff, now, limit);
	}

	/** Deletes old ended Web Connector sessions nothing refers to. */
	int sessions(Instant cutoff, int limit) {
		return this.sessions.purgeEnded(cutoff, limit);
	}

	/**
	 * Deletes superseded versions of the two change sets, field-service ones first, but only those each company's scan
	 * has read (a position read before the delete is never ahead of the scan: cursors move forward, or back to 0 for a
	 * full reconciliation, which reads every record's latest version again anyway).
	 */
	int changeVersions(Instant cutoff, int limit) {
		List<ScanPosition> read = this.scans.all();
		int purged = this.singleOpsChanges.purgeSuperseded(cutoff, limit,
				read.stream().collect(Collectors.toMap(ScanPosition::companyId, ScanPosition::singleOpsChangeId)));
		return (purged >= limit) ? purged : purged + this.quickBooksChanges.purgeSuperseded(cutoff, limit - purged,
				read.stream().collect(Collectors.toMap(ScanPosition::companyId, ScanPosition::quickBooksChangeId)));
	}

	/** Deletes old feed entries other than offers of new objects. */
	int feed(Instant cutoff, int limit) {
		return this.feed.purge(cutoff, limit);
	}

	/** Deletes sign-in failures of the pages and the API whose counting window and lockout are both over. */
	int adminLoginFailures(Instant windowStart, Instant now, int limit) {
		return this.adminLoginFailures.purgeExpired(windowStart, now, limit);
	}

	/**
	 * Deletes old finished job instances with their executions, but none that delivered an item still approved,
	 * pending or failed (its restart resends them) or that an open session still runs.
	 */
	int jobMetadata(Instant cutoff, Instant failedCutoff, int limit) {
		return this.jobMetadata.purge(cutoff, failedCutoff, limit, (executions) -> {
			Set<Long> needed = new HashSet<>(this.items.deliveriesInUse(executions));
			needed.addAll(this.sessions.running(executions));
			return needed;
		});
	}

}
