package io.qbsync.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The generic request handlers of {@link FakeQuickBooks}: Add and Mod for any {@link QbObjectType}, ListDel/TxnDel
 * and ListDeletedQuery/TxnDeletedQuery (its queries are {@link QbQueries}).
 */
final class QbHandlers {

	private QbHandlers() {
	}

	// ---------------------------------------------------------------- Add

	static QbRequestHandler add(QbObjectType type) {
		return (rq, qb) -> {
			QbNode add = rq.child(type.addElement())
				.orElseThrow(() -> new QbStatusException(QbStatus.missingElement(type.addElement())));
			return QbResult.ok(qb.store().toRet(create(type, add, null, qb.store())));
		};
	}

	/** Validates and stores a new record from an {@code XxxAdd} element; {@code fixedId} null = generate. */
	static QbRecord create(QbObjectType type, QbNode add, String fixedId, QbStore store) {
		QbObjectType.LineSpec spec = type.lines();
		String id = fixedId != null ? fixedId : type.isList() ? store.nextListId() : store.nextTxnId();
		List<QbNode> header = new ArrayList<>();
		List<QbNode> rawLines = new ArrayList<>();
		for (QbNode c : add.children()) {
			if (spec != null && c.name().equals(spec.addElement())) {
				rawLines.add(c);
			}
			else if (!c.name().equals("ListID") && !c.name().equals("TxnID") && !c.name().equals("EditSequence")) {
				header.add(c);
			}
		}
		// Header before lines, as in the document, so the first bad reference is the one reported.
		header = store.resolveRefs(QbNode.element("x", header), type).children();
		List<QbNode> lines = new ArrayList<>();
		for (QbNode raw : rawLines) {
			lines.add(newLine(spec, raw, type, store));
		}
		QbRecord rec = new QbRecord(type, id, store.now(), type.isList() ? null : store.nextTxnNumber(),
				store.firstEditSequence(), header, lines);
		if (type.isList()) {
			String name = rec.name();
			if (name == null || name.isBlank()) {
				throw new QbStatusException(QbStatus.missingElement("Name"));
			}
			store.checkNameFree(type, store.fullNameFor(name, rec.parentId()), name, null);
		}
		type.behavior().beforeSave(rec, null, store);
		store.put(rec);
		type.behavior().afterSave(rec, null, store);
		return rec;
	}

	private static QbNode newLine(QbObjectType.LineSpec spec, QbNode line, QbObjectType type, QbStore store) {
		List<QbNode> kids = new ArrayList<>();
		if (spec.generatedIds()) {
			kids.add(QbNode.leaf(spec.idElement(), store.nextTxnId()));
		}
		line.children().stream().filter(c -> !(spec.generatedIds() && c.name().equals(spec.idElement())))
			.forEach(kids::add);
		return store.resolveRefs(QbNode.element(spec.retElement(), kids), type);
	}

	// ---------------------------------------------------------------- Mod

	static QbRequestHandler mod(QbObjectType type) {
		return (rq, qb) -> {
			QbStore store = qb.store();
			QbNode mod = rq.child(type.modElement())
				.orElseThrow(() -> new QbStatusException(QbStatus.missingElement(type.modElement())));
			String id = mod.text(type.idElement());
			if (id == null) {
				throw new QbStatusException(QbStatus.missingElement(type.idElement()));
			}
			QbRecord current = store.get(id).filter(r -> r.type().name().equals(type.name()))
				.orElseThrow(() -> new QbStatusException(QbStatus.notFound(id)));
			String editSequence = mod.text("EditSequence");
			if (editSequence == null) {
				throw new QbStatusException(QbStatus.missingElement("EditSequence"));
			}
			if (!editSequence.equals(current.editSequence())) {
				throw new QbStatusException(QbStatus.staleEditSequence(editSequence));
			}
			QbObjectType.LineSpec spec = type.lines();
			List<QbNode> changes = mod.children().stream()
				.filter(c -> !c.name().equals(type.idElement()) && !c.name().equals("EditSequence"))
				.filter(c -> spec == null || !c.name().equals(spec.modElement()))
				.toList();
			changes = store.resolveRefs(QbNode.element("x", changes), type).children();
			QbRecord candidate = current.copy();
			candidate.setFields(merge(current.fields(), changes));
			if (spec != null && mod.has(spec.modElement())) {
				candidate.setLines(modLines(spec, current.lines(), mod.children(spec.modElement()), type, store));
			}
			if (type.isList()) {
				String name = candidate.name();
				store.checkNameFree(type, store.fullNameFor(name, candidate.parentId()), name, id);
			}
			type.behavior().beforeSave(candidate, current, store);
			store.touch(candidate);
			store.put(candidate);
			type.behavior().afterSave(candidate, current, store);
			return QbResult.ok(store.toRet(candidate));
		};
	}

	/**
	 * Every field name present in {@code changes} replaces all stored fields of that name (in place). An aggregate
	 * named {@code XxxMod} (an item's {@code SalesOrPurchaseMod}) changes the stored {@code Xxx}, as QuickBooks does:
	 * the fields it carries replace theirs, the rest stay.
	 */
	static List<QbNode> merge(List<QbNode> existing, List<QbNode> changes) {
		List<QbNode> renamed = new ArrayList<>();
		for (QbNode c : changes) {
			String base = c.name().endsWith("Mod") && !c.isLeaf() ? c.name().substring(0, c.name().length() - 3) : null;
			if (base == null || base.isEmpty()) {
				renamed.add(c);
				continue;
			}
			List<QbNode> stored = existing.stream().filter((f) -> f.name().equals(base)).findFirst()
				.map(QbNode::children)
				.orElse(List.of());
			renamed.add(QbNode.element(base, merge(stored, c.children())));
		}
		changes = renamed;
		Map<String, List<QbNode>> byName = new LinkedHashMap<>();
		for (QbNode c : changes) {
			byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
		}
		List<QbNode> out = new ArrayList<>();
		for (QbNode f : existing) {
			List<QbNode> replacement = byName.remove(f.name());
			if (replacement != null) {
				out.addAll(replacement);
			}
			else if (changes.stream().noneMatch(c -> c.name().equals(f.name()))) {
				out.add(f);
			}
		}
		byName.values().forEach(out::addAll);
		return out;
	}

	/**
	 * QuickBooks line semantics for a Mod that carries line mods: the lines sent become the new set; a line keeps
	 * its data when its id is sent, {@code -1} adds a line, omitted lines are deleted.
	 */
	private static List<QbNode> modLines(QbObjectType.LineSpec spec, List<QbNode> current, List<QbNode> mods,
			QbObjectType type, QbStore store) {
		List<QbNode> out = new ArrayList<>();
		for (QbNode lm : mods) {
			String lineId = lm.text(spec.idElement());
			if (lineId == null) {
				throw new QbStatusException(QbStatus.missingElement(spec.idElement()));
			}
			Optional<QbNode> existing = current.stream().filter(l -> lineId.equals(l.text(spec.idElement()))).findFirst();
			if (spec.generatedIds() && lineId.equals("-1")) {
				out.add(newLine(spec, lm, type, store));
			}
			else if (existing.isPresent()) {
				List<QbNode> changes = lm.children().stream().filter(c -> !c.name().equals(spec.idElement())).toList();
				changes = store.resolveRefs(QbNode.element("x", changes), type).children();
				out.add(existing.get().withChildren(merge(existing.get().children(), changes)));
			}
			else if (!spec.generatedIds()) {
				out.add(newLine(spec, lm, type, store));
			}
			else {
				throw new QbStatusException(QbStatus.invalidObjectId(lineId, spec.idElement()));
			}
		}
		return out;
	}

	// ---------------------------------------------------------------- deletes

	static QbRequestHandler delete(boolean list) {
		String typeElement = list ? "ListDelType" : "TxnDelType";
		String idElement = list ? "ListID" : "TxnID";
		return (rq, qb) -> {
			QbStore store = qb.store();
			String delType = rq.text(typeElement);
			String id = rq.text(idElement);
			if (delType == null || id == null) {
				throw new QbStatusException(QbStatus.missingElement(delType == null ? typeElement : idElement));
			}
			QbRecord rec = store.get(id).filter(r -> r.type().name().equals(delType) && r.type().isList() == list)
				.orElseThrow(() -> new QbStatusException(QbStatus.notFound(id)));
			String label = list ? store.fullName(rec) : rec.field("RefNumber");
			store.remove(rec);
			rec.type().behavior().afterDelete(rec, store);
			List<QbNode> content = new ArrayList<>(List.of(QbNode.leaf(typeElement, delType), QbNode.leaf(idElement, id),
					QbNode.leaf("TimeDeleted", store.format(store.now()))));
			if (label != null) {
				content.add(QbNode.leaf(list ? "FullName" : "RefNumber", label));
			}
			return QbResult.ok(content);
		};
	}

	static QbRequestHandler deletedQuery(boolean list) {
		String typeElement = list ? "ListDelType" : "TxnDelType";
		return (rq, qb) -> {
			QbStore store = qb.store();
			Set<String> wanted = Set.copyOf(rq.texts(typeElement));
			String from = rq.text("DeletedDateRangeFilter/FromDeletedDate");
			String to = rq.text("DeletedDateRangeFilter/ToDeletedDate");
			List<QbNode> rets = new ArrayList<>();
			for (QbStore.Tombstone t : store.tombstones()) {
				if (t.list() == list && wanted.contains(t.delType())
						&& store.inRange(t.timeDeleted(), from, to, "FromDeletedDate", "ToDeletedDate")) {
					List<QbNode> kids = new ArrayList<>(List.of(QbNode.leaf(typeElement, t.delType()),
							QbNode.leaf(list ? "ListID" : "TxnID", t.id()),
							QbNode.leaf("TimeCreated", store.format(t.timeCreated())),
							QbNode.leaf("TimeDeleted", store.format(t.timeDeleted()))));
					if (t.fullNameOrRefNumber() != null) {
						kids.add(QbNode.leaf(list ? "FullName" : "RefNumber", t.fullNameOrRefNumber()));
					}
					rets.add(QbNode.element(list ? "ListDeletedRet" : "TxnDeletedRet", kids));
				}
			}
			return rets.isEmpty() ? QbResult.of(QbStatus.NO_MATCH) : QbResult.ok(rets);
		};
	}
}
