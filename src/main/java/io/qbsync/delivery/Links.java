package io.qbsync.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.SyncState;
import io.qbsync.wizard.FieldDiffs;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.SingleOpsValues;
import io.qbsync.wizard.WizardItem;

import org.springframework.stereotype.Component;

/**
 * A delivered record's link to its QuickBooks object (ListID/TxnID, EditSequence): settled for what QuickBooks
 * applied, refused when the object already has another record, dropped when QuickBooks no longer has the object.
 */
@Component
class Links {

	private final ItemTransitions items;

	private final SingleOpsRecords records;

	private final SingleOpsValues values;

	private final QuickBooksChanges quickBooksChanges;

	Links(ItemTransitions items, SingleOpsRecords records, SingleOpsValues values, QuickBooksChanges quickBooksChanges) {
		this.items = items;
		this.records = records;
		this.values = values;
		this.quickBooksChanges = quickBooksChanges;
	}

	/**
	 * The items QuickBooks applied, in a few batched statements: SUCCEEDED, and each record linked to its object
	 * (ListID/TxnID, EditSequence) as synced as of the version that went out ({@link #syncedAs}), so a change made
	 * after it still counts as unsynced; what waited for those records is released.
	 */
	void settle(long companyId, List<Tally.Succeeded> succeeded, Instant now) {
		if (succeeded.isEmpty()) {
			return;
		}
		Map<Long, SingleOpsRecords.Held> held = this.records.held(companyId, succeeded.stream()
			.map((s) -> s.item().recordId())
			.filter(Objects::nonNull)
			.toList());
		Map<Long, QuickBooksLink> links = new HashMap<>();
		for (Tally.Succeeded s : succeeded) {
			Long recordId = s.item().recordId();
			if (recordId != null && held.containsKey(recordId)) {
				SingleOpsRecords.Held record = held.get(recordId);
				String sequence = (s.editSequence() != null) ? s.editSequence() : record.editSequence();
				links.put(recordId, new QuickBooksLink(s.qbId(), sequence, syncedAs(s.item(), record, now),
						SyncState.SYNCED));
			}
		}
		this.items.succeedAll(companyId, succeeded.stream().map((s) -> new ItemTransitions.Success(s.item(), s.qbId()))
			.toList(), now);
		this.records.setQuickBooksLinks(companyId, links);
	}

	/**
	 * As of when a record whose change QuickBooks applied counts synced: the time of the version that went out, while
	 * the record is still at it. A record changed since its release read it (even while that release ran, by a change
	 * that committed after the read) keeps its last sync time, and the next scan weighs the newer change against what
	 * QuickBooks now holds; the release's own time would hide such a change for good.
	 */
	static Instant syncedAs(WizardItem item, SingleOpsRecords.Held record, Instant now) {
		if (item.sourceVersion() == null) {
			return (item.progress().releasedAt() != null) ? item.progress().releasedAt() : now;
		}
		return Integer.toString(record.version()).equals(item.sourceVersion()) ? record.updatedAt()
				: record.lastSyncedAt();
	}

	/**
	 * Another live record of the kind already linked to the object a LINK found (the host app linked one with
	 * {@code ?linkTo=} while the link waited, or an earlier LINK in this answer took it): one object never has two
	 * records, so the second link is refused. Answers who holds it, in words.
	 */
	Optional<String> linkedElsewhere(WizardItem item, String qbId, Tally tally) {
		RecordType type = RecordType.fromPath(item.recordType()).orElse(null);
		if (type == null) {
			return Optional.empty();
		}
		Optional<StoredRecord> holder = this.records.findLinked(item.companyId(), type, qbId)
			.filter((r) -> !r.deleted() && !Objects.equals(r.id(), item.recordId()));
		if (holder.isPresent()) {
			return Optional.of("the field-service " + type.path().replaceAll("s$", "") + " \""
					+ displayName(holder.get()) + "\" (id " + holder.get().externalId() + " in the field-service app)");
		}
		return tally.linked.contains(qbId) ? Optional.of("another record of the field-service app in the same run")
				: Optional.empty();
	}

	/**
	 * QuickBooks no longer has object {@code qbId}: recorded as deleted there (from the document that found out), so
	 * nothing offers it for relinking.
	 */
	void gone(WizardItem item, String objectType, String qbId, String name, Instant now) {
		this.quickBooksChanges.stageDeleted(item.companyId(), objectType, qbId, name, documentId(item), now);
	}

	/** The QuickBooks object the item's record is linked to now (an Add that became a Mod has none of its own). */
	String linkedId(WizardItem item) {
		return this.records.findById(item.companyId(), item.recordId())
			.map((r) -> r.quickBooks().id())
			.orElse(item.qbId());
	}

	/** The name a record goes by (a customer's name, an invoice's number), or its external id when it has none. */
	String displayName(StoredRecord record) {
		SingleOpsValues.Mapped mapped = this.values.map(record);
		Object name = mapped.values().get(mapped.type().displayField());
		return (name != null) ? FieldDiffs.text(name) : record.externalId();
	}

	private static long documentId(WizardItem item) {
		return (item.progress().lookupDocumentId() != null) ? item.progress().lookupDocumentId()
				: (item.progress().documentId() != null) ? item.progress().documentId() : 0;
	}

}
