package io.qbsync.delivery;

import java.time.Duration;
import java.time.Instant;

import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.SyncState;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.SyncSettings;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Where a delivered item goes next when it did not simply succeed: tried again later with backoff until
 * {@code maxAttempts}, sent again at once, looked up first, or failed for a person. The one place that counts tries.
 */
@Component
class RetryPolicy {

	private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

	private final ItemTransitions items;

	private final SingleOpsRecords records;

	private final SyncSettings settings;

	RetryPolicy(ItemTransitions items, SingleOpsRecords records, SyncSettings settings) {
		this.items = items;
		this.records = records;
		this.settings = settings;
	}

	/** Whether an item that went out {@code attempts} times may go once more. */
	boolean mayRetry(int attempts) {
		return attempts < this.settings.maxAttempts();
	}

	/**
	 * The answer to the item never came (or its document ended without one): an Add may have landed, so it waits
	 * for a lookup by its identity; anything else is released again (a repeated Mod meets a new EditSequence and is
	 * refreshed, a repeated delete finds nothing to delete). Answers true when it waits for a lookup.
	 */
	boolean answerLost(WizardItem item, Instant now) {
		if (sentAsAdd(item)) {
			this.items.awaitLookup(item.id(), WizardItem.Lookup.IDENTITY, null, null, now);
			return true;
		}
		backToRelease(item, now);
		return false;
	}

	/** The lookup document the item waited on was lost: the lookup is asked again. */
	void lookupLost(WizardItem item, Instant now) {
		this.items.lookupAgain(item.id(), now);
	}

	/** QuickBooks answered {@code code}: the item waits for a lookup of this kind before anything else. */
	void lookUp(WizardItem item, WizardItem.Lookup kind, String code, String message, Instant now, Tally tally) {
		this.items.awaitLookup(item.id(), kind, code, message, now);
		tally.retried++;
	}

	/** The lookup itself failed: asked again later (never falls back to sending the Add), or failed for a person. */
	void lookupFailed(WizardItem item, String code, String message, Instant now, Tally tally) {
		int attempts = item.progress().attempts() + 1;
		if (!mayRetry(attempts)) {
			fail(item, "LOOKUP", "qbsync could not look this record up in QuickBooks to see whether it arrived "
					+ "(QuickBooks answered " + code + ": " + message + "). Look for it in "
					+ "QuickBooks: if it is there, use Clear ID to link it; if not, Resync.",
					HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		this.items.lookupAgain(item.id(), attempts, code, message, now);
		tally.retried++;
	}

	void retryOrFail(WizardItem item, String code, String message, HandlingClass handling, Instant now, Tally tally) {
		if (retryOrFail(item, code, message, handling, now)) {
			tally.retried++;
		}
		else {
			tally.failed.add(item.id());
		}
	}

	/** Answers true when the item will be retried after a backoff, false when it ran out of tries and failed. */
	boolean retryOrFail(WizardItem item, String code, String message, HandlingClass handling, Instant now) {
		int attempts = item.progress().attempts() + 1;
		if (!mayRetry(attempts)) {
			fail(item, code, message, handling, now);
			return false;
		}
		Duration wait = this.settings.backoff(attempts);
		this.items.retryAt(item, attempts, now.plus(wait), code, handling, cut(message), now);
		log.info("Item {}: QuickBooks answered {}; try {} of {} in {}", item.id(), code, attempts + 1,
				this.settings.maxAttempts(), wait);
		return true;
	}

	/** Certainly not applied: released again, at once. */
	void backToRelease(WizardItem item, Instant now) {
		this.items.releaseAgain(item, now);
	}

	void fail(WizardItem item, String code, String message, HandlingClass handling, Instant now, Tally tally) {
		fail(item, code, message, handling, now);
		tally.failed.add(item.id());
	}

	/** FAILED, for a person: the record shows as failed; a later change of it may go when this one surely did not. */
	void fail(WizardItem item, String code, String message, HandlingClass handling, Instant now) {
		this.items.fail(item, code, handling, cut(message), now);
		if (item.recordId() != null) {
			if (!WizardItem.FATE_UNKNOWN.contains(code)) {
				// it certainly did not arrive: a later change of the record may go now
				this.items.unblockLaterExports(item.companyId(), item.recordId(), now);
			}
			this.records.findById(item.companyId(), item.recordId()).ifPresent((r) -> this.records.setQuickBooksLink(
					item.companyId(), r.id(), new QuickBooksLink(r.quickBooks().id(), r.quickBooks().editSequence(),
							r.quickBooks().lastSyncedAt(), SyncState.FAILED)));
		}
		log.info("Item {} failed: {} {}", item.id(), code, message);
	}

	/** Whether the item last went out as an Add (an Add of a record linked meanwhile goes out as a Mod). */
	static boolean sentAsAdd(WizardItem item) {
		String sentAs = item.progress().sentAs();
		return "ADD".equals(sentAs) || (sentAs == null && item.action() == WizardAction.ADD);
	}

	private static String cut(String text) {
		return (text == null || text.length() <= 2000) ? text : text.substring(0, 1997) + "...";
	}

}
