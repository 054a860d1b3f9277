package io.qbsync.wizard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.singleops.StoredRecord;

import org.springframework.stereotype.Component;

/**
 * Where a record just linked to a QuickBooks object (by a link, a lost Add found again, or by hand) holds other values
 * than the object, the differences wait in the Sync Wizard as an update for the admin: nothing in QuickBooks is
 * overwritten by the link itself, and nothing of the record's is forgotten because the link counts it synced.
 */
@Component
public class UpdateOffers {

	private final WizardItems items;

	private final SingleOpsValues values;

	UpdateOffers(WizardItems items, SingleOpsValues values) {
		this.items = items;
		this.values = values;
	}

	/**
	 * @param theirs the object's values, read as a record's
	 * @param shownAs the object's name, for the summary
	 * @param asSent what qbsync sent counts as no difference (a typographic apostrophe goes out plain)
	 * @param why the end of the summary, after the count of fields
	 * @return whether an update was offered (the record and the object differ)
	 */
	public boolean offer(StoredRecord record, EntityType type, String qbId, String shownAs, Map<String, Object> theirs,
			boolean asSent, String why, Instant now) {
		if (record.deleted()) {
			return false;
		}
		Map<String, Object> ours = this.values.map(record).values();
		// only what an Update would send: a field the record leaves out stays as QuickBooks has it
		List<FieldChange> changes = FieldDiffs.diff(type, theirs, ours)
			.stream()
			.filter((c) -> ours.containsKey(c.field()))
			.filter((c) -> !asSent || c.after() == null || !RequestWriter.plain(c.after()).equals(c.before()))
			.toList();
		if (changes.isEmpty()) {
			return false;
		}
		String label = type.label() + " \"" + shownAs + "\"";
		this.items.upsertOpen(new WizardItem(0, record.companyId(), Direction.EXPORT, type.name(), record.id(),
				record.type().path(), record.externalId(), qbId, WizardAction.UPDATE, WizardItemState.OPEN,
				"Update " + label + " in QuickBooks (" + changes.size() + " field" + ((changes.size() == 1) ? "" : "s")
						+ "): " + why,
				changes, List.of(), null, true, Integer.toString(record.version()), null, null), now);
		return true;
	}

	/**
	 * When a record linked while it differs from its object counts as synced: not as of now, or the next scan of a
	 * change it had before the link would take the change for synced and withdraw the update offered (soak seed
	 * 583639084). It keeps the sync time it had if that is before its last change, else none.
	 */
	public static Instant syncedBeforeItsChange(StoredRecord record) {
		Instant synced = record.quickBooks().lastSyncedAt();
		return (synced != null && synced.isBefore(record.updatedAt())) ? synced : null;
	}

}
