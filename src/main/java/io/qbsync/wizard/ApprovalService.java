package io.qbsync.wizard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.qbsync.company.CompanyService;
import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.quickbooks.QuickBooksFeed;
import io.qbsync.singleops.QuickBooksLink;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.singleops.SyncState;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Approve Checked: the checked items are approved (exports go on to release, imports are applied and published to the
 * host app at once), the unchecked ones are kept for next time or cleared, as one rule says (with per-item overrides),
 * and a conflict is settled by taking one side. Also the cleared list's undo. Every decision goes to the audit trail.
 * <p>
 * Over 400 lines on purpose: one use case, whose checks and per-item decisions are read together.
 */
@Service
public class ApprovalService {

	/** What happens to the items left unchecked. */
	public enum Unchecked {

		/** They stay in the wizard and are shown again. */
		KEEP,
		/** They are dismissed until their record changes again. */
		CLEAR

	}

	/** Which version of a record changed on both sides wins. */
	public enum Side {

		SINGLEOPS, QUICKBOOKS

	}

	/**
	 * One Approve Checked. Only the items it names are read, locked and decided: the {@code checked} ones, those with
	 * an {@code override} or a {@code resolution}, and the {@code shown} ones (the page the admin saw), to which the
	 * {@code unchecked} rule applies when they are not checked, except to a blocked item (one the admin could not
	 * check): it is kept unless its own override says CLEAR. Without {@code shown} the rule applies to no other
	 * item, unless {@code allOpen} is true: then it applies to every open item of the company (read in batches of
	 * {@value ApprovalService#ALL_OPEN_BATCH}), which the caller must ask for explicitly.
	 */
	public record Approval(List<Long> checked, Unchecked unchecked, Map<Long, Unchecked> overrides,
			Map<Long, Side> resolutions, List<Long> shown, Boolean allOpen) {
	}

	/** What Approve Checked did. {@code skipped}: checked items that cannot sync as they are (they stay open). */
	public record Outcome(int approved, int kept, int cleared, int exports, List<Skipped> skipped) {
	}

	public record Skipped(long id, String reason) {
	}

	static final String SYSTEM = "qbsync";

	/** Ids one approval may name (checked, shown, overrides, resolutions together). */
	static final int MAX_NAMED = 10_000;

	/** Open items read (and locked) at a time when the unchecked rule is for all of them. */
	static final int ALL_OPEN_BATCH = 500;

	private final WizardItems items;

	private final ItemTransitions syncItems;

	private final Decisions decisions;

	private final QuickBooksFeed feed;

	private final SingleOpsRecords records;

	private final CompanyService companies;

	private final Clock clock;

	private final SingleOpsValues values;

	private final ApplicationEventPublisher events;

	ApprovalService(WizardItems items, ItemTransitions syncItems, Decisions decisions, QuickBooksFeed feed,
			SingleOpsRecords records, SingleOpsValues values, CompanyService companies, Clock clock,
			ApplicationEventPublisher events) {
		this.values = values;
		this.events = events;
		this.items = items;
		this.syncItems = syncItems;
		this.decisions = decisions;
		this.feed = feed;
		this.records = records;
		this.companies = companies;
		this.clock = clock;
	}

	/**
	 * Decides the items the approval names (and, with {@code allOpen}, every open item) in one transaction; bad input
	 * changes nothing (400). Approved exports are announced ({@link ExportsApproved}): release takes them after the
	 * commit, before this returns.
	 */
	@Transactional
	public Outcome approve(long companyId, String actor, Approval approval) {
		this.companies.get(companyId);
		Instant now = this.clock.instant();
		checkShape(approval);
		Map<Long, Unchecked> overrides = (approval.overrides() != null) ? approval.overrides() : Map.of();
		Map<Long, Side> resolutions = (approval.resolutions() != null) ? approval.resolutions() : Map.of();
		Set<Long> named = new HashSet<>(approval.checked());
		named.addAll(overrides.keySet());
		named.addAll(resolutions.keySet());
		if (approval.shown() != null) {
			named.addAll(approval.shown());
		}
		List<WizardItem> locked = this.items.lockOpen(companyId, named);
		Map<Long, WizardItem> byId = new HashMap<>();
		locked.forEach((i) -> byId.put(i.id(), i));
		validate(approval, byId);
		Decider decider = new Decider(new HashSet<>(approval.checked()), overrides, resolutions, approval.unchecked(),
				actor, now);
		locked.forEach(decider::decide);
		if (Boolean.TRUE.equals(approval.allOpen())) {
			long after = 0;
			List<WizardItem> batch;
			do {
				batch = this.items.lockOpenAfter(companyId, after, ALL_OPEN_BATCH);
				for (WizardItem item : batch) {
					if (!named.contains(item.id())) {
						decider.decide(item);
					}
					after = item.id();
				}
				this.decisions.recordAll(decider.trail);
				decider.trail.clear();
			}
			while (batch.size() == ALL_OPEN_BATCH);
		}
		this.decisions.recordAll(decider.trail);
		// kept items come back once the Web Connector has run after this approval (the article's Keep)
		this.items.keep(companyId, decider.keptIds, now);
		if (decider.exports > 0) {
			this.events.publishEvent(new ExportsApproved(companyId, decider.exports));
		}
		return new Outcome(decider.approved, decider.kept, decider.cleared, decider.exports, decider.skipped);
	}

	/** Decides items one by one and counts what it did; the audit trail rows wait in {@code trail}. */
	private final class Decider {

		private final Set<Long> checked;

		private final Map<Long, Unchecked> overrides;

		private final Map<Long, Side> resolutions;

		private final Unchecked rule;

		private final String actor;

		private final Instant now;

		private final List<Decisions.Decision> trail = new ArrayList<>();

		private final List<Skipped> skipped = new ArrayList<>();

		private final List<Long> keptIds = new ArrayList<>();

		private int approved;

		private int kept;

		private int cleared;

		private int exports;

		Decider(Set<Long> checked, Map<Long, Unchecked> overrides, Map<Long, Side> resolutions, Unchecked rule,
				String actor, Instant now) {
			this.checked = checked;
			this.overrides = overrides;
			this.resolutions = resolutions;
			this.rule = rule;
			this.actor = actor;
			this.now = now;
		}

		void decide(WizardItem item) {
			if (this.checked.contains(item.id())) {
				if (item.blocked()) {
					this.skipped.add(new Skipped(item.id(), "Not approved: " + item.problems().stream()
						.filter(ItemProblem::blocking)
						.map(ItemProblem::message)
						.reduce((a, b) -> a + "; " + b)
						.orElse("the record breaks one of QuickBooks' rules") + " Fix it in the field-service app."));
					this.trail.add(decision(item, this.actor, "SKIP", "checked, but it cannot sync as it is", this.now));
					return;
				}
				Side side = this.resolutions.get(item.id());
				boolean export = approveOne(item, side, this.actor, this.now);
				this.exports += export ? 1 : 0;
				this.approved++;
				this.trail.add(decision(item, this.actor, (side != null) ? "RESOLVE_" + side : "APPROVE", item.summary(),
						this.now));
			}
			else if (this.overrides.getOrDefault(item.id(), item.blocked() ? Unchecked.KEEP : this.rule) == Unchecked.CLEAR) {
				ApprovalService.this.syncItems.clear(item.id(), this.actor, this.now);
				this.cleared++;
				this.trail.add(decision(item, this.actor, "CLEAR", item.summary(), this.now));
			}
			else {
				this.kept++;
				this.keptIds.add(item.id());
				this.trail.add(decision(item, this.actor, "KEEP", item.summary(), this.now));
			}
		}

	}

	/** What can be checked before reading anything: the required fields, and how many ids one approval may name. */
	private static void checkShape(Approval approval) {
		List<FieldProblem> problems = new ArrayList<>();
		if (approval.checked() == null) {
			problems.add(new FieldProblem("checked", "is required: the ids of the checked items (may be empty)"));
		}
		if (approval.unchecked() == null) {
			problems.add(new FieldProblem("unchecked", "is required: KEEP (show them again) or CLEAR (dismiss them)"));
		}
		if (approval.checked() != null && approval.checked().stream().anyMatch(java.util.Objects::isNull)) {
			problems.add(new FieldProblem("checked", "holds an empty id; send the ids of the checked items only"));
		}
		if (approval.shown() != null && approval.shown().stream().anyMatch(java.util.Objects::isNull)) {
			problems.add(new FieldProblem("shown", "holds an empty id; send the ids of the items on the page only"));
		}
		if (approval.shown() != null && Boolean.TRUE.equals(approval.allOpen())) {
			problems.add(new FieldProblem("allOpen", "send either shown (the items on the page) or allOpen: true "
					+ "(the rule for every open item), not both"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException("Approve Checked needs the checked items and a rule for the others.",
					problems);
		}
		long named = approval.checked().size() + ((approval.shown() != null) ? approval.shown().size() : 0)
				+ ((approval.overrides() != null) ? approval.overrides().size() : 0)
				+ ((approval.resolutions() != null) ? approval.resolutions().size() : 0);
		if (named > MAX_NAMED) {
			throw new InvalidInputException("Nothing was approved: the request names too many items.",
					List.of(new FieldProblem("checked", "checked, shown, overrides and resolutions together name "
							+ named + " ids; at most " + MAX_NAMED + " at once. Approve a page at a time (GET "
							+ ".../wizard?page=&size=), or use allOpen: true to apply the unchecked rule to all")));
		}
	}

	private static void validate(Approval approval, Map<Long, WizardItem> open) {
		List<FieldProblem> problems = new ArrayList<>();
		Set<Long> checked = new HashSet<>(approval.checked());
		for (Long id : approval.checked()) {
			if (!open.containsKey(id)) {
				problems.add(new FieldProblem("checked", "item " + id + " is not waiting in this company's wizard "
						+ "(already decided, or not this company's); reload the wizard"));
			}
		}
		Map<Long, Unchecked> overrides = (approval.overrides() != null) ? approval.overrides() : Map.of();
		overrides.forEach((id, rule) -> {
			if (!open.containsKey(id) || checked.contains(id) || rule == null) {
				problems.add(new FieldProblem("overrides." + id, "an override is for an unchecked item of this wizard, "
						+ "with KEEP or CLEAR"));
			}
		});
		Map<Long, Side> resolutions = (approval.resolutions() != null) ? approval.resolutions() : Map.of();
		resolutions.forEach((id, side) -> {
			WizardItem item = open.get(id);
			if (item == null || item.action() != WizardAction.CONFLICT || side == null) {
				problems.add(new FieldProblem("resolutions." + id,
						"a resolution is for a conflict item of this wizard, with SINGLEOPS or QUICKBOOKS"));
			}
		});
		for (Long id : checked) {
			WizardItem item = open.get(id);
			if (item != null && item.action() == WizardAction.CONFLICT && !resolutions.containsKey(id)) {
				problems.add(new FieldProblem("resolutions." + id, "item " + id + " changed on both sides: choose "
						+ "SINGLEOPS (send the field-service version) or QUICKBOOKS (keep QuickBooks' version)"));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException("Nothing was approved: some of the request does not fit this wizard.",
					problems);
		}
	}

	/** A conflict's summary once a side is chosen: which version was kept, no longer what to do. */
	static String decidedSummary(WizardItem item, Side side) {
		if (item.action() != WizardAction.CONFLICT || side == null) {
			return item.summary();
		}
		return item.summary().replaceFirst(": choose which version to keep$", "") + ": "
				+ ((side == Side.QUICKBOOKS) ? "QuickBooks' version kept" : "the field-service app's version kept");
	}

	/** Approves one item; answers whether it is an export that release now takes. */
	private boolean approveOne(WizardItem item, Side side, String actor, Instant now) {
		boolean export = item.direction() == Direction.EXPORT && side != Side.QUICKBOOKS;
		if (!export) {
			this.syncItems.approveImport(item.id(), actor, side, decidedSummary(item, side), now);
			applyFromQuickBooks(item, side != null, now);
			this.syncItems.importApplied(item.id(), item.qbId(), now);
			return false;
		}
		WizardAction action = (item.action() == WizardAction.CONFLICT) ? WizardAction.UPDATE : item.action();
		if (side == Side.SINGLEOPS && item.recordId() != null) {
			// our version wins: it goes out on QuickBooks' latest EditSequence, over their change
			this.feed.latestLive(item.companyId(), item.objectType(), item.qbId()).ifPresent((latest) -> {
				StoredRecord record = this.records.findById(item.companyId(), item.recordId()).orElseThrow();
				this.records.setQuickBooksLink(item.companyId(), record.id(), new QuickBooksLink(record.quickBooks().id(),
						latest.editSequence(), record.quickBooks().lastSyncedAt(), record.quickBooks().syncState()));
			});
		}
		this.syncItems.approveExport(item.id(), actor, action, side, decidedSummary(item, side),
				rank(item.objectType(), action), now);
		return true;
	}

	/**
	 * An approved change from QuickBooks: published to the host app's feed, and the record's link brought up to
	 * QuickBooks' version (so the same change is not offered again). A deletion unlinks the record.
	 */
	private void applyFromQuickBooks(WizardItem item, boolean conflict, Instant now) {
		boolean deletion = item.action() == WizardAction.DELETED_IN_QUICKBOOKS;
		Optional<QuickBooksFeed.Latest> latest = this.feed.latest(item.companyId(), item.objectType(), item.qbId());
		// a change approved after the object was deleted in QuickBooks: the host gets the change as it was, and the
		// deletion comes as its own item (the record keeps its link until that one is approved)
		boolean deletedSince = !deletion && latest.isPresent() && latest.get().deleted();
		if (deletedSince) {
			latest = this.feed.latestLive(item.companyId(), item.objectType(), item.qbId());
		}
		String action = conflict ? "CHANGED_IN_QUICKBOOKS" : item.action().name();
		StoredRecord record = (item.recordId() != null)
				? this.records.findById(item.companyId(), item.recordId()).orElse(null) : null;
		// an object deleted after its record was linked to another one (added again when QuickBooks answered 3140 for
		// it): the deletion is no longer the record's, so the host is not told to delete it and its link stays
		boolean left = deletion && record != null && !Objects.equals(record.quickBooks().id(), item.qbId());
		this.feed.publish(item.companyId(), item.id(), action, item.objectType(), item.qbId(),
				left ? null : item.recordType(), left ? null : item.externalId(),
				latest.filter((l) -> !l.deleted()).map(QuickBooksFeed.Latest::data).orElse(null), now);
		if (record == null || deletedSince || left) {
			return;
		}
		if (deletion) {
			this.records.clearQuickBooksLink(item.companyId(), record.id());
			if (!record.deleted()) {
				offerAddAgain(record, now);
			}
			return;
		}
		String editSequence = latest.map(QuickBooksFeed.Latest::editSequence).orElse(record.quickBooks().editSequence());
		// a conflict settled for QuickBooks drops the field-service change it weighed: the record counts as synced as
		// of that version, not of now, so a change made since (a deletion too) still goes to QuickBooks
		boolean weighed = conflict && !record.deleted()
				&& Integer.toString(record.version()).equals(item.sourceVersion());
		this.records.setQuickBooksLink(item.companyId(), record.id(), new QuickBooksLink(record.quickBooks().id(),
				editSequence, weighed ? record.updatedAt() : record.quickBooks().lastSyncedAt(), SyncState.SYNCED));
	}

	/**
	 * A record whose QuickBooks object the bookkeeper deleted, and which the field-service app still has (the host
	 * may not delete it, or may keep it): offered as an Add in the wizard, so it is never left in neither place
	 * unnoticed. If the host deletes the record after all, the next scan withdraws the offer.
	 */
	private void offerAddAgain(StoredRecord record, Instant now) {
		SingleOpsValues.Mapped mapped = this.values.map(record);
		io.qbsync.qbxml.entity.EntityType type = mapped.type();
		Object shown = mapped.values().get(type.displayField());
		String label = type.label() + " \"" + ((shown != null) ? FieldDiffs.text(shown) : record.externalId()) + "\"";
		this.items.upsertOpen(new WizardItem(0, record.companyId(), Direction.EXPORT, type.name(), record.id(),
				record.type().path(), record.externalId(), null, WizardAction.ADD, WizardItemState.OPEN,
				"Add " + label + " to QuickBooks again (deleted in QuickBooks; the field-service app still has it)",
				FieldDiffs.diff(type, Map.of(), mapped.values()), List.of(), null, true,
				Integer.toString(record.version()), null, null), now);
	}

	/** Dependency order for release: parents first; deletions after everything else, children before parents. */
	public static int rank(String objectType, WizardAction action) {
		int index = Entities.byName(objectType).map((t) -> Entities.all().indexOf(t)).orElse(Entities.all().size());
		return (action == WizardAction.DELETE || action == WizardAction.INACTIVATE) ? 1000 - index : index;
	}

	/** Brings a cleared item back into the wizard (409 if a newer change of its record is already there). */
	@Transactional
	public WizardItem undoClear(long companyId, long itemId, String actor) {
		Instant now = this.clock.instant();
		WizardItem item = this.items.find(companyId, itemId)
			.orElseThrow(() -> new NotFoundException("Company " + companyId + " has no wizard item " + itemId + "."));
		if (item.state() != WizardItemState.CLEARED) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "Item " + itemId + " is not cleared (it is "
					+ item.state().name().toLowerCase() + "); nothing was changed.", List.of());
		}
		String key = WizardItems.key(item.direction(), item.recordId(), item.objectType(), item.qbId());
		if (this.items.findOpen(companyId, key).isPresent()) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "A newer change of this record is already in the Sync "
					+ "Wizard; approve or clear that one instead. Nothing was changed.", List.of());
		}
		this.syncItems.unclear(itemId, key, now);
		this.decisions.record(companyId, itemId, actor, "UNDO_CLEAR", item.summary(), now);
		return this.items.find(companyId, itemId).orElseThrow();
	}

	private static Decisions.Decision decision(WizardItem item, String actor, String what, String detail, Instant now) {
		return new Decisions.Decision(0, item.companyId(), item.id(), actor, what, detail, now);
	}

}
