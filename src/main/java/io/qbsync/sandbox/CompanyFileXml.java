package io.qbsync.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.xml.sax.SAXException;

/**
 * A {@link FakeQuickBooks} company file as text, so a sandbox company's QuickBooks can be kept in the database between
 * runs: every record with its ids, EditSequence, times, fields and lines, the deleted objects, and the counters that
 * hand out the next ids. Iterators and injected failures are not kept: QuickBooks forgets them between sessions too.
 */
public final class CompanyFileXml {

	private static final String ROOT = "SandboxCompanyFile";

	private CompanyFileXml() {
	}

	/** The company file of {@code books} as one XML document. */
	public static String write(FakeQuickBooks books) {
		synchronized (books) {
			QbStore store = books.store();
			long[] counters = store.counters();
			Map<String, String> attributes = new LinkedHashMap<>();
			attributes.put("version", "1");
			attributes.put("listCounter", Long.toString(counters[0]));
			attributes.put("txnCounter", Long.toString(counters[1]));
			attributes.put("txnNumber", Long.toString(counters[2]));
			attributes.put("invoiceNumber", Long.toString(invoiceNumbers(store).map(QbBehaviors.Invoice::lastNumber)
				.orElse(0L)));
			List<QbNode> children = new ArrayList<>();
			for (QbRecord r : store.all()) {
				Map<String, String> a = new LinkedHashMap<>();
				a.put("type", r.type().name());
				a.put("id", r.id());
				a.put("timeCreated", r.timeCreated().toString());
				a.put("timeModified", r.timeModified().toString());
				a.put("editSequence", r.editSequence());
				if (r.txnNumber() != null) {
					a.put("txnNumber", r.txnNumber());
				}
				children.add(new QbNode("Record", a, null,
						List.of(QbNode.element("Fields", r.fields()), QbNode.element("Lines", r.lines()))));
			}
			for (QbStore.Tombstone t : store.tombstones()) {
				Map<String, String> a = new LinkedHashMap<>();
				a.put("list", Boolean.toString(t.list()));
				a.put("type", t.delType());
				a.put("id", t.id());
				a.put("timeCreated", t.timeCreated().toString());
				a.put("timeDeleted", t.timeDeleted().toString());
				if (t.fullNameOrRefNumber() != null) {
					a.put("name", t.fullNameOrRefNumber());
				}
				children.add(new QbNode("Deleted", a, "", List.of()));
			}
			return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + new QbNode(ROOT, attributes, null, children).toXml();
		}
	}

	/** Loads a company file written by {@link #write} into {@code books}, which must hold no records yet. */
	public static void read(String xml, FakeQuickBooks books) {
		QbNode root;
		try {
			root = QbNode.parse(xml);
		}
		catch (SAXException ex) {
			throw new IllegalArgumentException("Not a sandbox company file: " + ex.getMessage(), ex);
		}
		if (!ROOT.equals(root.name())) {
			throw new IllegalArgumentException("Not a sandbox company file: the root is " + root.name());
		}
		synchronized (books) {
			QbStore store = books.store();
			if (!store.all().isEmpty() || !store.tombstones().isEmpty()) {
				throw new IllegalStateException("The fake QuickBooks already holds records");
			}
			for (QbNode node : root.children()) {
				if (node.name().equals("Record")) {
					QbObjectType type = store.type(node.attribute("type"))
						.orElseThrow(() -> new IllegalArgumentException("Unknown type " + node.attribute("type")));
					QbRecord r = new QbRecord(type, node.attribute("id"), Instant.parse(node.attribute("timeCreated")),
							node.attribute("txnNumber"), node.attribute("editSequence"), elements(node, "Fields"),
							elements(node, "Lines"));
					r.touch(Instant.parse(node.attribute("timeModified")), node.attribute("editSequence"));
					store.put(r);
				}
				else if (node.name().equals("Deleted")) {
					store.restoreTombstone(new QbStore.Tombstone(Boolean.parseBoolean(node.attribute("list")),
							node.attribute("type"), node.attribute("id"), Instant.parse(node.attribute("timeCreated")),
							Instant.parse(node.attribute("timeDeleted")), node.attribute("name")));
				}
			}
			store.restoreCounters(Long.parseLong(root.attribute("listCounter")),
					Long.parseLong(root.attribute("txnCounter")), Long.parseLong(root.attribute("txnNumber")));
			invoiceNumbers(store).ifPresent((b) -> b.lastNumber(Long.parseLong(root.attribute("invoiceNumber"))));
		}
	}

	private static List<QbNode> elements(QbNode record, String name) {
		return record.child(name).map(QbNode::children).orElse(List.of());
	}

	private static Optional<QbBehaviors.Invoice> invoiceNumbers(QbStore store) {
		return store.type("Invoice")
			.map(QbObjectType::behavior)
			.filter(QbBehaviors.Invoice.class::isInstance)
			.map(QbBehaviors.Invoice.class::cast);
	}

}
