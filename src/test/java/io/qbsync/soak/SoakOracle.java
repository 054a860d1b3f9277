package io.qbsync.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a soak run ended right, from what can be seen from outside the product: each company's fake
 * QuickBooks (and which objects the bookkeeper made or deleted there), the records, feed, reports and wizard as the
 * REST API shows them, and which records the host app made from the feed. It uses no product code.
 */
final class SoakOracle {

	private SoakOracle() {
	}

	/** An object in a fake QuickBooks. {@code name} is the Name of a list object or the RefNumber of a transaction. */
	record QbObject(String type, String id, String name, String externalGuid, boolean active, Map<String, String> fields) {
	}

	/**
	 * A field-service record as the API shows it. {@code values} holds name, email, phone and rate (lists), number and
	 * memo (invoices), amount (payments); {@code fromFeed} is the QuickBooks id of the feed entry the host app made it from, or null.
	 */
	record Record(String type, String externalId, boolean deleted, String qbId, Map<String, String> values,
			String fromFeed) {

		String key() {
			return this.type + "/" + this.externalId;
		}

	}

	/** An entry of the changes-from-quickbooks feed, as the host app read it when it applied it. */
	record FeedEntry(long id, String action, String objectType, String qbId, String externalId) {
	}

	/** A line of Unsynced Entities. */
	record Failed(String recordType, String externalId, String code, String fix, String message) {
	}

	/** An item still PENDING or APPROVED in the Sync Report. */
	record Pending(long id, String summary, String state, String message) {
	}

	/** Everything the oracle looks at for one company. */
	record Company(int index, long id, List<QbObject> objects, Set<String> madeByBookkeeper,
			Set<String> deletedByBookkeeper, List<Record> records, List<FeedEntry> feed, List<Pending> pending,
			List<Failed> failed, Set<String> cleared, Set<String> openInWizard) {
	}

	/** A broken invariant. */
	record Violation(String invariant, int company, String detail) {

		@Override
		public String toString() {
			return this.invariant + " (company " + this.company + "): " + this.detail;
		}

	}

	static final Map<String, List<String>> QB_TYPES = Map.of("customers", List.of("Customer"), "vendors",
			List.of("Vendor"), "items", List.of("ItemService", "ItemNonInventory"), "invoices", List.of("Invoice"),
			"payments", List.of("ReceivePayment"));

	/** Invariants from the worst kind of break to the mildest: a shrunk failure keeps the worst one. */
	static final List<String> SEVERITY = List.of("EXACTLY_ONCE", "NO_OBJECT_NO_ONE_MADE", "HOST_GETS_NO_DUPLICATE",
			"NO_CROSSING_COMPANIES", "ONE_RECORD_PER_OBJECT", "EXACTLY_ONCE_WITH_OUR_VALUES", "DELETES_APPLIED",
			"LINKED_TO_ITS_OBJECT", "NOTHING_PENDING", "EVERY_RECORD_SETTLED", "FAILED_WITH_GUIDE", "STEP_RAN",
			"SETTLED");

	/** The violation to shrink for: the first of the named invariant if given, else the worst. */
	static Violation mostSevere(List<Violation> violations, String invariant) {
		return violations.stream()
			.filter((v) -> invariant == null || v.invariant().equals(invariant))
			.min(java.util.Comparator.comparingInt((Violation v) -> SEVERITY.indexOf(v.invariant())))
			.orElse(violations.get(0));
	}

	static List<Violation> check(List<Company> companies) {
		List<Violation> out = new ArrayList<>();
		Map<String, Integer> objectHome = new HashMap<>();
		Map<String, Integer> guidHome = new HashMap<>();
		for (Company c : companies) {
			for (QbObject o : c.objects()) {
				objectHome.putIfAbsent(o.id(), c.index());
				if (o.externalGuid() != null) {
					Integer other = guidHome.putIfAbsent(norm(o.externalGuid()), c.index());
					if (other != null && other != c.index()) {
						out.add(new Violation("NO_CROSSING_COMPANIES", c.index(), "ExternalGUID " + o.externalGuid()
								+ " is on objects in company " + other + " and company " + c.index()));
					}
				}
			}
		}
		for (Company c : companies) {
			check(c, objectHome, out);
		}
		return out;
	}

	private static void check(Company c, Map<String, Integer> objectHome, List<Violation> out) {
		int n = c.index();
		Map<String, QbObject> byId = new HashMap<>();
		c.objects().forEach((o) -> byId.put(o.id(), o));

		// nothing stays pending; every failure has its guide entry
		for (Pending p : c.pending()) {
			out.add(new Violation("NOTHING_PENDING", n, "item " + p.id() + " " + p.summary() + " is still " + p.state()
					+ (p.message() != null ? ": " + p.message() : "")));
		}
		for (Failed f : c.failed()) {
			if (blank(f.code()) || blank(f.fix())) {
				out.add(new Violation("FAILED_WITH_GUIDE", n, f.recordType() + "/" + f.externalId() + " failed with code "
						+ f.code() + " and no fix from the guide"));
			}
		}

		// links: every QuickBooks object is linked from one record at most, and only to an object of this company
		Map<String, List<Record>> linkedFrom = new HashMap<>();
		for (Record r : c.records()) {
			if (r.qbId() == null) {
				continue;
			}
			linkedFrom.computeIfAbsent(r.qbId(), (k) -> new ArrayList<>()).add(r);
			QbObject o = byId.get(r.qbId());
			Integer home = objectHome.get(r.qbId());
			if (o == null && home != null) {
				out.add(new Violation("NO_CROSSING_COMPANIES", n, r.key() + " is linked to " + r.qbId()
						+ ", an object in company " + home + "'s QuickBooks"));
			}
			else if (o != null && !QB_TYPES.get(r.type()).contains(o.type())) {
				out.add(new Violation("LINKED_TO_ITS_OBJECT", n, r.key() + " is linked to " + o.type() + " " + r.qbId()));
			}
			else if (o == null && !r.deleted() && !c.deletedByBookkeeper().contains(r.qbId())) {
				out.add(new Violation("LINKED_TO_ITS_OBJECT", n, r.key() + " is linked to " + r.qbId()
						+ ", which is not in QuickBooks and which the bookkeeper did not delete"));
			}
		}
		linkedFrom.forEach((qbId, records) -> {
			if (records.size() > 1) {
				out.add(new Violation("ONE_RECORD_PER_OBJECT", n, qbId + " (" + describe(byId.get(qbId))
						+ ") is linked from " + records.stream().map(Record::key).toList()));
			}
		});

		// no object no one made; one object per ExternalGUID
		Map<String, List<QbObject>> byGuid = new HashMap<>();
		for (QbObject o : c.objects()) {
			if (o.externalGuid() != null) {
				byGuid.computeIfAbsent(norm(o.externalGuid()), (k) -> new ArrayList<>()).add(o);
			}
			// below qbXML 8.0 / 9.0 a lost Add cannot be recognised: the item fails naming the object, a person decides
			boolean namedByAFailure = c.failed().stream().anyMatch((f) -> f.message() != null
					&& f.message().contains(o.id()));
			if (!c.madeByBookkeeper().contains(o.id()) && !linkedFrom.containsKey(o.id()) && !namedByAFailure) {
				out.add(new Violation("NO_OBJECT_NO_ONE_MADE", n,
						describe(o) + " is in QuickBooks, not made by the bookkeeper and linked from no record"));
			}
		}
		byGuid.forEach((guid, objects) -> {
			if (objects.size() > 1) {
				out.add(new Violation("EXACTLY_ONCE", n, "ExternalGUID " + guid + " is on "
						+ objects.stream().map(SoakOracle::describe).toList()));
			}
		});

		// every live record is in QuickBooks exactly once with our values, or failed with its guide entry, or cleared
		Set<String> failed = new HashSet<>();
		c.failed().forEach((f) -> failed.add(typePath(f.recordType()) + "/" + f.externalId()));
		for (Record r : c.records()) {
			boolean excused = failed.contains(r.key()) || c.cleared().contains(r.key())
					|| c.openInWizard().contains(r.key());
			QbObject o = (r.qbId() != null) ? byId.get(r.qbId()) : null;
			if (r.deleted()) {
				if (o != null && !excused) {
					if (o.type().equals("Invoice") || o.type().equals("ReceivePayment")) {
						out.add(new Violation("DELETES_APPLIED", n, r.key() + " was deleted but " + describe(o)
								+ " is still in QuickBooks"));
					}
					else if (o.active() && !c.madeByBookkeeper().contains(o.id())) {
						out.add(new Violation("DELETES_APPLIED", n,
								r.key() + " was deleted but " + describe(o) + " is still active"));
					}
				}
				continue;
			}
			if (r.qbId() == null) {
				if (!excused) {
					out.add(new Violation("EVERY_RECORD_SETTLED", n, r.key() + " " + r.values()
							+ " is in no QuickBooks object, not failed, not cleared and not waiting in the wizard"));
				}
				continue;
			}
			if (o == null || excused) {
				continue;
			}
			String name = asQuickBooksStoresIt(r.values().get("name"));
			if (name != null && o.type().matches("Customer|Vendor|Item.*")) {
				long same = c.objects().stream().filter((x) -> x.type().equals(o.type()))
					.filter((x) -> name.equalsIgnoreCase(asQuickBooksStoresIt(x.name()))).count();
				if (same != 1 || !name.equalsIgnoreCase(asQuickBooksStoresIt(o.name()))) {
					out.add(new Violation("EXACTLY_ONCE_WITH_OUR_VALUES", n, r.key() + " named '" + name + "' is linked to "
							+ describe(o) + "; objects of that name: " + same));
				}
			}
			String number = r.values().get("number");
			if (number != null && o.type().equals("Invoice")) {
				List<QbObject> same = c.objects().stream().filter((x) -> x.type().equals("Invoice"))
					.filter((x) -> number.equals(x.name())).toList();
				if (same.size() != 1 || !number.equals(o.name())) {
					out.add(new Violation("EXACTLY_ONCE_WITH_OUR_VALUES", n, r.key() + " number " + number
							+ " is linked to " + describe(o) + "; invoices with that number: "
							+ same.stream().map(SoakOracle::describe).toList()));
				}
			}
			for (String field : List.of("email", "phone", "memo", "rate", "amount")) {
				String ours = r.values().get(field);
				String theirs = switch (field) {
					case "email" -> o.fields().get("Email");
					case "phone" -> o.fields().get("Phone");
					case "memo" -> o.type().equals("Invoice") ? o.fields().get("Memo") : ours;
					case "rate" -> o.type().startsWith("Item")
							? o.fields().getOrDefault("Price", o.fields().get("SalesPrice")) : ours;
					default -> o.type().equals("ReceivePayment") ? o.fields().get("TotalAmount") : ours;
				};
				boolean same = (field.equals("rate") || field.equals("amount")) ? sameAmount(ours, theirs)
						: Objects.equals(ours, theirs);
				if (ours != null && !same) {
					out.add(new Violation("EXACTLY_ONCE_WITH_OUR_VALUES", n, r.key() + " has " + field + " '" + ours
							+ "' but " + describe(o) + " has '" + theirs + "'"));
				}
			}
		}

		// the host app gets no duplicate: an object is offered once as new, and then linked to no record made otherwise
		// (an entry read after its object was linked names that record, and so offers nothing new)
		Map<String, Long> offered = new HashMap<>();
		for (FeedEntry e : c.feed()) {
			if (!"NEW_IN_QUICKBOOKS".equals(e.action()) || e.externalId() != null) {
				continue;
			}
			if (offered.merge(e.qbId(), 1L, Long::sum) == 2) {
				out.add(new Violation("HOST_GETS_NO_DUPLICATE", n,
						e.objectType() + " " + e.qbId() + " was offered to the host app as new twice"));
			}
			for (Record r : linkedFrom.getOrDefault(e.qbId(), List.of())) {
				if (!e.qbId().equals(r.fromFeed())) {
					out.add(new Violation("HOST_GETS_NO_DUPLICATE", n, e.objectType() + " " + e.qbId() + " ("
							+ describe(byId.get(e.qbId())) + ") was offered to the host app as new (feed entry " + e.id()
							+ ") and is also linked to " + r.key() + (r.deleted() ? " (deleted)" : "")
							+ ", which the host app did not make from the feed"));
				}
			}
			QbObject o = byId.get(e.qbId());
			if (o != null && o.externalGuid() != null && !c.madeByBookkeeper().contains(o.id())) {
				out.add(new Violation("HOST_GETS_NO_DUPLICATE", n,
						describe(o) + ", added by us with ExternalGUID, was offered to the host app as new"));
			}
		}
	}

	private static boolean sameAmount(String ours, String theirs) {
		if (ours == null || theirs == null) {
			return Objects.equals(ours, theirs);
		}
		try {
			return new java.math.BigDecimal(ours).compareTo(new java.math.BigDecimal(theirs)) == 0;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * A name as QuickBooks keeps it: it reads Latin-1 only, so typographic quotes and dashes go as their ASCII
	 * forms (the reference, section 5.4).
	 */
	static String asQuickBooksStoresIt(String name) {
		if (name == null) {
			return null;
		}
		return name.replace('\u2018', '\'').replace('\u2019', '\'').replace('\u201C', '"').replace('\u201D', '"')
			.replace('\u2013', '-').replace('\u2014', '-');
	}

	static String typePath(String recordType) {
		return (recordType == null) ? "?" : recordType.toLowerCase(Locale.ROOT);
	}

	private static String norm(String guid) {
		return guid.replace("{", "").replace("}", "").toLowerCase(Locale.ROOT);
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

	static String describe(QbObject o) {
		if (o == null) {
			return "nothing";
		}
		return o.type() + " " + o.id() + " '" + o.name() + "'" + (o.active() ? "" : " inactive")
				+ (o.externalGuid() != null ? " guid " + o.externalGuid() : "");
	}

}
