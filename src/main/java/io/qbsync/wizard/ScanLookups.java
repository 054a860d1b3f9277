package io.qbsync.wizard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.SyncDirection;
import io.qbsync.company.SyncDirections;
import io.qbsync.qbxml.entity.Direction;
import io.qbsync.quickbooks.ImportPlanner;
import io.qbsync.quickbooks.QuickBooksChanges;
import io.qbsync.singleops.RecordType;
import io.qbsync.singleops.SingleOpsRecords;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.match.DuplicateMatcher;

import org.springframework.aop.scope.ScopedObject;
import org.springframework.jdbc.core.simple.JdbcClient;


/**
 * What the scan planner reads besides the change itself, for one step execution of one company's scan (a new one
 * per step, never shared, so nothing outlives the step): the company and its sync directions, read once per step;
 * the records a page of the change set names, read in one query when the reader reads the page; and which object
 * types the company's QuickBooks change set holds, read again with every page, so the duplicate matcher is not asked
 * for a type QuickBooks has sent nothing of. A record not read with its page (or asked for without any page) is read
 * on its own, as before.
 * <p>
 * Reading a page's records when the page is read, rather than each when its change is planned, changes nothing in
 * the end: a record changed after its page was read has a later change-set row, which a later page (or the next
 * scan) plans again from the record's then latest state.
 */
class ScanLookups {

	private final long companyId;

	private final CompanyService companies;

	private final SyncDirections directions;

	private final SingleOpsRecords records;

	private final JdbcClient jdbc;

	private Company company;

	private Map<String, SyncDirection> directionByType;

	private Map<Long, StoredRecord> page = Map.of();

	private Set<String> quickBooksTypes;

	/** For the page's records: the versions already decided (approved, on their way, synced, failed or cleared). */
	private Map<Long, Set<String>> decided = Map.of();

	/** For the page's records: the field changes of their exports approved or on their way, oldest first. */
	private Map<Long, List<FieldChange>> underway = Map.of();

	/** The page's records with an Add or a link approved or on its way. */
	private Set<Long> adding = Set.of();

	private final WizardItems items;

	private final ImportPlanner imports;

	private final QuickBooksChanges quickBooksChanges;

	/** The QuickBooks types whose list has never been read through (read once per step). */
	private Set<String> neverRead;

	/** Per QuickBooks type: the records with an open Add, by the name they are matched by (read when first asked). */
	private final Map<String, Map<String, Long>> openAdds = new HashMap<>();

	ScanLookups(long companyId, CompanyService companies, SyncDirections directions, SingleOpsRecords records,
			JdbcClient jdbc, WizardItems items, ImportPlanner imports, QuickBooksChanges quickBooksChanges) {
		this.items = items;
		this.quickBooksChanges = quickBooksChanges;
		this.imports = imports;
		this.companyId = companyId;
		this.companies = companies;
		this.directions = directions;
		this.records = records;
		this.jdbc = jdbc;
	}

	/**
	 * The step's own lookups behind the step-scoped proxy {@code lookups}: asked once per change rather than through
	 * the proxy at each of the planner's questions (each call through it looks the step's bean up again).
	 */
	static ScanLookups current(ScanLookups lookups) {
		return (lookups instanceof ScopedObject scoped) ? (ScanLookups) scoped.getTargetObject() : lookups;
	}

	Company company(long companyId) {
		if (companyId != this.companyId) {
			return this.companies.get(companyId);
		}
		if (this.company == null) {
			this.company = this.companies.get(companyId);
		}
		return this.company;
	}

	SyncDirection direction(long companyId, String objectType) {
		if (companyId != this.companyId) {
			return this.directions.of(companyId, objectType);
		}
		if (this.directionByType == null) {
			Map<String, SyncDirection> byType = new LinkedHashMap<>();
			for (SyncDirection direction : this.directions.of(companyId)) {
				byType.put(direction.objectType(), direction);
			}
			this.directionByType = byType;
		}
		SyncDirection direction = this.directionByType.get(objectType);
		if (direction == null) {
			throw new IllegalArgumentException("Not a type qbsync syncs: " + objectType);
		}
		return direction;
	}

	/** {@link WizardItems#decided} for an export of a record, answered from the page when it was read with one. */
	boolean decidedExport(long companyId, long recordId, String sourceVersion) {
		if (companyId == this.companyId && this.page.containsKey(recordId)) {
			return this.decided.getOrDefault(recordId, Set.of()).contains(sourceVersion);
		}
		return this.items.decided(companyId, Direction.EXPORT, recordId, null, null, sourceVersion);
	}

	/** {@link WizardItems#changesUnderway}, answered from the page when it was read with the record. */
	List<FieldChange> changesUnderway(long companyId, long recordId) {
		if (companyId == this.companyId && this.page.containsKey(recordId)) {
			return this.underway.getOrDefault(recordId, List.of());
		}
		return this.items.changesUnderway(companyId, recordId);
	}

	/** {@link WizardItems#exportUnderway}, answered from the page when it was read with the record. */
	boolean exportUnderway(long companyId, long recordId) {
		if (companyId == this.companyId && this.page.containsKey(recordId)) {
			return this.adding.contains(recordId);
		}
		return this.items.exportUnderway(companyId, recordId);
	}

	Optional<StoredRecord> record(long companyId, long recordId) {
		if (companyId == this.companyId && this.page.containsKey(recordId)) {
			return Optional.ofNullable(this.page.get(recordId));
		}
		return this.records.findById(companyId, recordId);
	}

	/**
	 * Whether the duplicate matcher could find anything for a record of {@code type}: false only when the company's
	 * QuickBooks change set (as read with the current page) holds no object of the types it compares with.
	 */
	boolean mayMatch(long companyId, RecordType type) {
		if (companyId != this.companyId || this.quickBooksTypes == null) {
			return true;
		}
		for (String qbType : DuplicateMatcher.candidateTypes(type)) {
			if (this.quickBooksTypes.contains(qbType)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether qbsync has read the company's QuickBooks list of {@code objectType} through at least once (always true
	 * when the import is off): before that, "no match" does not mean QuickBooks lacks the record.
	 */
	boolean listRead(long companyId, String objectType) {
		if (companyId != this.companyId) {
			return !this.imports.neverRead(companyId).contains(objectType);
		}
		if (this.neverRead == null) {
			this.neverRead = this.imports.neverRead(companyId);
		}
		return !this.neverRead.contains(objectType);
	}

	/**
	 * The record whose open Add (of QuickBooks type {@code objectType}) carries the name {@code nameKey} (see
	 * {@link DuplicateMatcher#nameKey(String)}), if any: when QuickBooks turns out to hold that name, the Add becomes
	 * a link. The company's open Adds of a type are read once per step.
	 */
	Optional<Long> openAddNamed(String objectType, String nameKey) {
		if (nameKey == null) {
			return Optional.empty();
		}
		Map<String, Long> byName = this.openAdds.computeIfAbsent(objectType, (type) -> {
			Map<String, Long> names = new HashMap<>();
			List<Long> ids = this.jdbc.sql("""
					SELECT record_id FROM wizard_items
					WHERE company_id = ? AND state = 'OPEN' AND direction = 'EXPORT' AND action = 'ADD' AND object_type = ?
					""").params(this.companyId, type).query(Long.class).list();
			for (int from = 0; from < ids.size(); from += 500) {
				for (StoredRecord r : this.records.findAllById(this.companyId, ids.subList(from,
						Math.min(ids.size(), from + 500)))) {
					String key = DuplicateMatcher.nameKey(r.body());
					if (key != null && !r.deleted()) {
						names.putIfAbsent(key, r.id());
					}
				}
			}
			return names;
		});
		return Optional.ofNullable(byName.get(nameKey));
	}

	/** A new page of the change set is about to be planned: reads the records it names and what QuickBooks holds. */
	void readingPage(Collection<Long> recordIds) {
		Map<Long, StoredRecord> read = new HashMap<>();
		if (!recordIds.isEmpty()) {
			Set<Long> ids = new HashSet<>(recordIds);
			for (Long id : ids) {
				read.put(id, null);
			}
			this.records.findAllById(this.companyId, ids).forEach((r) -> read.put(r.id(), r));
		}
		this.page = read;
		Map<Long, Set<String>> versions = new HashMap<>();
		Map<Long, List<FieldChange>> changing = new HashMap<>();
		Set<Long> addingNow = new HashSet<>();
		if (!read.isEmpty()) {
			this.jdbc.sql("""
					SELECT record_id, source_version, state, action, changes FROM wizard_items
					WHERE company_id = :company AND direction = 'EXPORT' AND record_id IN (:ids)
						AND state IN ('APPROVED', 'PENDING', 'SUCCEEDED', 'FAILED', 'CLEARED')
					ORDER BY id
					""")
				.param("company", this.companyId)
				.param("ids", read.keySet())
				.query((rs, row) -> {
					long record = rs.getLong("record_id");
					versions.computeIfAbsent(record, (k) -> new HashSet<>()).add(rs.getString("source_version"));
					if (rs.getString("state").equals("APPROVED") || rs.getString("state").equals("PENDING")) {
						changing.computeIfAbsent(record, (k) -> new ArrayList<>())
							.addAll(WizardItems.changes(rs.getString("changes")));
						if (rs.getString("action").equals("ADD") || rs.getString("action").equals("LINK")) {
							addingNow.add(record);
						}
					}
					return record;
				})
				.list();
		}
		this.decided = versions;
		this.underway = changing;
		this.adding = addingNow;
		this.quickBooksTypes = this.quickBooksChanges.typesHeld(this.companyId);
	}

}
