package io.qbsync.wizard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.qbsync.company.Company;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.Field;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.request.FieldIssue;
import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.quickbooks.QuickBooksChange;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.singleops.Change;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.match.DuplicateMatcher;
import io.qbsync.wizard.match.MatchCandidate;
import io.qbsync.wizard.match.MatchStrength;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import static io.qbsync.wizard.FieldDiffs.conflictDiff;
import static io.qbsync.wizard.FieldDiffs.diff;
import static io.qbsync.wizard.FieldDiffs.text;

/**
 * Decides what one change in the field-service app means for the wizard (the export side of the scan;
 * {@link QuickBooksChangePlanner} plans QuickBooks' changes): which item to open or refresh, with its action, field changes
 * and validation problems, and which open item no longer has anything to do. Always from the record's latest state,
 * so reading a change twice gives the same answer.
 */
@Component
public class ScanPlanner {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The rule of the problem that holds an Add until QuickBooks' list of its type has been read once. */
	public static final String FIRST_READ = "FIRST_READ";

	/** What a change means: items to withdraw, and the item to open or refresh (or none). */
	record Plan(List<String> withdraw, WizardItem item) {

		static Plan nothing() {
			return new Plan(List.of(), null);
		}

	}

	private final SingleOpsValues values;

	private final DuplicateMatcher matcher;

	private final WizardItems items;

	private final QuickBooksChanges quickBooksChanges;

	ScanPlanner(SingleOpsValues values, DuplicateMatcher matcher, WizardItems items,
			QuickBooksChanges quickBooksChanges) {
		this.values = values;
		this.matcher = matcher;
		this.items = items;
		this.quickBooksChanges = quickBooksChanges;
	}

	/**
	 * A change in the field-service app: ADD, LINK, UPDATE, DELETE/INACTIVATE, or CONFLICT. {@code lookups} reads the
	 * record, the company and its directions (for the step that plans the change).
	 */
	Plan export(Change change, ScanLookups lookups) {
		long companyId = change.companyId();
		StoredRecord record = lookups.record(companyId, change.recordId()).orElse(null);
		if (record == null) {
			return Plan.nothing();
		}
		SingleOpsValues.Mapped mapped = this.values.map(record);
		EntityType type = mapped.type();
		String key = WizardItems.key(Direction.EXPORT, record.id(), type.name(), null);
		if (!lookups.direction(companyId, type.name()).exportOn()) {
			return Plan.nothing();
		}
		if (lookups.decidedExport(companyId, record.id(), Integer.toString(record.version()))) {
			// this version is approved, on its way, synced, failed or cleared: nothing new for the wizard
			return Plan.nothing();
		}
		String qbId = record.quickBooks().id();
		String label = type.label() + " \"" + display(record, mapped) + "\"";
		Instant synced = record.quickBooks().lastSyncedAt();
		if (qbId != null && synced != null && !record.updatedAt().isAfter(synced)) {
			// not changed (nor deleted) in the field-service app since it last went to QuickBooks
			return new Plan(List.of(key), null);
		}
		boolean underway = (qbId == null) && lookups.exportUnderway(companyId, record.id());
		if (record.deleted()) {
			if (qbId == null && !underway) {
				return new Plan(List.of(key), null);
			}
			// an Add (or link) still on its way will make the record exist in QuickBooks: the delete follows it there
			WizardAction action = type.isList() ? WizardAction.INACTIVATE : WizardAction.DELETE;
			String summary = (type.isList() ? "Make " : "Delete ") + label + (type.isList() ? " inactive" : "")
					+ " in QuickBooks (deleted in the field-service app"
					+ (underway ? "; it goes once its Add has reached QuickBooks" : "") + ")";
			return new Plan(List.of(), item(companyId, Direction.EXPORT, type, record, qbId, action, summary, List.of(),
					List.of(), null, false, Integer.toString(record.version())));
		}
		Company company = lookups.company(companyId);
		if (qbId == null) {
			List<ItemProblem> problems = problems(company, type, mapped.values(), null);
			List<FieldChange> changes = diff(type, Map.of(), mapped.values());
			// a record whose own Add is on its way is about to have its object: never linked to another one (found
			// by the soak, seed 583639040). This change follows that Add, as a change of the object it makes.
			Optional<MatchCandidate> match = (!underway && lookups.mayMatch(companyId, record.type()))
					? this.matcher.match(companyId, record.type(), record.body()) : Optional.empty();
			if (match.isPresent()) {
				MatchCandidate m = match.get();
				boolean weak = m.strength() == MatchStrength.WEAK;
				String summary = "Link " + label + " to the QuickBooks " + type.label() + " \"" + m.displayName() + "\" ("
						+ m.reason() + (weak ? "; please check" : "") + ") instead of adding a duplicate";
				// the object the record links to is not new to the host app: never offered both ways
				return new Plan(List.of(WizardItems.key(Direction.IMPORT, null, m.objectType(), m.qbId())), item(companyId, Direction.EXPORT, type, record, m.qbId(), WizardAction.LINK,
						summary, changes, problems, JSON.writeValueAsString(m), weak,
						Integer.toString(record.version())));
			}
			if (!underway && !lookups.listRead(companyId, type.name())) {
				// QuickBooks' list has not been read yet, so "no match" proves nothing (day one with an existing
				// company file): no Add until it has; the next scan after that read offers an Add or a link
				problems = new ArrayList<>(problems);
				problems.add(new ItemProblem(null, FIRST_READ, null, "Waiting for qbsync's first read of the "
						+ "QuickBooks " + type.label() + " list: until then it cannot tell whether QuickBooks already has "
						+ "this " + type.label() + ". Run the Web Connector once; the next scan offers it again, as an "
						+ "Add or as a link to the one QuickBooks has.", true));
			}
			String summary = underway ? label + " changed again while its Add is on its way: the change goes to QuickBooks "
					+ "once the Add has arrived" : "Add " + label + " to QuickBooks";
			return new Plan(List.of(), item(companyId, Direction.EXPORT, type, record, null, WizardAction.ADD, summary,
					changes, problems, null, false, Integer.toString(record.version())));
		}
		Optional<QuickBooksChange> latest = this.quickBooksChanges.latest(companyId, type.name(), qbId);
		Map<String, Object> before = latest.filter((c) -> !c.deleted()).map((c) -> read(type, c)).orElse(Map.of());
		List<FieldChange> changes = diff(type, landed(before, lookups.changesUnderway(companyId, record.id())),
				mapped.values());
		if (changes.isEmpty()) {
			return new Plan(List.of(key), null);
		}
		List<ItemProblem> problems = problems(company, type, mapped.values(), qbId);
		String importKey = WizardItems.key(Direction.IMPORT, record.id(), type.name(), qbId);
		// changed in QuickBooks too: an open import item, or a conflict already open for the record (building it
		// withdrew the import item, and a further edit here must not turn it into a plain update)
		boolean changedThere = this.items.findOpen(companyId, importKey).isPresent() || this.items.findOpen(companyId, key)
			.filter((open) -> open.action() == WizardAction.CONFLICT)
			.isPresent();
		if (changedThere) {
			return new Plan(List.of(importKey), item(companyId, Direction.EXPORT, type, record, qbId,
					WizardAction.CONFLICT, label + " changed in both the field-service app and QuickBooks: choose which "
							+ "version to keep",
					conflictDiff(type, before, mapped.values()), problems, null, true,
					Integer.toString(record.version())));
		}
		return new Plan(List.of(), item(companyId, Direction.EXPORT, type, record, qbId, WizardAction.UPDATE,
				"Update " + label + " in QuickBooks (" + changes.size() + " field" + (changes.size() == 1 ? "" : "s")
						+ ")",
				changes, problems, null, false, Integer.toString(record.version())));
	}

	/**
	 * What QuickBooks holds once the record's changes on their way have landed. Compared with QuickBooks' last known
	 * values alone, a record set back to them while another change of it is underway (the host app applying the
	 * bookkeeper's edit from the feed, say) looks unchanged, and the change underway then overwrites it for good.
	 */
	private static Map<String, Object> landed(Map<String, Object> before, List<FieldChange> underway) {
		if (underway.isEmpty()) {
			return before;
		}
		Map<String, Object> landed = new HashMap<>(before);
		for (FieldChange change : underway) {
			if (!change.field().equals(LineSpec.LINES)) {
				landed.put(change.field(), change.after());
			}
		}
		return landed;
	}

	private List<ItemProblem> problems(Company company, EntityType type, Map<String, Object> values, String qbId) {
		RequestWriter writer = new RequestWriter(
				QbxmlVersion.parse(company.qbxmlVersion()).orElse(QbxmlVersion.NEWEST), company.allowTruncation());
		List<FieldIssue> issues = (qbId == null) ? writer.addIssues(type, values) : writer.modIssues(type, values);
		List<ItemProblem> problems = new ArrayList<>();
		for (FieldIssue issue : issues) {
			if (issue.rule() == FieldIssue.Rule.REQUIRED && isParentId(type, issue.field())) {
				// a payment's invoice not in QuickBooks yet: release holds the payment until it is ("blocked by")
				continue;
			}
			problems.add(new ItemProblem(issue.field(), issue.rule().name(), issue.limit(), issue.message(),
					issue.isError()));
		}
		return problems;
	}

	/** Whether a field holds the QuickBooks id of a parent record (filled in once that parent is in QuickBooks). */
	private static boolean isParentId(EntityType type, String name) {
		List<Field> fields = new ArrayList<>(type.addFields());
		if (type.lines() != null) {
			fields.addAll(type.lines().addFields());
		}
		return fields.stream().anyMatch((f) -> f.name().equals(name) && f.kind() == io.qbsync.qbxml.entity.FieldKind.ID);
	}

	/** A QuickBooks object from the change set, under our field names. */
	static Map<String, Object> read(EntityType type, QuickBooksChange change) {
		return QuickBooksChanges.values(type, change.data());
	}

	static String display(StoredRecord record, SingleOpsValues.Mapped mapped) {
		Object shown = mapped.values().get(mapped.type().displayField());
		return (shown != null) ? text(shown) : record.externalId();
	}

	static WizardItem item(long companyId, Direction direction, EntityType type, StoredRecord record, String qbId,
			WizardAction action, String summary, List<FieldChange> changes, List<ItemProblem> problems,
			String candidate, boolean needsReview, String sourceVersion) {
		return new WizardItem(0, companyId, direction, type.name(), (record != null) ? record.id() : null,
				(record != null) ? record.type().path() : null, (record != null) ? record.externalId() : null, qbId,
				action, WizardItemState.OPEN, summary, changes, problems, candidate, needsReview, sourceVersion, null,
				null);
	}

}
