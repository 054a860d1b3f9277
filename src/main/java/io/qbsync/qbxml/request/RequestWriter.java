package io.qbsync.qbxml.request;

import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.EntityType;
import io.qbsync.qbxml.entity.Field;
import io.qbsync.qbxml.entity.FieldKind;
import io.qbsync.qbxml.entity.LineSpec;

/**
 * Writes qbXML requests for the types in the catalogue: Add, Mod, Query, delete and deleted-object queries. Elements
 * come out in schema order (QuickBooks answers a wrong order only with "error parsing the XML"), fields the company's
 * qbXML version does not have are left out, and every value is checked by {@link FieldRules} first.
 */
public final class RequestWriter {

	private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();

	/** Stands in for the identity an Add gets at release, so that a check sees the same fields. */
	private static final UUID CHECK_IDENTITY = new UUID(0, 0);

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

	private final QbxmlVersion version;

	private final boolean truncate;

	/**
	 * @param version the qbXML version agreed with the company's QuickBooks
	 * @param truncate whether the company allows over-long text to be shortened (otherwise it is an error)
	 */
	public RequestWriter(QbxmlVersion version, boolean truncate) {
		this.version = version;
		this.truncate = truncate;
	}

	public QbxmlVersion version() {
		return this.version;
	}

	/**
	 * The text an Add of {@code type} sends for field {@code fieldName}: Latin-1 mapped (typographic quotes and dashes
	 * made plain) and, when this writer may truncate, cut to QuickBooks' limit. What QuickBooks stores, so what a
	 * lookup of a lost Add must ask for; null when the value would not be sent.
	 */
	public String asSent(EntityType type, String fieldName, Object value) {
		if (value == null) {
			return null;
		}
		return type.addFields()
			.stream()
			.filter((f) -> f.name().equals(fieldName))
			.findFirst()
			.map((f) -> FieldRules.check(type.label(), f, value, this.truncate).text())
			.orElse(null);
	}

	/** A name as QuickBooks would store it (typographic quotes, dashes and spaces made plain; no length rule). */
	public static String plain(String text) {
		return (text != null) ? Latin1Text.clean(text, true).text() : null;
	}

	/**
	 * An Add; {@code values} holds our field names, and {@code lines} a list of line maps for transactions.
	 * @param identity our identity for the new object, stored before sending: it goes out as ExternalGUID (from qbXML
	 * 8.0 for lists, 9.0 for transactions) so that an Add whose answer was lost can be found again instead of repeated
	 */
	public QbxmlRequest add(EntityType type, String requestId, UUID identity, Map<String, ?> values) {
		return add(type, requestId, identity, values, true);
	}

	/**
	 * What an Add of these values would break or change to fit, without writing it: the same checks as
	 * {@link #add}, for a scan that plans thousands of items and sends none of them yet.
	 */
	public List<FieldIssue> addIssues(EntityType type, Map<String, ?> values) {
		return add(type, "check", CHECK_IDENTITY, values, false).issues();
	}

	private QbxmlRequest add(EntityType type, String requestId, UUID identity, Map<String, ?> values, boolean xml) {
		requireExport(type);
		if (identity == null) {
			throw new IllegalArgumentException("Every Add carries qbsync's identity for the new object");
		}
		Map<String, Object> withIdentity = new HashMap<>(values);
		withIdentity.put(EntityType.EXTERNAL_GUID, identity);
		String record = describe(type, withIdentity);
		List<FieldIssue> issues = new ArrayList<>();
		return write(type.addRq(), requestId, issues, xml, (w) -> {
			w.start(type.name() + "Add");
			writeFields(w, type.addFields(), withIdentity, record, issues, true);
			if (type.lines() != null) {
				writeAddLines(w, type.lines(), lines(withIdentity), record, issues);
			}
			w.end();
		});
	}

	/**
	 * A Mod of the fields present in {@code values} (a present null clears a text field). With a {@code lines} entry,
	 * the lines sent replace QuickBooks' lines; without one, the lines are left alone.
	 */
	public QbxmlRequest mod(EntityType type, String requestId, String id, String editSequence, Map<String, ?> values) {
		return mod(type, requestId, id, editSequence, values, true);
	}

	/** What a Mod of these values would break or change to fit, without writing it (see {@link #addIssues}). */
	public List<FieldIssue> modIssues(EntityType type, Map<String, ?> values) {
		return mod(type, "check", "check", "0", values, false).issues();
	}

	private QbxmlRequest mod(EntityType type, String requestId, String id, String editSequence,
			Map<String, ?> values, boolean xml) {
		requireExport(type);
		String record = describe(type, values);
		List<FieldIssue> issues = new ArrayList<>();
		requireKey(id, 36, type.idElement());
		requireKey(editSequence, 16, "EditSequence");
		return write(type.modRq(), requestId, issues, xml, (w) -> {
			w.start(type.name() + "Mod");
			w.element(type.idElement(), id.strip());
			w.element("EditSequence", editSequence.strip());
			writeFields(w, type.modFields(), values, record, issues, false);
			if (type.lines() != null && values.containsKey(LineSpec.LINES)) {
				writeModLines(w, type.lines(), lines(values), record, issues);
			}
			w.end();
		});
	}

	public QbxmlRequest query(EntityType type, String requestId, Query query) {
		if (query.iterator() != null && !type.iterator()) {
			throw new IllegalArgumentException(type.queryRq() + " has no iterator in qbXML; query it without one");
		}
		if (query.iterator() == Query.Iterator.CONTINUE && (query.iteratorId() == null || query.iteratorId().isBlank())) {
			throw new IllegalArgumentException("Continuing an iterator needs the iteratorID QuickBooks returned");
		}
		return write(type.queryRq(), requestId, new ArrayList<>(), true, (w) -> {
			if (query.iterator() != null) {
				w.attribute("iterator", (query.iterator() == Query.Iterator.START) ? "Start" : "Continue");
				if (query.iterator() == Query.Iterator.CONTINUE) {
					w.attribute("iteratorID", query.iteratorId());
				}
			}
			if (!query.ids().isEmpty()) {
				query.ids().forEach((id) -> w.element(type.idElement(), id));
			}
			else if (!query.names().isEmpty()) {
				query.names().forEach((name) -> w.element(type.isList() ? "FullName" : "RefNumber", name));
			}
			else {
				if (query.maxReturned() != null) {
					w.element("MaxReturned", Integer.toString(query.maxReturned()));
				}
				if (type.isList()) {
					if (query.allStatuses()) {
						w.element("ActiveStatus", "All");
					}
					modifiedRange(w, query);
				}
				else if (query.modifiedFrom() != null || query.modifiedTo() != null) {
					w.start("ModifiedDateRangeFilter");
					modifiedRange(w, query);
					w.end();
				}
			}
			if (!type.isList() && query.includeLineItems() && type.lines() != null) {
				w.element("IncludeLineItems", "true");
			}
		});
	}

	/** Deletes the object; QuickBooks refuses for lists still used by transactions (make them inactive instead). */
	public QbxmlRequest delete(EntityType type, String requestId, String id) {
		requireExport(type);
		requireKey(id, 36, type.idElement());
		String rq = type.isList() ? "ListDelRq" : "TxnDelRq";
		return write(rq, requestId, new ArrayList<>(), true, (w) -> {
			w.element(type.isList() ? "ListDelType" : "TxnDelType", type.delType());
			w.element(type.idElement(), id.strip());
		});
	}

	/**
	 * What was deleted in QuickBooks between two local times (deletions never show in modified-date queries). These
	 * queries have no iterator; keep the range modest. All types must be lists, or all transactions.
	 */
	public QbxmlRequest deletedQuery(List<EntityType> types, String requestId, LocalDateTime from, LocalDateTime to) {
		if (types.isEmpty() || types.stream().map(EntityType::isList).distinct().count() != 1) {
			throw new IllegalArgumentException("A deleted-object query is for lists only or transactions only");
		}
		boolean lists = types.get(0).isList();
		return write(lists ? "ListDeletedQueryRq" : "TxnDeletedQueryRq", requestId, new ArrayList<>(), true, (w) -> {
			types.forEach((t) -> w.element(lists ? "ListDelType" : "TxnDelType", t.delType()));
			if (from != null || to != null) {
				w.start("DeletedDateRangeFilter");
				if (from != null) {
					w.element("FromDeletedDate", LOCAL_TIME.format(from));
				}
				if (to != null) {
					w.element("ToDeletedDate", LOCAL_TIME.format(to));
				}
				w.end();
			}
		});
	}

	private void writeFields(XmlSink w, List<Field> fields, Map<String, ?> values, String record,
			List<FieldIssue> issues, boolean add) {
		List<String> open = new ArrayList<>();
		for (Field field : fields) {
			if (!field.existsIn(this.version)) {
				continue;
			}
			boolean present = values.containsKey(field.name());
			Object value = values.get(field.name());
			if (!present || (value == null && (add || field.kind() != FieldKind.TEXT))) {
				if (field.required()) {
					issues.add(FieldRules.missing(record, field));
				}
				continue;
			}
			FieldRules.Checked checked = (value == null) ? new FieldRules.Checked(null, "", List.of())
					: FieldRules.check(record, field, value, this.truncate);
			issues.addAll(checked.issues());
			if (!checked.written()) {
				continue;
			}
			String[] path = field.path().split("/");
			moveTo(w, open, List.of(path).subList(0, path.length - 1));
			if (checked.child() != null) {
				w.start(path[path.length - 1]);
				w.element(checked.child(), checked.text());
				w.end();
			}
			else {
				w.element(path[path.length - 1], checked.text());
			}
		}
		moveTo(w, open, List.of());
	}

	private void writeAddLines(XmlSink w, LineSpec spec, List<Map<String, ?>> lines, String record,
			List<FieldIssue> issues) {
		if (lines.isEmpty() && spec.whenNoLinesOnAdd() != null) {
			w.element(spec.whenNoLinesOnAdd().path(), "true");
			return;
		}
		int number = 0;
		for (Map<String, ?> line : lines) {
			number++;
			w.start(spec.addElement());
			writeFields(w, spec.addFields(), line, record + ", line " + number, issues, true);
			w.end();
		}
	}

	private void writeModLines(XmlSink w, LineSpec spec, List<Map<String, ?>> lines, String record,
			List<FieldIssue> issues) {
		int number = 0;
		for (Map<String, ?> line : lines) {
			number++;
			String lineRecord = record + ", line " + number;
			Object key = line.get(spec.modKey().name());
			String keyText = (key != null) ? String.valueOf(key).strip() : spec.newLineKey();
			if (keyText == null || keyText.isEmpty() || keyText.length() > 36) {
				issues.add(FieldRules.missing(lineRecord, spec.modKey()));
				continue;
			}
			w.start(spec.modElement());
			w.element(spec.modKey().path(), keyText);
			writeFields(w, spec.modFields(), line, lineRecord, issues, false);
			w.end();
		}
	}

	/** Closes and opens aggregate elements so that the next field lands under {@code target}. */
	private static void moveTo(XmlSink w, List<String> open, List<String> target) {
		int common = 0;
		while (common < open.size() && common < target.size() && open.get(common).equals(target.get(common))) {
			common++;
		}
		while (open.size() > common) {
			w.end();
			open.remove(open.size() - 1);
		}
		for (String name : target.subList(common, target.size())) {
			w.start(name);
			open.add(name);
		}
	}

	private static void modifiedRange(XmlSink w, Query query) {
		if (query.modifiedFrom() != null) {
			w.element("FromModifiedDate", LOCAL_TIME.format(query.modifiedFrom()));
		}
		if (query.modifiedTo() != null) {
			w.element("ToModifiedDate", LOCAL_TIME.format(query.modifiedTo()));
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, ?>> lines(Map<String, ?> values) {
		Object lines = values.get(LineSpec.LINES);
		return (lines instanceof List<?> list) ? (List<Map<String, ?>>) list : List.of();
	}

	private static String describe(EntityType type, Map<String, ?> values) {
		Object shown = values.get(type.displayField());
		return type.label() + ((shown != null && !String.valueOf(shown).isBlank()) ? " \"" + shown + "\"" : " (no "
				+ type.displayField() + " yet)");
	}

	private static void requireExport(EntityType type) {
		if (!type.exports()) {
			throw new IllegalArgumentException(type.name() + " is only imported from QuickBooks; qbsync never writes it");
		}
	}

	private static void requireKey(String value, int max, String name) {
		if (value == null || value.isBlank() || value.strip().length() > max) {
			throw new IllegalArgumentException(name + " must be 1 to " + max + " characters");
		}
	}

	/**
	 * Writes one request element; the body fills it. Answers the request, or its errors without XML. With {@code xml}
	 * false the body's checks run and nothing is written.
	 */
	private QbxmlRequest write(String rq, String requestId, List<FieldIssue> issues, boolean xml, Body body) {
		QbxmlMessage.checkRequestId(requestId);
		if (!xml) {
			body.write(XmlSink.NOWHERE);
			return new QbxmlRequest(requestId, rq, null, issues);
		}
		StringWriter out = new StringWriter();
		try {
			XMLStreamWriter writer = OUTPUT.createXMLStreamWriter(out);
			XmlSink w = new XmlSink.Stax(writer);
			w.start(rq);
			w.attribute("requestID", requestId);
			body.write(w);
			w.end();
			writer.close();
		}
		catch (XMLStreamException ex) {
			throw new IllegalStateException("Could not write " + rq, ex);
		}
		boolean errors = issues.stream().anyMatch(FieldIssue::isError);
		return new QbxmlRequest(requestId, rq, errors ? null : out.toString(), issues);
	}

	/** The inside of a request element. */
	@FunctionalInterface
	private interface Body {

		void write(XmlSink w);

	}

}
