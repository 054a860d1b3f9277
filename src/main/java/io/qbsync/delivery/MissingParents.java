package io.qbsync.delivery;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.ApprovalService;
import io.qbsync.wizard.Decisions;
import io.qbsync.wizard.FieldDiffs;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.SingleOpsValues;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;

import org.springframework.stereotype.Component;

/**
 * The guide's DEPENDENCY class (3140, an invalid reference): the parent QuickBooks names is added again first, and
 * the child waits for it.
 */
@Component
class MissingParents {

	/** The reference QuickBooks names in a 3140 message: ... invalid reference to QuickBooks Customer "Oak Hill" ... */
	private static final Pattern REFERENCE = Pattern.compile("\"([^\"]+)\"");

	private final ItemTransitions items;

	private final ItemQueries queries;

	private final SingleOpsRecords records;

	private final SingleOpsValues values;

	private final Decisions decisions;

	private final Links links;

	private final RetryPolicy retry;

	MissingParents(ItemTransitions items, ItemQueries queries, SingleOpsRecords records,
			SingleOpsValues values, Decisions decisions, Links links, RetryPolicy retry) {
		this.items = items;
		this.queries = queries;
		this.records = records;
		this.values = values;
		this.decisions = decisions;
		this.links = links;
		this.retry = retry;
	}

	/** 3140: the missing parent goes first; the child waits for it. Without a parent to name, the child fails. */
	void dependency(WizardItem item, String code, String message, Instant now, Tally tally) {
		Matcher m = REFERENCE.matcher((message != null) ? message : "");
		String named = m.find() ? m.group(1) : null;
		StoredRecord parent = null;
		for (StoredRecord candidate : this.records.parents(item.companyId(), item.recordId())) {
			SingleOpsValues.Mapped mapped = this.values.map(candidate);
			Object name = mapped.values().get(mapped.type().displayField());
			if (named != null && (named.equals(candidate.quickBooks().id()) || named.equals(FieldDiffs.text(name)))) {
				parent = candidate;
			}
		}
		if (parent == null) {
			this.retry.fail(item, code, message, HandlingClass.DEPENDENCY, now, tally);
			return;
		}
		int attempts = item.progress().attempts() + 1;
		if (!this.retry.mayRetry(attempts)) {
			this.retry.fail(item, code, message, HandlingClass.DEPENDENCY, now, tally);
			return;
		}
		String gone = parent.quickBooks().id();
		SingleOpsValues.Mapped mapped = this.values.map(parent);
		String parentName = FieldDiffs.text(mapped.values().get(mapped.type().displayField()));
		if (gone != null) {
			// QuickBooks says the parent we linked is not there: forget the link (and record the object as deleted,
			// so nothing offers it for relinking), drop changes meant for it, and add the parent again, first
			this.links.gone(item, mapped.type().name(), gone, parentName, now);
			this.records.clearQuickBooksLink(item.companyId(), parent.id());
			this.items.withdrawWaitingExports(item.companyId(), parent.id(), "QuickBooks no longer has this record; it "
					+ "is added again instead.", now);
		}
		if (this.queries.unfinishedExport(item.companyId(), parent.id())
			.filter((e) -> e.action() == WizardAction.ADD)
			.isEmpty()) {
			long added = this.items.insertApproved(item.companyId(), mapped.type().name(), parent, WizardAction.ADD,
					"Add " + mapped.type().label() + " \"" + parentName + "\" to QuickBooks again (it is no longer "
							+ "there, and " + item.summary().replaceFirst("^\\w+ ", "") + " needs it)",
					ApprovalService.rank(mapped.type().name(), WizardAction.ADD), now);
			this.decisions.record(item.companyId(), added, Deliveries.SYSTEM, "APPROVE",
					"QuickBooks answered 3140 for item " + item.id() + ": its parent is added again first", now);
		}
		this.items.holdForParent(item, parent.id(), attempts, code, "Waits for its "
				+ parent.type().path().replaceAll("s$", "") + " \"" + parent.externalId() + "\" to reach QuickBooks first.",
				now);
		tally.retried++;
	}

}
