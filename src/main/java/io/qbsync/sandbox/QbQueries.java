package io.qbsync.sandbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The Query handlers of {@link FakeQuickBooks} for any {@link QbObjectType}: filters, iterators (their state lives in
 * the fake) and how each record is rendered.
 */
final class QbQueries {

	private QbQueries() {
	}

	/** State of one open iterator. */
	record IteratorState(String requestName, List<String> ids, int position, QbNode startRequest) {
	}

	static QbRequestHandler query(List<String> typeNames) {
		return (rq, qb) -> {
			String iterator = rq.attribute("iterator");
			if ("Continue".equals(iterator) || "Stop".equals(iterator)) {
				return continueIterator(rq, qb, iterator);
			}
			QbStore store = qb.store();
			List<QbRecord> found = new ArrayList<>();
			QbStatus status = select(rq, typeNames, store, found);
			if ("Start".equals(iterator)) {
				String iteratorId = "{" + UUID.nameUUIDFromBytes(("iterator-" + qb.nextIteratorNumber()).getBytes())
						+ "}";
				IteratorState state = new IteratorState(rq.name(), found.stream().map(QbRecord::id).toList(), 0, rq);
				return page(state, iteratorId, rq, qb, status);
			}
			Integer max = maxReturned(rq);
			if (max != null && found.size() > max) {
				found = found.subList(0, max);
			}
			return new QbResult(status, Map.of(), render(found, rq, rq, store));
		};
	}

	private static QbResult continueIterator(QbNode rq, FakeQuickBooks qb, String iterator) {
		String iteratorId = rq.attribute("iteratorID");
		IteratorState state = iteratorId == null ? null : qb.iterators().get(iteratorId);
		if (state == null || !state.requestName().equals(rq.name())) {
			throw new QbStatusException(QbStatus.invalidIterator(iteratorId));
		}
		if ("Stop".equals(iterator)) {
			qb.iterators().remove(iteratorId);
			return QbResult.ok();
		}
		return page(state, iteratorId, rq, qb, QbStatus.OK);
	}

	private static QbResult page(IteratorState state, String iteratorId, QbNode rq, FakeQuickBooks qb,
			QbStatus startStatus) {
		Integer max = maxReturned(rq);
		if (max == null) {
			max = maxReturned(state.startRequest());
		}
		int size = max == null ? Integer.MAX_VALUE : max;
		List<QbRecord> page = new ArrayList<>();
		int position = state.position();
		while (position < state.ids().size() && page.size() < size) {
			qb.store().get(state.ids().get(position++)).ifPresent(page::add);
		}
		int remaining = state.ids().size() - position;
		if (remaining > 0) {
			qb.iterators().put(iteratorId, new IteratorState(state.requestName(), state.ids(), position,
					state.startRequest()));
		}
		else {
			// The fake forgets an exhausted iterator; a further Continue then gets 3391.
			qb.iterators().remove(iteratorId);
		}
		QbNode options = rq.has("IncludeRetElement") || rq.has("IncludeLineItems") ? rq : state.startRequest();
		Map<String, String> attrs = new LinkedHashMap<>();
		attrs.put("iteratorRemainingCount", Integer.toString(remaining));
		attrs.put("iteratorID", iteratorId);
		QbStatus status = page.isEmpty() ? QbStatus.NO_MATCH : startStatus;
		return new QbResult(status, attrs, render(page, options, state.startRequest(), qb.store()));
	}

	private static Integer maxReturned(QbNode rq) {
		String max = rq.text("MaxReturned");
		return max == null ? null : Integer.valueOf(max.trim());
	}

	private static List<QbNode> render(List<QbRecord> records, QbNode options, QbNode startRequest, QbStore store) {
		boolean includeLines = "true".equalsIgnoreCase(options.text("IncludeLineItems"));
		Set<String> only = Set.copyOf(options.texts("IncludeRetElement"));
		List<QbNode> out = new ArrayList<>();
		for (QbRecord r : records) {
			QbNode ret = store.toRet(r);
			QbObjectType.LineSpec spec = r.type().lines();
			if (spec != null && spec.onlyWithIncludeLineItems() && !includeLines) {
				ret = ret.without(spec.retElement());
			}
			if (!only.isEmpty()) {
				ret = ret.withChildren(ret.children().stream().filter(c -> only.contains(c.name())).toList());
			}
			out.add(ret);
		}
		return out;
	}

	/** Fills {@code out} with the matching records and returns 0, 1 (nothing) or 500 (some ids missing). */
	private static QbStatus select(QbNode rq, List<String> typeNames, QbStore store, List<QbRecord> out) {
		boolean lists = store.type(typeNames.get(0)).map(QbObjectType::isList).orElse(true);
		String idName = lists ? "ListID" : "TxnID";
		List<String> ids = rq.texts(idName);
		List<String> names = lists ? rq.texts("FullName") : List.of();
		if (!ids.isEmpty() || !names.isEmpty()) {
			// Explicit ids or names: ActiveStatus does not apply, missing ones give the 500 warning.
			String missing = null;
			for (String id : ids) {
				Optional<QbRecord> r = store.get(id).filter(x -> typeNames.contains(x.type().name()));
				r.ifPresent(out::add);
				missing = r.isEmpty() && missing == null ? id : missing;
			}
			for (String name : names) {
				Optional<QbRecord> r = store.findByFullName(typeNames, name);
				r.ifPresent(out::add);
				missing = r.isEmpty() && missing == null ? name : missing;
			}
			return missing != null ? QbStatus.partial(missing) : QbStatus.OK;
		}
		List<QbRecord> candidates = new ArrayList<>();
		typeNames.forEach(t -> candidates.addAll(store.records(t)));
		List<String> refNumbers = new ArrayList<>(rq.texts("RefNumber"));
		List<String> refNumbersCase = rq.texts("RefNumberCaseSensitive");
		for (QbRecord r : candidates) {
			if (lists ? matchesListFilters(r, rq, store) : matchesTxnFilters(r, rq, store, refNumbers, refNumbersCase)) {
				out.add(r);
			}
		}
		if (lists) {
			out.sort(Comparator.comparing(r -> store.fullName(r).toLowerCase(Locale.ROOT)));
		}
		return out.isEmpty() ? QbStatus.NO_MATCH : QbStatus.OK;
	}

	private static boolean matchesListFilters(QbRecord r, QbNode rq, QbStore store) {
		String active = Optional.ofNullable(rq.text("ActiveStatus")).orElse("ActiveOnly");
		if (active.equals("ActiveOnly") && !r.isActive() || active.equals("InactiveOnly") && r.isActive()) {
			return false;
		}
		if (!store.inRange(r.timeModified(), rq.text("FromModifiedDate"), rq.text("ToModifiedDate"),
				"FromModifiedDate", "ToModifiedDate")) {
			return false;
		}
		String fullName = store.fullName(r).toLowerCase(Locale.ROOT);
		Optional<QbNode> nameFilter = rq.child("NameFilter");
		if (nameFilter.isPresent() && !matchText(fullName, nameFilter.get().text("MatchCriterion"),
				nameFilter.get().text("Name"))) {
			return false;
		}
		Optional<QbNode> range = rq.child("NameRangeFilter");
		if (range.isPresent()) {
			String from = range.get().text("FromName");
			String to = range.get().text("ToName");
			if (from != null && fullName.compareTo(from.toLowerCase(Locale.ROOT)) < 0) {
				return false;
			}
			if (to != null && fullName.compareTo(to.toLowerCase(Locale.ROOT)) > 0
					&& !fullName.startsWith(to.toLowerCase(Locale.ROOT))) {
				return false;
			}
		}
		return true;
	}

	private static boolean matchesTxnFilters(QbRecord r, QbNode rq, QbStore store, List<String> refNumbers,
			List<String> refNumbersCase) {
		String ref = r.field("RefNumber");
		if (!refNumbers.isEmpty() || !refNumbersCase.isEmpty()) {
			return ref != null && (refNumbers.stream().anyMatch(ref::equalsIgnoreCase) || refNumbersCase.contains(ref));
		}
		Optional<QbNode> modified = rq.child("ModifiedDateRangeFilter");
		if (modified.isPresent() && !store.inRange(r.timeModified(), modified.get().text("FromModifiedDate"),
				modified.get().text("ToModifiedDate"), "FromModifiedDate", "ToModifiedDate")) {
			return false;
		}
		Optional<QbNode> txnDate = rq.child("TxnDateRangeFilter");
		if (txnDate.isPresent()) {
			String date = Optional.ofNullable(r.field("TxnDate")).orElse("");
			String from = txnDate.get().text("FromTxnDate");
			String to = txnDate.get().text("ToTxnDate");
			if (from != null && date.compareTo(from) < 0 || to != null && date.compareTo(to) > 0) {
				return false;
			}
		}
		Optional<QbNode> entity = rq.child("EntityFilter");
		if (entity.isPresent() && !matchesEntity(r, entity.get(), store)) {
			return false;
		}
		Optional<QbNode> refFilter = rq.child("RefNumberFilter");
		if (refFilter.isPresent() && (ref == null || !matchText(ref.toLowerCase(Locale.ROOT),
				refFilter.get().text("MatchCriterion"), refFilter.get().text("RefNumber")))) {
			return false;
		}
		Optional<QbNode> refRange = rq.child("RefNumberRangeFilter");
		if (refRange.isPresent()) {
			String from = refRange.get().text("FromRefNumber");
			String to = refRange.get().text("ToRefNumber");
			if (ref == null || from != null && ref.compareToIgnoreCase(from) < 0
					|| to != null && ref.compareToIgnoreCase(to) > 0) {
				return false;
			}
		}
		String paid = rq.text("PaidStatus");
		if (paid != null && !paid.equals("All")) {
			boolean isPaid = "true".equals(store.toRet(r).text("IsPaid"));
			return paid.equals("PaidOnly") == isPaid;
		}
		return true;
	}

	private static boolean matchesEntity(QbRecord r, QbNode filter, QbStore store) {
		String entityId = r.field("CustomerRef/ListID");
		if (entityId == null) {
			entityId = r.field("VendorRef/ListID");
		}
		QbRecord entity = store.get(entityId).orElse(null);
		if (entity == null) {
			return false;
		}
		String fullName = store.fullName(entity);
		if (filter.texts("ListID").contains(entity.id())
				|| filter.texts("FullName").stream().anyMatch(fullName::equalsIgnoreCase)) {
			return true;
		}
		for (String id : filter.texts("ListIDWithChildren")) {
			for (QbRecord e = entity; e != null; e = store.get(e.parentId()).orElse(null)) {
				if (e.id().equals(id)) {
					return true;
				}
			}
		}
		return filter.texts("FullNameWithChildren").stream()
			.anyMatch(n -> fullName.equalsIgnoreCase(n) || fullName.toLowerCase(Locale.ROOT)
				.startsWith(n.toLowerCase(Locale.ROOT) + ":"));
	}

	private static boolean matchText(String valueLower, String criterion, String pattern) {
		if (pattern == null) {
			return true;
		}
		String p = pattern.toLowerCase(Locale.ROOT);
		return switch (criterion == null ? "StartsWith" : criterion) {
			case "Contains" -> valueLower.contains(p);
			case "EndsWith" -> valueLower.endsWith(p);
			default -> valueLower.startsWith(p);
		};
	}

}
