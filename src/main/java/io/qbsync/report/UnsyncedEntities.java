package io.qbsync.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.quickbooks.QuickBooksFeed;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.SyncState;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;
import io.qbsync.wizard.Decisions;
import io.qbsync.wizard.FieldDiffs;
import io.qbsync.wizard.ItemHistory;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.SingleOpsValues;
import io.qbsync.wizard.UpdateOffers;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItemState;
import io.qbsync.wizard.WizardItems;
import io.qbsync.wizard.match.DuplicateMatcher;
import io.qbsync.wizard.match.MatchCandidate;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Unsynced Entities: the records QuickBooks refused, with the guide's fix, and the two ways out: Resync (send it
 * again) and Clear ID (forget the QuickBooks link, safely: a record still in QuickBooks, or one that looks like it,
 * is offered for relinking first, and only an explicit confirmation clears the link and stages a fresh Add).
 */
@Service
public class UnsyncedEntities {

	/**
	 * A failed record as Unsynced Entities shows it; {@code gone}: the QuickBooks record it is linked to is no longer
	 * in QuickBooks (see {@link #goneFromQuickBooks}).
	 */
	public record Unsynced(WizardItem item, GuideEntry guide, List<WizardItem> blocks, boolean gone) {
	}

	/** QuickBooks' code for "the object specified in the request cannot be found". */
	private static final String NOT_FOUND = "3120";

	/** What Resync did: RELEASED (back to Pending) or TO_WIZARD (the record changed; the wizard shows it). */
	public record Resynced(long itemId, String outcome, String message) {
	}

	/** Clear ID's request: {@code confirm} to clear, or {@code relinkTo} a QuickBooks id to link instead. */
	public record ClearId(Boolean confirm, String relinkTo) {

		boolean confirmed() {
			return Boolean.TRUE.equals(this.confirm);
		}

	}

	/**
	 * Clear ID's answer. outcome: NOT_LINKED (nothing to clear; likely matches to link to), RELINK_OFFERED (the linked object, or a likely match, is in QuickBooks: relink
	 * instead, or confirm), CONFIRMATION_NEEDED (nothing found: confirm to clear), CLEARED (with the fresh Add staged
	 * in the wizard), RELINKED.
	 */
	public record ClearIdAnswer(String outcome, String message, String linkedQbId, boolean linkedStillInQuickBooks,
			List<MatchCandidate> matches, Long stagedItemId) {
	}

	private final SyncReport report;

	private final ItemTransitions items;

	private final ItemQueries queries;

	private final WizardItems wizardItems;

	private final SingleOpsRecords records;

	private final SingleOpsValues values;

	private final QuickBooksFeed quickBooks;

	private final DuplicateMatcher matcher;

	private final Decisions decisions;

	private final io.qbsync.singleops.SingleOpsService singleOps;

	private final ItemHistory history;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final UpdateOffers updates;

	private final StatusGuide guide = StatusGuide.standard();

	UnsyncedEntities(SyncReport report, ItemTransitions items, ItemQueries queries, WizardItems wizardItems,
			SingleOpsRecords records,
			SingleOpsValues values, QuickBooksFeed quickBooks, DuplicateMatcher matcher, Decisions decisions,
			io.qbsync.singleops.SingleOpsService singleOps, ItemHistory history, Clock clock,
			ApplicationEventPublisher events, UpdateOffers updates) {
		this.updates = updates;
		this.events = events;
		this.singleOps = singleOps;
		this.report = report;
		this.items = items;
		this.queries = queries;
		this.wizardItems = wizardItems;
		this.records = records;
		this.values = values;
		this.quickBooks = quickBooks;
		this.matcher = matcher;
		this.decisions = decisions;
		this.history = history;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<Unsynced> list(long companyId, int page, int size) {
		return list(companyId, null, false, page, size).rows();
	}

	/** One page of Unsynced Entities and how many rows match in all. */
	public record Found(List<Unsynced> rows, long total) {
	}

	/**
	 * A page of Unsynced Entities: {@code search} by name or external id; {@code problemsOnly} leaves out the rows
	 * that only wait for another one (they go on their own once it is fixed).
	 */
	@Transactional(readOnly = true)
	public Found list(long companyId, String search, boolean problemsOnly, int page, int size) {
		List<Unsynced> unsynced = new ArrayList<>();
		SyncReport.Page found = this.report.page(companyId, SyncReport.Tab.FAILED, null, null, search, problemsOnly,
				page, size);
		for (WizardItem item : found.items()) {
			unsynced.add(new Unsynced(item, guide(item), this.report.blockedBy(companyId, item.recordId()),
					goneFromQuickBooks(companyId, item)));
		}
		return new Found(unsynced, found.total());
	}

	/**
	 * Whether the QuickBooks record this item's record is linked to is gone: QuickBooks' change set says it was
	 * deleted, or QuickBooks answered a change of it with "cannot be found" (3120). Resending would fail again; Clear
	 * ID is the way out.
	 */
	@Transactional(readOnly = true)
	public boolean goneFromQuickBooks(long companyId, WizardItem item) {
		if (item.recordId() == null) {
			return false;
		}
		StoredRecord record = this.records.findById(companyId, item.recordId()).orElse(null);
		if (record == null || record.quickBooks().id() == null) {
			return false;
		}
		String linked = record.quickBooks().id();
		String objectType = this.history.lastSyncedType(companyId, record.id()).orElse(item.objectType());
		Optional<QuickBooksFeed.Latest> latest = this.quickBooks.latest(companyId, objectType, linked);
		if (latest.isPresent() && latest.get().deleted()) {
			return true;
		}
		return NOT_FOUND.equals(item.progress().resultCode()) && (item.qbId() == null || linked.equals(item.qbId()))
				&& ("MOD".equals(item.progress().sentAs()) || "DEL".equals(item.progress().sentAs()));
	}

	GuideEntry guide(WizardItem item) {
		return this.guide.entryFor(item.progress().resultCode(), item.progress().resultMessage());
	}

	/**
	 * Resync: the failed item goes back to Pending (released again), or to the wizard if its record changed since.
	 * Announced as {@link ItemResynced}: release takes what is ready after the commit, before this returns.
	 */
	@Transactional
	public Resynced resync(long companyId, long itemId, String actor) {
		Instant now = this.clock.instant();
		WizardItem item = this.queries.lock(companyId, itemId)
			.orElseThrow(() -> new NotFoundException("Company " + companyId + " has no synced item " + itemId + "."));
		if (item.state() != WizardItemState.FAILED) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "Item " + itemId + " is not failed (it is "
					+ item.state().name().toLowerCase() + "); only failed items can be resynced. Nothing was changed.",
					List.of());
		}
		Optional<StoredRecord> record = (item.recordId() != null) ? this.records.findById(companyId, item.recordId())
				: Optional.empty();
		// an Add whose arrival is unknown is looked up (by the name it went out with) whatever the record did since:
		// withdrawing it would let the newer change go out as a second Add
		if (!item.fateUnknown()
				&& (record.isEmpty() || !Integer.toString(record.get().version()).equals(item.sourceVersion()))) {
			this.items.withdraw(itemId, WizardItemState.FAILED,
					"Resynced after the record changed: the Sync Wizard shows the change.", now);
			if (item.recordId() != null) {
				this.items.unblockLaterExports(companyId, item.recordId(), now);
			}
			this.decisions.record(companyId, itemId, actor, "RESYNC", "record changed: back to the Sync Wizard", now);
			this.events.publishEvent(new ItemResynced(companyId, itemId));
			return new Resynced(itemId, "TO_WIZARD", "The record changed since it failed: the change appears in the "
					+ "Sync Wizard after the next scan, for approval.");
		}
		// an Add whose arrival is unknown is looked up first, never re-sent blind
		this.items.requeue(item, null, now);
		this.decisions.record(companyId, itemId, actor, "RESYNC", item.summary(), now);
		this.events.publishEvent(new ItemResynced(companyId, itemId));
		return new Resynced(itemId, "RELEASED", "Sent again at the next Web Connector run.");
	}

	/** Clear ID, safely: see {@link ClearIdAnswer}. */
	@Transactional
	public ClearIdAnswer clearId(long companyId, RecordType type, String externalId, ClearId request, String actor) {
		Instant now = this.clock.instant();
		StoredRecord record = this.records.find(companyId, type, externalId)
			.orElseThrow(() -> new NotFoundException("Company " + companyId + " has no " + type.path() + " record \""
					+ externalId + "\"."));
		String linked = record.quickBooks().id();
		SingleOpsValues.Mapped mapped = this.values.map(record);
		if (request.relinkTo() != null && !request.relinkTo().isBlank()) {
			String target = request.relinkTo().strip();
			if (this.queries.addInFlight(companyId, record.id())) {
				throw new InvalidInputException(HttpStatus.CONFLICT, "An Add of this record may still reach QuickBooks "
						+ "(it is on its way, or being looked up). Linking it now could leave two; try again after the "
						+ "next Web Connector run. Nothing was changed.", List.of());
			}
			String sequence = this.singleOps.linkable(companyId, type, externalId, target);
			this.items.settleFailed(companyId, record.id(), "Linked by hand to the QuickBooks record " + target + ".",
					now);
			// where the record differs from what qbsync last read of that QuickBooks record, the update waits in the
			// wizard (soak seed 583639051: a refused rename, relinked, was never sent again), and the record does not
			// count as synced as of now (583639084: the scan of an earlier change then withdrew that update)
			boolean differs = this.quickBooks.latest(companyId, mapped.type().name(), target)
				.filter((l) -> !l.deleted() && l.data() != null)
				.map((l) -> QuickBooksChanges.values(mapped.type(), l.data()))
				.map((theirs) -> this.updates.offer(record, mapped.type(), target,
						FieldDiffs.text(theirs.get(mapped.type().displayField())), theirs, false,
						"it is linked by hand now, and QuickBooks' copy differs", now))
				.orElse(false);
			this.records.setQuickBooksLink(companyId, record.id(), new QuickBooksLink(target, sequence,
					differs ? UpdateOffers.syncedBeforeItsChange(record) : now, SyncState.SYNCED));
			this.items.releaseStaleBlocks(companyId, now);
			this.decisions.record(companyId, null, actor, "RELINK", type.path() + "/" + externalId + ": "
					+ ((linked != null) ? linked : "not linked") + " -> " + target, now);
			return new ClearIdAnswer("RELINKED", "Linked to the QuickBooks record " + target + ". What waited for this "
					+ "record goes to QuickBooks at the next Web Connector run; where the record and the QuickBooks "
					+ "record differ, the Sync Wizard offers the update.", target, true, List.of(), null);
		}
		if (linked == null) {
			List<MatchCandidate> likely = new ArrayList<>();
			this.matcher.match(companyId, type, record.body()).ifPresent(likely::add);
			return new ClearIdAnswer("NOT_LINKED", "This record is not linked to QuickBooks, so there is no ID to clear. "
					+ (likely.isEmpty() ? "Resync sends it again once it is fixed."
							: "If QuickBooks already has it, link it to that record instead of adding a second one."),
					null, false, likely, null);
		}
		String objectType = this.history.lastSyncedType(companyId, record.id()).orElse(mapped.type().name());
		Optional<QuickBooksFeed.Latest> latest = this.quickBooks.latest(companyId, objectType, linked);
		boolean stillThere = latest.isPresent() && !latest.get().deleted();
		// a record deleted in the field-service app is never added again: clearing its ID only forgets the link
		boolean deleted = record.deleted();
		List<MatchCandidate> matches = new ArrayList<>();
		if (!deleted) {
			this.matcher.match(companyId, type, record.body())
				.filter((m) -> !m.qbId().equals(linked))
				.ifPresent(matches::add);
		}
		if (!request.confirmed()) {
			if (deleted) {
				return new ClearIdAnswer("CONFIRMATION_NEEDED", "This record is deleted in the field-service app. "
						+ (stillThere ? "Its QuickBooks record is still there: Resync makes it inactive (or deletes it) "
								+ "in QuickBooks; clearing the ID leaves it as it is. "
								: "Its QuickBooks record is no longer in QuickBooks. ")
						+ "Confirm to clear the ID: nothing is sent to QuickBooks.", linked, stillThere, matches, null);
			}
			if (stillThere || !matches.isEmpty()) {
				return new ClearIdAnswer("RELINK_OFFERED", stillThere
						? "The QuickBooks record this one is linked to is still in QuickBooks. Clearing the ID would add "
								+ "a second one: keep the link (or relink), or confirm to clear anyway."
						: "QuickBooks has a record that looks like this one. Relink to it instead of adding a duplicate, "
								+ "or confirm to clear the ID and add a new one.",
						linked, stillThere, matches, null);
			}
			return new ClearIdAnswer("CONFIRMATION_NEEDED", "The linked QuickBooks record is no longer in QuickBooks. "
					+ "Confirm to clear the ID: the record will then be offered as a new Add in the Sync Wizard.", linked,
					false, matches, null);
		}
		this.records.clearQuickBooksLink(companyId, record.id());
		for (WizardItem failed : this.history.failedExports(companyId, record.id())) {
			this.items.withdraw(failed.id(), WizardItemState.FAILED, deleted
					? "The QuickBooks ID was cleared; the record is deleted, so nothing goes to QuickBooks."
					: "The QuickBooks ID was cleared; the record is offered as a new Add.", now);
		}
		if (deleted) {
			this.decisions.record(companyId, null, actor, "CLEAR_ID", type.path() + "/" + externalId + " (deleted) was "
					+ "linked to " + linked + (stillThere ? " (still in QuickBooks)" : ""), now);
			return new ClearIdAnswer("CLEARED", "The QuickBooks ID is cleared. The record is deleted in the "
					+ "field-service app, so nothing goes to QuickBooks.", linked, stillThere, matches, null);
		}
		String label = mapped.type().label() + " \""
				+ FieldDiffs.text(mapped.values().get(mapped.type().displayField())) + "\"";
		WizardItem add = new WizardItem(0, companyId, Direction.EXPORT, mapped.type().name(), record.id(),
				type.path(), externalId, null, WizardAction.ADD, WizardItemState.OPEN,
				"Add " + label + " to QuickBooks (its QuickBooks ID was cleared)",
				FieldDiffs.diff(mapped.type(), Map.of(), mapped.values()), List.of(), null, false,
				Integer.toString(record.version()), null, null);
		this.wizardItems.upsertOpen(add, now);
		Long staged = this.wizardItems.findOpen(companyId, WizardItems.key(Direction.EXPORT, record.id(),
				mapped.type().name(), null)).map(WizardItem::id).orElse(null);
		this.decisions.record(companyId, staged, actor, "CLEAR_ID", type.path() + "/" + externalId + " was linked to "
				+ linked + (stillThere ? " (still in QuickBooks)" : ""), now);
		return new ClearIdAnswer("CLEARED", "The QuickBooks ID is cleared. The record waits in the Sync Wizard as a new "
				+ "Add.", linked, stillThere, matches, staged);
	}

}
