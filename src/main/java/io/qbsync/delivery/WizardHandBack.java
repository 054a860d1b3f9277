package io.qbsync.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.RecordReader;
import io.qbsync.qbxml.response.QbObject;
import io.qbsync.qbxml.status.HandlingClass;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.Decisions;
import io.qbsync.wizard.FieldChange;
import io.qbsync.wizard.FieldDiffs;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.SingleOpsValues;
import io.qbsync.wizard.UpdateOffers;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItemState;
import io.qbsync.wizard.WizardItems;

import org.springframework.stereotype.Component;

/**
 * What delivery hands back to the admin in the Sync Wizard instead of deciding itself: a change QuickBooks made too
 * (after a stale EditSequence) becomes a CONFLICT; a record linked to an object that holds other values gets those
 * differences offered as an UPDATE. Nothing is overwritten in QuickBooks until the admin approves it.
 */
@Component
class WizardHandBack {

	private final ItemTransitions items;

	private final WizardItems wizardItems;

	private final SingleOpsRecords records;

	private final SingleOpsValues values;

	private final Decisions decisions;

	private final Links links;

	private final RetryPolicy retry;

	private final UpdateOffers updates;

	WizardHandBack(ItemTransitions items, WizardItems wizardItems, SingleOpsRecords records, SingleOpsValues values,
			Decisions decisions, Links links, RetryPolicy retry, UpdateOffers updates) {
		this.updates = updates;
		this.items = items;
		this.wizardItems = wizardItems;
		this.records = records;
		this.values = values;
		this.decisions = decisions;
		this.links = links;
		this.retry = retry;
	}

	/**
	 * The object's current version, after a stale EditSequence: our change goes out again on the new EditSequence
	 * unless QuickBooks changed one of the same fields to something else (then it is a conflict for the admin).
	 */
	void refreshed(WizardItem item, EntityType type, QbObject object, Instant now, Tally tally) {
		if (object == null) {
			this.links.gone(item, item.objectType(), this.links.linkedId(item), item.summary(), now);
			this.retry.fail(item, "3120", "The QuickBooks record this record is linked to is no longer in QuickBooks. "
					+ "Use Clear ID to add the record to QuickBooks again.", HandlingClass.NEEDS_PERSON, now, tally);
			return;
		}
		StoredRecord record = this.records.findById(item.companyId(), item.recordId()).orElseThrow();
		List<String> clashes = new ArrayList<>();
		// a record deleted in the field-service app meanwhile has no version left to weigh against QuickBooks': the
		// update goes back to release, which withdraws it as changed, and the scan offers the deletion instead
		if (item.action() == WizardAction.UPDATE && !"SINGLEOPS".equals(item.progress().resolution())
				&& !record.deleted()) {
			Map<String, Object> theirs = read(type, object);
			Map<String, Object> ours = this.values.map(record).values();
			for (FieldChange change : item.changes()) {
				String current = FieldDiffs.text(theirs.get(change.field()));
				boolean unchanged = Objects.equals(current, change.before());
				boolean alreadyOurs = Objects.equals(current, FieldDiffs.text(ours.get(change.field())));
				if (!change.field().equals("lines") && !unchanged && !alreadyOurs) {
					clashes.add(change.label());
				}
			}
			if (!clashes.isEmpty()) {
				conflict(item, type, record, theirs, ours, clashes, now);
				tally.failed.add(item.id());
				return;
			}
		}
		this.records.setQuickBooksLink(item.companyId(), record.id(), new QuickBooksLink(object.id(),
				object.editSequence(), record.quickBooks().lastSyncedAt(), record.quickBooks().syncState()));
		this.retry.backToRelease(item, now);
		tally.retried++;
	}

	private void conflict(WizardItem item, EntityType type, StoredRecord record, Map<String, Object> theirs,
			Map<String, Object> ours, List<String> clashes, Instant now) {
		this.items.withdraw(item.id(), WizardItemState.PENDING, "QuickBooks changed " + String.join(", ", clashes)
				+ " too: the Sync Wizard asks which version to keep.", now);
		this.items.unblockLaterExports(item.companyId(), record.id(), now);
		String label = type.label() + " \"" + item.summary().replaceAll(".*\"(.*)\".*", "$1") + "\"";
		// built from the record as it is now, so it carries that version: the record may have changed again while this
		// change was on its way, and a conflict marked with the older version would be withdrawn as stale once settled
		this.wizardItems.upsertOpen(new WizardItem(0, item.companyId(), Direction.EXPORT, type.name(), record.id(),
				record.type().path(), record.externalId(), record.quickBooks().id(), WizardAction.CONFLICT,
				WizardItemState.OPEN, label + " changed in both the field-service app and QuickBooks: choose which "
						+ "version to keep",
				FieldDiffs.conflictDiff(type, theirs, ours), List.of(), null, true, Integer.toString(record.version()),
				null, null), now);
		this.decisions.record(item.companyId(), item.id(), Deliveries.SYSTEM, "CONFLICT",
				"QuickBooks changed " + String.join(", ", clashes) + " since the change was approved", now);
	}

	/**
	 * A record just linked to a QuickBooks object that holds other values (a link, or our lost Add found again after
	 * the bookkeeper changed it): the differences are offered as an Update in the Sync Wizard.
	 */
	void offerUpdate(WizardItem item, QbObject object, boolean asSent, String why, Instant now) {
		EntityType type = Entities.byName(item.objectType()).orElseThrow();
		this.records.findById(item.companyId(), item.recordId())
			.ifPresent((record) -> this.updates.offer(record, type, object.id(), object.displayName(),
					read(type, object), asSent, why, now));
	}

	/** An object as the field-service record's values, to compare. */
	private static Map<String, Object> read(EntityType type, QbObject object) {
		List<RecordReader.LineFields> lines = new ArrayList<>();
		if (type.lines() != null) {
			object.lines(type.lines().retElement())
				.forEach((l) -> lines.add(new RecordReader.LineFields(l.txnLineId(), l.fields())));
		}
		return RecordReader.read(type, object.fields(), lines);
	}

}
