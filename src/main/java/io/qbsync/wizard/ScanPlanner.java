package io.qbsync.wizard;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.qbsync.company.Company;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.Field;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.entity.QbRef;
import io.qbsync.qbxml.request.FieldIssue;
import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.qbxml.request.RequestWriter;
import io.qbsync.quickbooks.QuickBooksChange;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.quickbooks.QuickBooksFeed;
import io.qbsync.singleops.Change;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.match.DuplicateMatcher;
import io.qbsync.wizard.match.MatchCandidate;
import io.qbsync.wizard.match.MatchStrength;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides what one change (from either change set) means for the wizard: which item to open or refresh, with its
 * action, field changes and validation problems, and which open item no longer has anything to do. Always from the
 * record's latest state, so reading a change twice gives the same answer.
 */
@Component
public class ScanPlanner {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final UUID NO_IDENTITY_YET = new UUID(0, 0);

	/** The rule of the problem that holds an Add until QuickBooks' list of its type has been read once. */
	public static final String FIRST_READ = "FIRST_READ";

	/** What a change means: items to withdraw, and the item to open or refresh (or none). */
	record Plan(List<String> withdraw, WizardItem item) {

		static Plan nothing() {
			return new Plan(List.of(), null);
		}

	}

	private final SingleOpsRecords records;

	private final SingleOpsValues values;

	private final DuplicateMatcher matcher;

	private final WizardItems items;

	private final JdbcClient jdbc;

	private final QuickBooksFeed feed;

	ScanPlanner(SingleOpsRecords records, SingleOpsValues values, DuplicateMatcher matcher, WizardItems items,
			QuickBooksFeed feed, JdbcClient jdbc) {
		this.feed = feed;
		this.records = records;
		this.values = values;
		this.matcher = matcher;
		this.items = items;
		this.jdbc = jdbc;
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
		if (record.deleted()) {
			boolean underway = (qbId == null) && this.items.exportUnderway(companyId, record.id());
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
			Optional<MatchCandidate> match = lookups.mayMatch(companyId, record.type())
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
			if (!lookups.listRead(companyId, type.name())) {
				// QuickBooks' list has not been read yet, so "no match" proves nothing (day one with an existing
				// company file): no Add until it has; the next scan after that read offers an Add or a link
				problems = new ArrayList<>(problems);
				problems.add(new ItemProblem(null, FIRST_READ, null, "Waiting for qbsync's first read of the "
						+ "QuickBooks " + type.label() + " list: until then it cannot tell whether QuickBooks already has "
						+ "this " + type.label() + ". Run the Web Connector once; the next scan offers it again, as an "
						+ "Add or as a link to the one QuickBooks has.", true));
			}
			return new Plan(List.of(), item(companyId, Direction.EXPORT, type, record, null, WizardAction.ADD,
					"Add " + label + " to QuickBooks", changes, problems, null, false,
					Integer.toString(record.version())));
		}
		Optional<QuickBooksChange> latest = latestInQuickBooks(companyId, type.name(), qbId);
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

	/** A change in QuickBooks: NEW, CHANGED or DELETED in QuickBooks, or a CONFLICT with a pending export. */
	Plan imported(QuickBooksChange change, ScanLookups lookups) {
		long companyId = change.companyId();
		EntityType type = Entities.byName(change.objectType()).orElse(null);
		if (type == null || !lookups.direction(companyId, type.name()).importOn()) {
			return Plan.nothing();
		}
		Optional<QuickBooksChange> latest = latestInQuickBooks(companyId, change.objectType(), change.qbId());
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
		Plan replanned = export(new Change(0, change.companyId(), record.id(), record.type(), record.externalId(),
				null, record.version(), null, null), lookups);
		if (replanned.item() == null || replanned.item().action() != WizardAction.LINK
				|| !change.qbId().equals(replanned.item().qbId())) {
			return Optional.empty();
		}
		return Optional.of(replanned);
	}

	private List<ItemProblem> problems(Company company, EntityType type, Map<String, Object> values, String qbId) {
		RequestWriter writer = new RequestWriter(
				QbxmlVersion.parse(company.qbxmlVersion()).orElse(QbxmlVersion.NEWEST), company.allowTruncation());
		QbxmlRequest request = (qbId == null) ? writer.add(type, "check", NO_IDENTITY_YET, values)
				: writer.mod(type, "check", qbId, "0", values);
		List<ItemProblem> problems = new ArrayList<>();
		for (FieldIssue issue : request.issues()) {
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

	/**
	 * The fields a conflict is about: those that differ and that the field-service app carries. A field it has no
	 * value for is never sent to QuickBooks, so QuickBooks' value of it stays whichever side is kept: no difference.
	 */
	public static List<FieldChange> conflictDiff(EntityType type, Map<String, Object> quickBooks,
			Map<String, Object> ours) {
		return diff(type, quickBooks, ours).stream()
			.filter((c) -> LineSpec.LINES.equals(c.field()) || ours.get(c.field()) != null)
			.toList();
	}

	/** The fields that differ, with our labels; lines compared as one readable text. */
	public static List<FieldChange> diff(EntityType type, Map<String, Object> before, Map<String, Object> after) {
		List<FieldChange> changes = new ArrayList<>();
		for (Field field : type.addFields()) {
			if (field.name().equals(EntityType.EXTERNAL_GUID)) {
				continue;
			}
			Object was = before.get(field.name());
			Object now = after.get(field.name());
			if (!same(was, now)) {
				changes.add(new FieldChange(field.name(), field.label(), text(was), text(now)));
			}
		}
		if (type.lines() != null && !sameLines(type, before.get(LineSpec.LINES), after.get(LineSpec.LINES))) {
			changes.add(new FieldChange(LineSpec.LINES, "lines", lines(type, before.get(LineSpec.LINES)),
					lines(type, after.get(LineSpec.LINES))));
		}
		return changes;
	}

	/** Equal for the admin: references by ListID when both sides have one, else by name; numbers by value. */
	static boolean same(Object a, Object b) {
		if (a instanceof QbRef x && b instanceof QbRef y) {
			return (x.hasId() && y.hasId()) ? x.listId().equals(y.listId())
					: Objects.equals(x.fullName(), y.fullName()) && x.fullName() != null;
		}
		return Objects.equals(text(a), text(b));
	}

	private static boolean sameLines(EntityType type, Object a, Object b) {
		List<?> x = (a instanceof List<?> l) ? l : List.of();
		List<?> y = (b instanceof List<?> l) ? l : List.of();
		if (x.size() != y.size()) {
			return false;
		}
		for (int i = 0; i < x.size(); i++) {
			for (Field field : type.lines().addFields()) {
				if (!same(((Map<?, ?>) x.get(i)).get(field.name()), ((Map<?, ?>) y.get(i)).get(field.name()))) {
					return false;
				}
			}
		}
		return true;
	}

	private static String lines(EntityType type, Object lines) {
		if (!(lines instanceof List<?> list) || list.isEmpty()) {
			return null;
		}
		List<String> texts = new ArrayList<>();
		for (Object line : list) {
			Map<?, ?> l = (Map<?, ?>) line;
			List<String> parts = new ArrayList<>();
			for (Field field : type.lines().addFields()) {
				String value = text(l.get(field.name()));
				if (value != null) {
					parts.add(field.label() + " " + value);
				}
			}
			texts.add(String.join(", ", parts));
		}
		return String.join("; ", texts);
	}

	/** A value as the admin reads it; equal values give equal texts (2 and 2.00 alike). */
	public static String text(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof QbRef ref) {
			return (ref.fullName() != null) ? ref.fullName() : ref.listId();
		}
		if (value instanceof BigDecimal d) {
			return d.stripTrailingZeros().toPlainString();
		}
		if (value instanceof Boolean b) {
			return b ? "yes" : "no";
		}
		String text = value.toString().strip();
		return text.isEmpty() ? null : text;
	}

	private Optional<QuickBooksChange> latestInQuickBooks(long companyId, String objectType, String qbId) {
		return this.jdbc.sql("""
				SELECT id, company_id, object_type, qb_id, edit_sequence, deleted, display_name, time_modified, data,
					document_id, received_at
				FROM quickbooks_changes WHERE company_id = ? AND qb_id = ? AND object_type = ? ORDER BY id DESC LIMIT 1
				""")
			.params(companyId, qbId, objectType)
			.query((rs, row) -> new QuickBooksChange(rs.getLong("id"), rs.getLong("company_id"),
					rs.getString("object_type"), rs.getString("qb_id"), rs.getString("edit_sequence"),
					rs.getBoolean("deleted"), rs.getString("display_name"), rs.getString("time_modified"),
					rs.getString("data"), rs.getLong("document_id"), null))
			.optional();
	}

	/** A QuickBooks object from the change set, under our field names. */
	static Map<String, Object> read(EntityType type, QuickBooksChange change) {
		return QuickBooksChanges.values(type, change.data());
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

	private static String display(StoredRecord record, SingleOpsValues.Mapped mapped) {
		Object shown = mapped.values().get(mapped.type().displayField());
		return (shown != null) ? text(shown) : record.externalId();
	}

	private WizardItem item(long companyId, Direction direction, EntityType type, StoredRecord record, String qbId,
			WizardAction action, String summary, List<FieldChange> changes, List<ItemProblem> problems,
			String candidate, boolean needsReview, String sourceVersion) {
		return new WizardItem(0, companyId, direction, type.name(), (record != null) ? record.id() : null,
				(record != null) ? record.type().path() : null, (record != null) ? record.externalId() : null, qbId,
				action, WizardItemState.OPEN, summary, changes, problems, candidate, needsReview, sourceVersion, null,
				null);
	}

}
