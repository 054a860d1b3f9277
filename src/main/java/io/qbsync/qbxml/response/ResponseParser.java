package io.qbsync.qbxml.response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One pass of {@link QbxmlResponseReader} over one document: follows the elements, fills the object, line or deleted
 * record being read within the {@link ResponseLimits}, and hands each to the {@link ResponseHandler} as it ends.
 */
final class ResponseParser {

	/** Where the reader is: building an object, one of its lines, or a deleted-record entry. */
	private enum Kind {
		OBJECT, LINE, DELETED
	}

	/** The object, line or deleted record being filled. */
	private static final class Context {

		final Kind kind;

		final String element;

		final int depth;

		final Context parent;

		final Context root;

		final Map<String, String> fields = new LinkedHashMap<>();

		List<QbLine> lines;

		int fieldCount;

		int lineCount;

		Context(Kind kind, String element, int depth, Context parent) {
			this.kind = kind;
			this.element = element;
			this.depth = depth;
			this.parent = parent;
			this.root = parent == null ? this : parent.root;
		}

		List<QbLine> lines() {
			return lines == null ? List.of() : Collections.unmodifiableList(lines);
		}

	}

	private final XMLStreamReader xml;

	private final ResponseHandler handler;

	private final ResponseLimits limits;

	// per element depth: last child name and its consecutive count (for Name[2]), field path inside the
	// current object or line, whether it has child elements (leaf or aggregate)
	private final String[] lastChild;

	private final int[] lastCount;

	private final FieldPath[] pathAt;

	private final boolean[] hasChild;

	private final StringBuilder text = new StringBuilder(64);

	private int depth;

	private int skipDepth = -1;

	private int msgsDepth = -1;

	private boolean sawRoot;

	private QbResponseStatus response;

	private int responseDepth = -1;

	private int position;

	private Context context;

	private final Map<String, FieldPath> roots = new HashMap<>();

	int cachedPaths;

	ResponseParser(XMLStreamReader xml, ResponseHandler handler, ResponseLimits limits) {
		this.xml = xml;
		this.handler = handler;
		this.limits = limits;
		int size = limits.maxDepth() + 2;
		this.lastChild = new String[size];
		this.lastCount = new int[size];
		this.pathAt = new FieldPath[size];
		this.hasChild = new boolean[size];
	}

	void run() {
		try {
			while (xml.hasNext()) {
				switch (xml.next()) {
					case XMLStreamConstants.START_ELEMENT -> start();
					case XMLStreamConstants.END_ELEMENT -> end();
					case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
						if (context != null && skipDepth < 0) {
							characters();
						}
					}
					case XMLStreamConstants.DTD -> throw new QbxmlResponseException(
							"A DOCTYPE is not allowed in a qbXML response" + at());
					case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION,
							XMLStreamConstants.NOTATION_DECLARATION -> throw new QbxmlResponseException(
									"Entity references are not allowed in a qbXML response" + at());
					default -> {
					}
				}
			}
		}
		catch (XMLStreamException ex) {
			throw QbxmlResponseReader.notXml(ex);
		}
		finally {
			try {
				xml.close();
			}
			catch (XMLStreamException ex) {
				// nothing to release that matters; the caller closes the source
			}
		}
		if (!sawRoot) {
			throw new QbxmlResponseException("The qbXML response has no root element");
		}
	}

	private void start() {
		depth++;
		if (depth > limits.maxDepth()) {
			throw new QbxmlLimitException("The qbXML response nests elements deeper than " + limits.maxDepth() + at());
		}
		if (skipDepth > 0) {
			return;
		}
		String name = xml.getLocalName();
		int parent = depth - 1;
		hasChild[parent] = true;
		hasChild[depth] = false;
		lastChild[depth] = null;
		int occurrence;
		if (name.equals(lastChild[parent])) {
			occurrence = ++lastCount[parent];
		}
		else {
			lastChild[parent] = name;
			lastCount[parent] = 1;
			occurrence = 1;
		}
		text.setLength(0);

		if (context != null) {
			startInContext(name, occurrence);
		}
		else if (response != null) {
			// a direct child of a *Rs
			if ("ListDeletedRet".equals(name) || "TxnDeletedRet".equals(name)) {
				open(Kind.DELETED, name);
			}
			else if (name.endsWith("Ret")) {
				open(Kind.OBJECT, name);
			}
			else {
				skipDepth = depth; // e.g. ErrorRecovery: not ours to interpret
			}
		}
		else if (depth == 1) {
			if (!"QBXML".equals(name)) {
				throw new QbxmlResponseException(
						"Not a qbXML response: the root element is <" + name + ">, expected <QBXML>");
			}
			sawRoot = true;
		}
		else if (depth == msgsDepth + 1 && name.endsWith("Rs")) {
			startResponse(name);
		}
		else if (depth == 2 && "QBXMLMsgsRs".equals(name)) {
			msgsDepth = depth;
		}
		else {
			skipDepth = depth; // e.g. SignonMsgsRs (sign-on of QuickBooks Online, never through the Web Connector)
		}
	}

	private void startInContext(String name, int occurrence) {
		if (context.kind != Kind.DELETED && (name.endsWith("Ret") || "LinkedTxn".equals(name))) {
			Context root = context.root;
			if (++root.lineCount > limits.maxLinesPerObject()) {
				throw new QbxmlLimitException("A " + root.element + " has more than " + limits.maxLinesPerObject()
						+ " lines" + at());
			}
			open(Kind.LINE, name);
			return;
		}
		pathAt[depth] = pathAt[depth - 1].child(name, occurrence, this);
	}

	private void open(Kind kind, String element) {
		context = new Context(kind, element, depth, context);
		FieldPath root = roots.get(element);
		if (root == null) {
			root = new FieldPath("");
			if (cachedPaths < FieldPath.MAX_CACHED_PATHS) {
				cachedPaths++;
				roots.put(element, root);
			}
		}
		pathAt[depth] = root;
	}

	private void startResponse(String name) {
		String code = attribute("statusCode");
		if (code == null) {
			throw new QbxmlResponseException("<" + name + "> has no statusCode" + at());
		}
		String requestId = attribute("requestID");
		response = new QbResponseStatus(position++, requestId, name, integer(name, "statusCode", code),
				attribute("statusSeverity"), attribute("statusMessage"),
				optionalInteger(name, "retCount", attribute("retCount")), attribute("iteratorID"),
				optionalInteger(name, "iteratorRemainingCount", attribute("iteratorRemainingCount")));
		responseDepth = depth;
		handler.onResponse(response);
		// ListDelRs/TxnDelRs carry the deleted record's fields directly, without a Ret
		if ("ListDelRs".equals(name) || "TxnDelRs".equals(name)) {
			open(Kind.DELETED, name);
		}
	}

	private String attribute(String name) {
		String value = xml.getAttributeValue(null, name);
		if (value != null && value.length() > limits.maxTextLength()) {
			throw new QbxmlLimitException("The " + name + " attribute is longer than " + limits.maxTextLength()
					+ " characters" + at());
		}
		return value;
	}

	private int integer(String element, String attribute, String value) {
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new QbxmlResponseException(
					"<" + element + "> has a " + attribute + " that is not a number: '" + value + "'" + at());
		}
	}

	private Integer optionalInteger(String element, String attribute, String value) {
		return value == null || value.isBlank() ? null : integer(element, attribute, value);
	}

	private void characters() {
		if (hasChild[depth]) {
			return; // text between child elements (indentation): this element is not a leaf
		}
		int length = xml.getTextLength();
		if (text.length() + length > limits.maxTextLength()) {
			throw new QbxmlLimitException("A field of " + context.root.element + " is longer than "
					+ limits.maxTextLength() + " characters" + at());
		}
		text.append(xml.getTextCharacters(), xml.getTextStart(), length);
	}

	private void end() {
		if (skipDepth > 0) {
			if (depth == skipDepth) {
				skipDepth = -1;
			}
			depth--;
			return;
		}
		if (context != null) {
			if (depth == context.depth) {
				finishContext();
			}
			else {
				if (!hasChild[depth]) {
					putField(pathAt[depth].text, text.toString());
				}
			}
		}
		if (depth == responseDepth) {
			QbResponseStatus done = response;
			response = null;
			responseDepth = -1;
			handler.onResponseEnd(done);
		}
		else if (depth == msgsDepth) {
			msgsDepth = -1;
		}
		text.setLength(0);
		depth--;
	}

	private void putField(String path, String value) {
		Context root = context.root;
		if (++root.fieldCount > limits.maxFieldsPerObject()) {
			throw new QbxmlLimitException("A " + root.element + " has more than " + limits.maxFieldsPerObject()
					+ " fields" + at());
		}
		// Repeats that are not consecutive (rare, never seen from QuickBooks) keep both values.
		if (context.fields.putIfAbsent(path, value) != null) {
			for (int n = 2;; n++) {
				if (context.fields.putIfAbsent(path + "[" + n + "]", value) == null) {
					break;
				}
			}
		}
	}

	private void finishContext() {
		Context done = context;
		context = done.parent;
		Map<String, String> f = done.fields;
		switch (done.kind) {
			case LINE -> {
				if (done.parent.lines == null) {
					done.parent.lines = new ArrayList<>();
				}
				done.parent.lines.add(new QbLine(done.element, id(f.get("TxnLineID")), Collections.unmodifiableMap(f),
						done.lines()));
			}
			case OBJECT -> {
				String type = done.element.substring(0, done.element.length() - 3);
				handler.onObject(response,
						new QbObject(type, id(f.get("ListID")), id(f.get("TxnID")), id(f.get("EditSequence")),
								QbTimestamp.parseOrNull(f.get("TimeCreated")),
								QbTimestamp.parseOrNull(f.get("TimeModified")), id(f.get("Name")),
								id(f.get("FullName")), id(f.get("RefNumber")), bool(f.get("IsActive")),
								id(f.get("ExternalGUID")), Collections.unmodifiableMap(f), done.lines()));
			}
			case DELETED -> {
				boolean list = done.element.startsWith("List");
				String id = id(f.get(list ? "ListID" : "TxnID"));
				// an error ListDelRs/TxnDelRs has no content: nothing was deleted
				if (id != null) {
					handler.onDeleted(response,
							new DeletedObject(list ? DeletedObject.Kind.LIST : DeletedObject.Kind.TRANSACTION,
									id(f.get(list ? "ListDelType" : "TxnDelType")), id,
									QbTimestamp.parseOrNull(f.get("TimeCreated")),
									QbTimestamp.parseOrNull(f.get("TimeDeleted")), id(f.get("FullName")),
									id(f.get("RefNumber"))));
				}
			}
		}
	}

	private static String id(String value) {
		if (value == null) {
			return null;
		}
		String v = value.strip();
		return v.isEmpty() ? null : v;
	}

	private static Boolean bool(String value) {
		String v = id(value);
		if (v == null) {
			return null;
		}
		return switch (v) {
			case "true", "1" -> Boolean.TRUE;
			case "false", "0" -> Boolean.FALSE;
			default -> null;
		};
	}

	private String at() {
		Location location = xml.getLocation();
		return location == null ? "" : " (line " + location.getLineNumber() + ", column "
				+ location.getColumnNumber() + ")";
	}

}
