package io.qbsync.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-memory company file behind {@link FakeQuickBooks}: records of every type keyed by ListID/TxnID, the
 * id/EditSequence/time generators, reference resolution, name uniqueness and Ret rendering.
 * Public so tests and new handlers can inspect or seed data directly.
 */
public final class QbStore {

	/** A reference element (e.g. {@code ItemRef}) and the types it may point to. */
	public record RefTarget(String label, List<String> typeNames) {
	}

	/** What ListDeletedQuery/TxnDeletedQuery report for a deleted record. */
	public record Tombstone(boolean list, String delType, String id, Instant timeCreated, Instant timeDeleted,
			String fullNameOrRefNumber) {
	}

	private static final DateTimeFormatter QB_DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

	private static final Pattern DATETIME = Pattern
		.compile("(\\d{4}-\\d{2}-\\d{2})(?:T(\\d{2})(?::(\\d{2})(?::(\\d{2}))?)?([+-]\\d{2}:\\d{2})?)?");

	private final Clock clock;

	private final ZoneId zone;

	private final boolean standardOffsetOnly;

	private final Map<String, QbObjectType> types = new LinkedHashMap<>();

	private final Map<String, RefTarget> refs = new LinkedHashMap<>();

	private final Map<String, QbRecord> records = new LinkedHashMap<>();

	private final List<Tombstone> tombstones = new ArrayList<>();

	private long listCounter = 0x80000000L;

	private long txnCounter = 0x19;

	private long txnNumber = 0;

	QbStore(Clock clock, ZoneId zone, boolean standardOffsetOnly) {
		this(clock, zone, standardOffsetOnly, 0);
	}

	/** {@code idBase} shifts the ListID/TxnID counters, so that several fakes in one test never hand out the same id. */
	QbStore(Clock clock, ZoneId zone, boolean standardOffsetOnly, long idBase) {
		this.clock = clock;
		this.zone = zone;
		this.standardOffsetOnly = standardOffsetOnly;
		this.listCounter += idBase;
		this.txnCounter += idBase;
	}

	// ------------------------------------------------------------ types and references

	public void defineType(QbObjectType type) {
		types.put(type.name(), type);
	}

	public Optional<QbObjectType> type(String name) {
		return Optional.ofNullable(types.get(name));
	}

	public Collection<QbObjectType> types() {
		return List.copyOf(types.values());
	}

	/** Declares that elements named {@code refElement} point to records of these types (checked on Add/Mod). */
	public void defineRef(String refElement, String label, String... typeNames) {
		refs.put(refElement, new RefTarget(label, List.of(typeNames)));
	}

	// ------------------------------------------------------------ clock and identifiers

	public Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	public ZoneId zone() {
		return zone;
	}

	/**
	 * Formats like QuickBooks: local wall time of the company's zone with an offset. QuickBooks prints the
	 * zone's standard offset all year (its DST handling is broken), so a summer time reads e.g.
	 * {@code 2026-07-01T10:00:00-05:00} for New York; turn {@code standardOffsetOnly} off for true offsets.
	 */
	public String format(Instant t) {
		return LocalDateTime.ofInstant(t, zone).atOffset(printedOffset(t)).format(QB_DATETIME);
	}

	public LocalDate today() {
		return LocalDate.ofInstant(now(), zone);
	}

	private ZoneOffset printedOffset(Instant t) {
		return standardOffsetOnly ? zone.getRules().getStandardOffset(t) : zone.getRules().getOffset(t);
	}

	private long seconds() {
		return now().getEpochSecond();
	}

	/** {@code 80000001-1732550000}: hex counter, dash, creation seconds. */
	public String nextListId() {
		return String.format(Locale.ROOT, "%X-%d", ++listCounter, seconds());
	}

	/** {@code 1A-1732550000}; also used for TxnLineIDs, which share the counter in QuickBooks' output. */
	public String nextTxnId() {
		return String.format(Locale.ROOT, "%X-%d", ++txnCounter, seconds());
	}

	public String nextTxnNumber() {
		return Long.toString(++txnNumber);
	}

	public String firstEditSequence() {
		return Long.toString(seconds());
	}

	/** Numeric and always different from the previous value, even within the same second. */
	public String nextEditSequence(String previous) {
		long prev;
		try {
			prev = Long.parseLong(previous);
		}
		catch (NumberFormatException e) {
			prev = 0;
		}
		return Long.toString(Math.max(prev + 1, seconds()));
	}

	// ------------------------------------------------------------ records

	public Optional<QbRecord> get(String id) {
		return Optional.ofNullable(id == null ? null : records.get(id));
	}

	/** All records of a type in creation order, inactive included. */
	public List<QbRecord> records(String typeName) {
		return records.values().stream().filter(r -> r.type().name().equals(typeName)).toList();
	}

	public List<QbRecord> all() {
		return List.copyOf(records.values());
	}

	/** Case-insensitive FullName lookup (QuickBooks names are not case-sensitive). */
	public Optional<QbRecord> findByFullName(Collection<String> typeNames, String fullName) {
		if (fullName == null) {
			return Optional.empty();
		}
		return records.values()
			.stream()
			.filter(r -> typeNames.contains(r.type().name()))
			.filter(r -> fullName(r).equalsIgnoreCase(fullName.trim()))
			.findFirst();
	}

	public String fullName(QbRecord r) {
		if (!r.type().isList()) {
			return r.field("RefNumber");
		}
		String name = Objects.toString(r.name(), "");
		QbRecord parent = r.type().hierarchical() ? get(r.parentId()).orElse(null) : null;
		return parent == null ? name : fullName(parent) + ":" + name;
	}

	public int sublevel(QbRecord r) {
		QbRecord parent = r.type().hierarchical() ? get(r.parentId()).orElse(null) : null;
		return parent == null ? 0 : sublevel(parent) + 1;
	}

	public List<QbRecord> children(QbRecord parent) {
		return records.values().stream().filter(r -> parent.id().equals(r.parentId())).toList();
	}

	/** Throws 3100 when another record in the name group already has this full name. */
	public void checkNameFree(QbObjectType type, String fullName, String name, String exceptId) {
		if (type.nameGroup() == null) {
			return;
		}
		for (QbRecord r : records.values()) {
			if (Objects.equals(r.type().nameGroup(), type.nameGroup()) && !r.id().equals(exceptId)
					&& fullName(r).equalsIgnoreCase(fullName)) {
				throw new QbStatusException(QbStatus.nameInUse(name));
			}
		}
	}

	/** Full name a record would get with this name under this parent. */
	public String fullNameFor(String name, String parentId) {
		return get(parentId).map(p -> fullName(p) + ":" + name).orElse(name);
	}

	void put(QbRecord r) {
		records.put(r.id(), r);
	}

	QbRecord remove(QbRecord r) {
		records.remove(r.id());
		tombstones.add(new Tombstone(r.type().isList(), r.type().name(), r.id(), r.timeCreated(), now(),
				r.type().isList() ? fullName(r) : r.field("RefNumber")));
		return r;
	}

	public List<Tombstone> tombstones() {
		return List.copyOf(tombstones);
	}

	// ------------------------------------------------------------ saving and loading (CompanyFileXml)

	/** The id counters: next ListID, next TxnID and next TxnNumber come after these. */
	long[] counters() {
		return new long[] { listCounter, txnCounter, txnNumber };
	}

	void restoreCounters(long list, long txn, long number) {
		listCounter = list;
		txnCounter = txn;
		txnNumber = number;
	}

	void restoreTombstone(Tombstone t) {
		tombstones.add(t);
	}

	/** Marks a record as changed (new EditSequence and TimeModified), as QuickBooks does for side effects. */
	public void touch(QbRecord r) {
		r.touch(now(), nextEditSequence(r.editSequence()));
	}

	// ------------------------------------------------------------ references

	/**
	 * Replaces every known {@code ...Ref} (at any depth) by {@code <XxxRef><ListID>id</ListID></XxxRef>}, or
	 * throws 3140 when it points at nothing. ParentRef points at the owner's own type. Unknown refs (e.g.
	 * SalesTaxCodeRef, which the fake does not model) are kept as sent.
	 */
	public QbNode resolveRefs(QbNode node, QbObjectType owner) {
		if (node.isLeaf()) {
			return node;
		}
		List<QbNode> out = new ArrayList<>();
		for (QbNode c : node.children()) {
			RefTarget target = "ParentRef".equals(c.name())
					? new RefTarget(owner.referenceLabel(), List.of(owner.name())) : refs.get(c.name());
			out.add(target == null ? resolveRefs(c, owner) : resolveRef(c, target, owner));
		}
		return node.withChildren(out);
	}

	private QbNode resolveRef(QbNode ref, RefTarget target, QbObjectType owner) {
		String listId = ref.text("ListID");
		String fullName = ref.text("FullName");
		Optional<QbRecord> found = listId != null
				? get(listId).filter(r -> target.typeNames().contains(r.type().name()))
				: findByFullName(target.typeNames(), fullName);
		if (found.isEmpty()) {
			throw new QbStatusException(
					QbStatus.invalidReference(target.label(), listId != null ? listId : fullName, owner.name()));
		}
		return QbNode.element(ref.name(), QbNode.leaf("ListID", found.get().id()));
	}

	/** Adds the current FullName to every resolved reference. */
	public QbNode renderRefs(QbNode node) {
		if (node.isLeaf()) {
			return node;
		}
		boolean isRef = refs.containsKey(node.name()) || "ParentRef".equals(node.name());
		if (isRef && node.has("ListID") && !node.has("FullName")) {
			Optional<QbRecord> target = get(node.text("ListID"));
			if (target.isPresent()) {
				return QbNode.element(node.name(), QbNode.leaf("ListID", target.get().id()),
						QbNode.leaf("FullName", fullName(target.get())));
			}
			return node;
		}
		return node.withChildren(node.children().stream().map(this::renderRefs).toList());
	}

	// ------------------------------------------------------------ rendering

	/** The full {@code XxxRet} as QuickBooks would return it after an Add or Mod (lines included). */
	public QbNode toRet(QbRecord r) {
		QbObjectType t = r.type();
		List<QbNode> out = new ArrayList<>();
		out.add(QbNode.leaf(t.idElement(), r.id()));
		out.add(QbNode.leaf("TimeCreated", format(r.timeCreated())));
		out.add(QbNode.leaf("TimeModified", format(r.timeModified())));
		out.add(QbNode.leaf("EditSequence", r.editSequence()));
		if (t.isList()) {
			out.add(QbNode.leaf("Name", Objects.toString(r.name(), "")));
			if (t.hierarchical()) {
				out.add(QbNode.leaf("FullName", fullName(r)));
			}
			out.add(QbNode.leaf("IsActive", Boolean.toString(r.isActive())));
			if (t.hierarchical()) {
				r.fields().stream().filter(f -> f.name().equals("ParentRef")).findFirst()
					.ifPresent(p -> out.add(renderRefs(p)));
				out.add(QbNode.leaf("Sublevel", Integer.toString(sublevel(r))));
			}
			r.fields().stream()
				.filter(f -> !f.name().equals("Name") && !f.name().equals("IsActive") && !f.name().equals("ParentRef"))
				.forEach(f -> out.add(renderRefs(f)));
		}
		else {
			out.add(QbNode.leaf("TxnNumber", r.txnNumber()));
			r.fields().forEach(f -> out.add(renderRefs(f)));
			r.lines().forEach(l -> out.add(renderRefs(l)));
		}
		return t.behavior().decorate(QbNode.element(t.retElement(), out), r, this);
	}

	// ------------------------------------------------------------ dates

	/**
	 * Inclusive modified/deleted-date filter with QuickBooks semantics: a value without offset is compared with
	 * the company's local wall time; a value with an offset with the time as QuickBooks prints it (see
	 * {@link #format}). A date without time means the whole day for {@code to}. Throws 3020 for bad values.
	 */
	public boolean inRange(Instant t, String from, String to, String fromField, String toField) {
		return (from == null || !before(t, from, false, fromField)) && (to == null || !after(t, to, toField));
	}

	private boolean before(Instant t, String bound, boolean end, String field) {
		Bound b = parseBound(bound, end, field);
		return b.offset == null ? wall(t).isBefore(b.local) : printed(t).isBefore(b.local.atOffset(b.offset).toInstant());
	}

	private boolean after(Instant t, String bound, String field) {
		Bound b = parseBound(bound, true, field);
		return b.offset == null ? wall(t).isAfter(b.local) : printed(t).isAfter(b.local.atOffset(b.offset).toInstant());
	}

	private LocalDateTime wall(Instant t) {
		return LocalDateTime.ofInstant(t, zone).truncatedTo(ChronoUnit.SECONDS);
	}

	private Instant printed(Instant t) {
		return wall(t).atOffset(printedOffset(t)).toInstant();
	}

	private record Bound(LocalDateTime local, ZoneOffset offset) {
	}

	private static Bound parseBound(String value, boolean end, String field) {
		Matcher m = DATETIME.matcher(value.trim());
		if (!m.matches()) {
			throw new QbStatusException(QbStatus.of(3020,
					"There was an error when converting the date value \"" + value + "\" in the field \"" + field + "\""));
		}
		LocalDate date = LocalDate.parse(m.group(1));
		LocalDateTime local;
		if (m.group(2) == null) {
			local = end ? date.atTime(LocalTime.of(23, 59, 59)) : date.atStartOfDay();
		}
		else {
			local = date.atTime(Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
					m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
		}
		return new Bound(local, m.group(5) == null ? null : ZoneOffset.of(m.group(5)));
	}

	/** True when the text is a valid qbXML DATETIMETYPE (no {@code Z}, no fractions). */
	public static boolean isDateTime(String value) {
		return value != null && DATETIME.matcher(value.trim()).matches();
	}
}
