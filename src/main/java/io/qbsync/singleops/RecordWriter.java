package io.qbsync.singleops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies record writes for one company inside the caller's transaction: checks that every externalId a record names
 * exists (also among the records written earlier in the same batch), skips records whose content is unchanged, and
 * writes the records, their references and one change-set row per accepted change with batched statements. The
 * company's write lock is taken first, so change-set ids commit in order.
 */
@Component
class RecordWriter {

	/** How many records that name a record the refusal of its delete lists. */
	private static final int REFERENCING_SHOWN = 20;

	private final SingleOpsRecords records;

	private final SingleOpsChanges changes;

	private final Clock clock;

	RecordWriter(SingleOpsRecords records, SingleOpsChanges changes, Clock clock) {
		this.records = records;
		this.changes = changes;
		this.clock = clock;
	}

	/**
	 * One record to write. {@code type} and {@code externalId} are null when they could not be read (the entry is then
	 * refused with {@code problems}); {@code body} is null when the body could not be read at all.
	 */
	record Entry(RecordType type, String externalId, RecordBody body, List<FieldProblem> problems) {
	}

	enum Result {

		CREATED, UPDATED, UNCHANGED, REJECTED

	}

	/**
	 * What became of an entry: its result, the record's version after it, and for a refused entry every problem and
	 * whether they are all about records it names that do not exist.
	 */
	record Outcome(Result result, int version, List<FieldProblem> problems, boolean onlyMissingReferences) {

		static Outcome rejected(List<FieldProblem> problems, boolean onlyMissingReferences) {
			return new Outcome(Result.REJECTED, 0, List.copyOf(problems), onlyMissingReferences);
		}

	}

	/**
	 * Writes the entries in order; answers one outcome per entry. Problems about references are named under
	 * {@code prefix} ({@code record.lines[0].item} in bulk).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	List<Outcome> write(long companyId, List<Entry> entries, String prefix) {
		Instant now = this.clock.instant();
		this.records.lockCompany(companyId);
		Map<Key, State> states = load(companyId, entries);
		List<Outcome> outcomes = new ArrayList<>(entries.size());
		List<Pending> pending = new ArrayList<>();
		for (Entry entry : entries) {
			outcomes.add(apply(entry, states, pending, prefix));
		}
		flush(companyId, states, pending, now);
		return outcomes;
	}

	private Outcome apply(Entry entry, Map<Key, State> states, List<Pending> pending, String prefix) {
		List<FieldProblem> problems = new ArrayList<>(entry.problems());
		boolean bodyProblems = !problems.isEmpty();
		List<State> targets = new ArrayList<>();
		if (entry.body() != null) {
			for (Reference reference : entry.body().references()) {
				State target = states.get(new Key(reference.type(), reference.externalId()));
				if (target == null || target.deleted) {
					problems.add(new FieldProblem(prefix + reference.field(), "names " + singular(reference.type())
							+ " '" + reference.externalId() + "', which "
							+ ((target == null) ? "does not exist in this company" : "was deleted")
							+ ": send that " + singular(reference.type()) + " first"));
				}
				else {
					targets.add(target);
				}
			}
		}
		if (!problems.isEmpty() || entry.type() == null || entry.externalId() == null || entry.body() == null) {
			return Outcome.rejected(problems, !bodyProblems);
		}
		String data = RecordJson.canonical(entry.body());
		String hash = RecordJson.sha256(data);
		Key key = new Key(entry.type(), entry.externalId());
		State state = states.get(key);
		if (state != null && !state.deleted && state.contentHash.equals(hash)) {
			return new Outcome(Result.UNCHANGED, state.version, List.of(), false);
		}
		boolean created = (state == null);
		if (created) {
			state = new State(key, null, null, false, 0);
			states.put(key, state);
		}
		state.version++;
		state.contentHash = hash;
		state.data = data;
		state.deleted = false;
		state.dirty = true;
		state.targets = targets;
		pending.add(new Pending(state, state.version, data));
		return new Outcome(created ? Result.CREATED : Result.UPDATED, state.version, List.of(), false);
	}

	/** The stored heads of every record the entries write or name. */
	private Map<Key, State> load(long companyId, List<Entry> entries) {
		Map<RecordType, Set<String>> wanted = new EnumMap<>(RecordType.class);
		for (Entry entry : entries) {
			if (entry.type() != null && entry.externalId() != null) {
				wanted.computeIfAbsent(entry.type(), (t) -> new LinkedHashSet<>()).add(entry.externalId());
			}
			if (entry.body() != null) {
				for (Reference reference : entry.body().references()) {
					wanted.computeIfAbsent(reference.type(), (t) -> new LinkedHashSet<>()).add(reference.externalId());
				}
			}
		}
		Map<Key, State> states = new HashMap<>();
		wanted.forEach((type, ids) -> {
			for (RecordHead head : this.records.heads(companyId, type, ids)) {
				Key key = new Key(type, head.externalId());
				states.put(key, new State(key, head.id(), head.contentHash(), head.deleted(), head.version()));
			}
		});
		return states;
	}

	private void flush(long companyId, Map<Key, State> states, List<Pending> pending, Instant now) {
		if (pending.isEmpty()) {
			return;
		}
		List<State> dirty = states.values().stream().filter((s) -> s.dirty).toList();
		List<State> created = dirty.stream().filter((s) -> s.id == null).toList();
		this.records.insertAll(companyId, created.stream()
			.map((s) -> new SingleOpsRecords.NewRow(s.key.type(), s.key.externalId(), s.data, s.contentHash, s.version))
			.toList(), now);
		Map<RecordType, List<State>> createdByType = created.stream()
			.collect(Collectors.groupingBy((s) -> s.key.type(), () -> new EnumMap<>(RecordType.class),
					Collectors.toList()));
		createdByType.forEach((type, list) -> {
			Map<String, State> byId = list.stream().collect(Collectors.toMap((s) -> s.key.externalId(), (s) -> s));
			for (RecordHead head : this.records.heads(companyId, type, byId.keySet())) {
				byId.get(head.externalId()).id = head.id();
			}
		});
		this.records.updateAll(dirty.stream()
			.filter((s) -> s.stored)
			.map((s) -> new SingleOpsRecords.UpdatedRow(s.id, s.data, s.contentHash, s.version))
			.toList(), now);
		List<Long> sources = new ArrayList<>();
		Set<SingleOpsRecords.Edge> edges = new LinkedHashSet<>();
		for (State state : dirty) {
			if (!state.key.type().references().isEmpty()) {
				sources.add(state.id);
				for (State target : state.targets) {
					edges.add(new SingleOpsRecords.Edge(state.id, target.id));
				}
			}
		}
		this.records.replaceReferences(sources, List.copyOf(edges));
		this.changes.appendAll(pending.stream()
			.map((p) -> new Change(0, companyId, p.state.id, p.state.key.type(), p.state.key.externalId(),
					ChangeKind.UPSERT, p.version, p.data, now))
			.toList(), now);
	}

	/**
	 * Marks a record deleted and journals it; answers false when it already was. A record that other records (not
	 * deleted) still name is not deleted: 409, listing them.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean delete(long companyId, RecordType type, String externalId) {
		Instant now = this.clock.instant();
		this.records.lockCompany(companyId);
		List<RecordHead> found = this.records.heads(companyId, type, List.of(externalId));
		if (found.isEmpty()) {
			throw new NotFoundException("Company " + companyId + " has no " + singular(type) + " with externalId '"
					+ externalId + "'.");
		}
		RecordHead head = found.get(0);
		if (head.deleted()) {
			return false;
		}
		List<RecordHead> referencing = this.records.referencing(head.id(), REFERENCING_SHOWN);
		if (!referencing.isEmpty()) {
			long count = this.records.countReferencing(head.id());
			String named = referencing.stream()
				.map((r) -> singular(r.type()) + " '" + r.externalId() + "'")
				.collect(Collectors.joining(", "));
			throw new InvalidInputException(HttpStatus.CONFLICT, "The " + singular(type) + " '" + externalId
					+ "' was not deleted: " + count + " record(s) still name it (" + named
					+ ((count > referencing.size()) ? ", and " + (count - referencing.size()) + " more" : "")
					+ "). Delete or change those first"
					+ ((type == RecordType.CUSTOMERS || type == RecordType.ITEMS)
							? ", or keep it and mark it inactive (\"active\": false)" : "")
					+ ".", List.of(new FieldProblem("externalId", "is named by " + count + " record(s): " + named)));
		}
		int version = head.version() + 1;
		this.records.markDeleted(head.id(), version, now);
		if (!type.references().isEmpty()) {
			this.records.replaceReferences(List.of(head.id()), List.of());
		}
		this.changes.appendAll(List.of(new Change(0, companyId, head.id(), type, externalId, ChangeKind.DELETE, version,
				null, now)), now);
		return true;
	}

	static String singular(RecordType type) {
		return RecordParser.article(type).replaceFirst("^an? ", "");
	}

	private record Key(RecordType type, String externalId) {
	}

	/** A record as this batch sees it: stored, or created or changed by an earlier entry of the batch. */
	private static final class State {

		final Key key;

		/** Whether the record was in the database before this batch. */
		final boolean stored;

		Long id;

		String contentHash;

		boolean deleted;

		int version;

		String data;

		boolean dirty;

		List<State> targets = List.of();

		State(Key key, Long id, String contentHash, boolean deleted, int version) {
			this.key = key;
			this.stored = (id != null);
			this.id = id;
			this.contentHash = contentHash;
			this.deleted = deleted;
			this.version = version;
		}

	}

	private record Pending(State state, int version, String data) {
	}

}
