package io.qbsync.wizard;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.quickbooks.QuickBooksChange;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.quickbooks.QuickBooksFeed;
import io.qbsync.singleops.Change;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.ScanPlanner.Plan;
import io.qbsync.wizard.match.DuplicateMatcher;

import org.springframework.stereotype.Component;

import static io.qbsync.wizard.FieldDiffs.conflictDiff;
import static io.qbsync.wizard.FieldDiffs.diff;
import static io.qbsync.wizard.ScanPlanner.display;
import static io.qbsync.wizard.ScanPlanner.item;
import static io.qbsync.wizard.ScanPlanner.read;

/**
 * Decides what one change in QuickBooks means for the wizard (the import side of the scan; {@link ScanPlanner} plans
 * the field-service app's changes): NEW, CHANGED or DELETED in QuickBooks, or a CONFLICT with a pending export.
 */
@Component
class QuickBooksChangePlanner {

	private final ScanPlanner exports;

	private final SingleOpsRecords records;

	private final SingleOpsValues values;

	private final WizardItems items;

	private final QuickBooksFeed feed;

	private final QuickBooksChanges quickBooksChanges;

	QuickBooksChangePlanner(ScanPlanner exports, SingleOpsRecords records, SingleOpsValues values, WizardItems items,
			QuickBooksFeed feed, QuickBooksChanges quickBooksChanges) {
		this.exports = exports;
		this.quickBooksChanges = quickBooksChanges;
		this.records = records;
		this.values = values;
		this.items = items;
		this.feed = feed;
	}

	/** A change in QuickBooks: NEW, CHANGED or DELETED in QuickBooks, or a CONFLICT with a pending export. */
	Plan imported(QuickBooksChange change, ScanLookups lookups) {
		long companyId = change.companyId();
		EntityType type = Entities.byName(change.objectType()).orElse(null);
		if (type == null || !lookups.direction(companyId, type.name()).importOn()) {
			return Plan.nothing();
		}
		Optional<QuickBooksChange> latest = this.quickBooksChanges.latest(companyId, change.objectType(), change.qbId());
		if (latest.isPresent() && latest.get().id() != change.id()) {
			// a newer version of the object is further along in the change set: that one decides
			return Plan.nothing();
		}
		StoredRecord record = recordType(type.name())
			.flatMap((recordType) -> this.records.findLinked(companyId, recordType, change.qbId()))
			.orElse(null);
		if (record != null && record.deleted()) {
			// the object of a record deleted in the field-service app: neither new to the host nor a change for it
			return new Plan(List.of(WizardItems.key(Direction.IMPORT, null, type.name(), change.qbId()),
					WizardItems.key(Direction.IMPORT, record.id(), type.name(), change.qbId())), null);
		}
		if (this.items.decided(companyId, Direction.IMPORT, (record != null) ? record.id() : null, type.name(),
				change.qbId(), change.editSequence())) {
			return Plan.nothing();
		}
		// a deleted object comes without its name: the record linked to it has one a person knows
		String name = (change.displayName() != null) ? change.displayName()
				: (record != null) ? display(record, this.values.map(record)) : change.qbId();
		String label = type.label() + " \"" + name + "\"";
		if (record == null) {
			String key = WizardItems.key(Direction.IMPORT, null, type.name(), change.qbId());
			if (change.deleted()) {
				return new Plan(List.of(key), null);
			}
			if (this.items.linkProposed(companyId, type.name(), change.qbId())) {
				// a record is about to be linked to it: offering it as new too would make the host create a second
				return new Plan(List.of(key), null);
			}
			Optional<Plan> relink = relinkOpenAdd(change, type, lookups);
			if (relink.isPresent()) {
				return relink.get();
			}
			Map<String, Object> after = read(type, change);
			Object guid = after.get(EntityType.EXTERNAL_GUID);
			if (guid != null && this.items.addedByUs(companyId, guid.toString())) {
				// one of our Adds, whose answer was lost or is not settled yet: its record gets it, never the host
				return new Plan(List.of(key), null);
			}
			if (this.feed.offeredAsNew(companyId, type.name(), change.qbId())) {
				// the host app has it as new already (not linked yet): this is a change to that, never a second "new"
				return new Plan(List.of(), item(companyId, Direction.IMPORT, type, null, change.qbId(),
						WizardAction.CHANGED_IN_QUICKBOOKS, label + " changed in QuickBooks (offered to the "
								+ "field-service app as new before)", diff(type, Map.of(), after), List.of(), null, false,
						change.editSequence()));
			}
			return new Plan(List.of(), item(companyId, Direction.IMPORT, type, null, change.qbId(),
					WizardAction.NEW_IN_QUICKBOOKS, "New " + label + " in QuickBooks", diff(type, Map.of(), after),
					List.of(), null, false, change.editSequence()));
		}
		if (change.deleted()) {
			return new Plan(List.of(), item(companyId, Direction.IMPORT, type, record, change.qbId(),
					WizardAction.DELETED_IN_QUICKBOOKS, label + " was deleted in QuickBooks", List.of(), List.of(), null,
					true, change.editSequence()));
		}
		if (Objects.equals(change.editSequence(), record.quickBooks().editSequence())) {
			// the version qbsync itself wrote: nothing new
			return Plan.nothing();
		}
		SingleOpsValues.Mapped mapped = this.values.map(record);
		Map<String, Object> after = read(type, change);
		List<FieldChange> changes = diff(type, mapped.values(), after);
		String importKey = WizardItems.key(Direction.IMPORT, record.id(), type.name(), change.qbId());
		if (changes.isEmpty()) {
			return new Plan(List.of(importKey), null);
		}
		String exportKey = WizardItems.key(Direction.EXPORT, record.id(), type.name(), null);
		Optional<WizardItem> pendingExport = this.items.findOpen(companyId, exportKey)
			.filter((i) -> i.action() == WizardAction.UPDATE || i.action() == WizardAction.CONFLICT);
		if (pendingExport.isPresent()) {
			WizardItem export = pendingExport.get();
			return new Plan(List.of(importKey), new WizardItem(0, companyId, Direction.EXPORT, type.name(), record.id(),
					record.type().path(), record.externalId(), change.qbId(), WizardAction.CONFLICT,
					WizardItemState.OPEN, label + " changed in both the field-service app and QuickBooks: choose which "
							+ "version to keep",
					conflictDiff(type, after, mapped.values()), export.problems(), null, true, export.sourceVersion(),
					null, null));
		}
		return new Plan(List.of(), item(companyId, Direction.IMPORT, type, record, change.qbId(),
				WizardAction.CHANGED_IN_QUICKBOOKS, label + " changed in QuickBooks (" + changes.size() + " field"
						+ (changes.size() == 1 ? "" : "s") + ")",
				changes, List.of(), null, false, change.editSequence()));
	}

	/**
	 * QuickBooks now holds an object whose name an open Add carries (the bookkeeper made it, or it came with the
	 * first read): the Add is planned again, and becomes a link when the matcher picks this object. Whether the
	 * change or the Add was seen first, the result is the same.
	 */
	private Optional<Plan> relinkOpenAdd(QuickBooksChange change, EntityType type, ScanLookups lookups) {
		String name = DuplicateMatcher.nameKey(change.displayName());
		Optional<Long> recordId = lookups.openAddNamed(type.name(), name);
		if (recordId.isEmpty()) {
			return Optional.empty();
		}
		StoredRecord record = lookups.record(change.companyId(), recordId.get()).orElse(null);
		if (record == null) {
			return Optional.empty();
		}
		Plan replanned = this.exports.export(new Change(0, change.companyId(), record.id(), record.type(), record.externalId(),
				null, record.version(), null, null), lookups);
		if (replanned.item() == null || replanned.item().action() != WizardAction.LINK
				|| !change.qbId().equals(replanned.item().qbId())) {
			return Optional.empty();
		}
		return Optional.of(replanned);
	}

	/** The kind of field-service record a QuickBooks type links to (import-only types link to none). */
	private static Optional<RecordType> recordType(String objectType) {
		return switch (objectType) {
			case "Customer" -> Optional.of(RecordType.CUSTOMERS);
			case "Vendor" -> Optional.of(RecordType.VENDORS);
			case "ItemService", "ItemNonInventory" -> Optional.of(RecordType.ITEMS);
			case "Invoice" -> Optional.of(RecordType.INVOICES);
			case "ReceivePayment" -> Optional.of(RecordType.PAYMENTS);
			default -> Optional.empty();
		};
	}

}
