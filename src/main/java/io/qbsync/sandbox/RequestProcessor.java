package io.qbsync.sandbox;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;

import org.xml.sax.SAXException;

/**
 * The request processor of a {@link FakeQuickBooks}: checks each qbXML document as QuickBooks' parser would, runs its
 * requests through the registered handlers (or a status injected for the next one), and keeps what came in. Used
 * only under the fake's lock.
 */
final class RequestProcessor {

	private record Injected(QbStatus status) {
	}

	private static final Pattern QBXML_PI = Pattern.compile("<\\?qbxml\\s+version\\s*=\\s*[\"']([^\"']*)[\"']\\s*\\?>");

	private static final Set<String> DATETIME_FIELDS = Set.of("FromModifiedDate", "ToModifiedDate", "FromDeletedDate",
			"ToDeletedDate");

	private static final Pattern AMOUNT = Pattern.compile("[+-]?\\d{0,13}(\\.\\d{2})?");

	private static final Set<String> AMOUNT_FIELDS = Set.of("Amount", "PaymentAmount", "TotalAmount");

	private final FakeQuickBooks fake;

	private final FakeQuickBooksBuilder config;

	private final Map<String, QbRequestHandler> handlers = new LinkedHashMap<>();

	private final Map<String, Deque<Injected>> injected = new HashMap<>();

	private final Deque<FakeQuickBooks.ConnectionFailure> documentFailures = new ArrayDeque<>();

	private final Map<String, Integer> counts = new LinkedHashMap<>();

	private final List<FakeQuickBooks.ReceivedRequest> received = new ArrayList<>();

	private final List<String> documents = new ArrayList<>();

	private final List<String> versions = new ArrayList<>();

	private final List<String> rejections = new ArrayList<>();

	RequestProcessor(FakeQuickBooks fake, FakeQuickBooksBuilder config) {
		this.fake = fake;
		this.config = config;
	}

	void register(String requestElement, QbRequestHandler handler) {
		handlers.put(requestElement, handler);
	}

	Set<String> supportedRequests() {
		return new TreeSet<>(handlers.keySet());
	}

	/** Answers one request document, or refuses it as a whole (see {@link FakeQuickBooks#process}). */
	QbReply process(String requestXml) {
		documents.add(requestXml);
		String version = null;
		Matcher pi = QBXML_PI.matcher(requestXml == null ? "" : requestXml);
		if (pi.find()) {
			version = pi.group(1);
		}
		versions.add(version);
		if (!documentFailures.isEmpty()) {
			FakeQuickBooks.ConnectionFailure f = documentFailures.poll();
			return QbReply.failure(f.hresult(), f.message());
		}
		QbNode root;
		try {
			root = QbNode.parse(requestXml);
			if (config.schema != null) {
				validate(requestXml);
			}
		}
		catch (SAXException e) {
			return reject("not accepted by the parser: " + e.getMessage());
		}
		if (config.strictVersions && (version == null || !config.supportedVersions.contains(version))) {
			return QbReply.failure("0x80040423", "The version of qbXML that was requested is not supported or is unknown.");
		}
		if (!root.name().equals("QBXML") || !root.has("QBXMLMsgsRq")) {
			return reject("root must be QBXML/QBXMLMsgsRq, got " + root.name());
		}
		QbNode msgs = root.child("QBXMLMsgsRq").orElseThrow();
		String onError = msgs.attribute("onError");
		if (!"stopOnError".equals(onError) && !"continueOnError".equals(onError)) {
			// Required by the schema; rollbackOnError is in the XSD but QuickBooks Desktop refuses it.
			return reject("QBXMLMsgsRq onError is '" + onError + "'");
		}
		for (QbNode rq : msgs.children()) {
			if (!handlers.containsKey(rq.name())) {
				if (config.failOnUnsupported) {
					throw new UnsupportedOperationException("FakeQuickBooks has no handler for " + rq.name());
				}
				return reject("no handler for " + rq.name() + " (supported: " + handlers.keySet() + ")");
			}
			String bad = lexicalProblem(rq);
			if (bad != null) {
				return reject(bad);
			}
		}
		boolean includeNone = "includeNone".equals(msgs.attribute("responseData"));
		Map<String, String> macros = new HashMap<>();
		StringBuilder out = new StringBuilder("<?xml version=\"1.0\" ?><QBXML><QBXMLMsgsRs>");
		boolean stopped = false;
		for (QbNode rq : msgs.children()) {
			counts.merge(rq.name(), 1, Integer::sum);
			received.add(new FakeQuickBooks.ReceivedRequest(rq.name(), rq.attribute("requestID"), version));
			String rsName = rq.name().substring(0, rq.name().length() - 2) + "Rs";
			if (stopped) {
				if (config.reportNotProcessed) {
					appendRs(out, rsName, rq.attribute("requestID"), QbResult.of(QbStatus.notProcessed()), false);
				}
				continue;
			}
			QbResult result = execute(rq, macros);
			appendRs(out, rsName, rq.attribute("requestID"), result, !includeNone);
			stopped = "stopOnError".equals(onError) && result.status().isError();
		}
		return QbReply.ok(out.append("</QBXMLMsgsRs></QBXML>").toString());
	}

	QbResult execute(QbNode rq, Map<String, String> macros) {
		Deque<Injected> queue = injected.get(rq.name());
		if (queue != null && !queue.isEmpty()) {
			return QbResult.of(queue.poll().status());
		}
		try {
			QbNode resolved = substituteMacros(rq, macros);
			QbResult result = handlers.get(rq.name()).handle(resolved, this.fake);
			for (QbNode c : rq.children()) {
				String macro = c.attribute("defMacro");
				if (macro != null && !result.status().isError() && !result.content().isEmpty()) {
					QbNode ret = result.content().get(0);
					String id = ret.text("TxnID") != null ? ret.text("TxnID") : ret.text("ListID");
					macros.put(macro, id);
				}
			}
			return result;
		}
		catch (QbStatusException e) {
			return QbResult.of(e.status());
		}
	}

	private static QbNode substituteMacros(QbNode node, Map<String, String> macros) {
		String use = node.attribute("useMacro");
		if (use != null) {
			String value = macros.get(use);
			if (value == null) {
				throw new QbStatusException(QbStatus.invalidObjectId(use, node.name()));
			}
			return QbNode.leaf(node.name(), value);
		}
		if (node.isLeaf()) {
			return node;
		}
		return node.withChildren(node.children().stream().map(c -> substituteMacros(c, macros)).toList());
	}

	private static String lexicalProblem(QbNode node) {
		if (node.isLeaf()) {
			if (DATETIME_FIELDS.contains(node.name()) && !QbStore.isDateTime(node.text())) {
				return node.name() + " '" + node.text() + "' is not a qbXML DATETIMETYPE";
			}
			if (AMOUNT_FIELDS.contains(node.name()) && !AMOUNT.matcher(node.text().trim()).matches()) {
				return node.name() + " '" + node.text() + "' is not a qbXML AMTTYPE";
			}
			if (node.name().equals("MaxReturned") && !node.text().trim().matches("\\d{1,9}")) {
				return "MaxReturned '" + node.text() + "' is not an INTTYPE";
			}
			return null;
		}
		for (QbNode c : node.children()) {
			String p = lexicalProblem(c);
			if (p != null) {
				return p;
			}
		}
		return null;
	}

	private void validate(String xml) throws SAXException {
		Validator v = config.schema.newValidator();
		try {
			v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
			v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
			v.validate(new StreamSource(new StringReader(xml)));
		}
		catch (java.io.IOException e) {
			throw new SAXException(e);
		}
	}

	private QbReply reject(String reason) {
		rejections.add(reason);
		return QbReply.failure(QbReply.PARSE_ERROR, QbReply.PARSE_ERROR_MESSAGE);
	}

	static void appendRs(StringBuilder sb, String rsName, String requestId, QbResult result,
			boolean withContent) {
		Map<String, String> attrs = new LinkedHashMap<>();
		if (requestId != null) {
			attrs.put("requestID", requestId);
		}
		attrs.put("statusCode", Integer.toString(result.status().code()));
		attrs.put("statusSeverity", result.status().severity());
		attrs.put("statusMessage", result.status().message());
		attrs.putAll(result.attributes());
		new QbNode(rsName, attrs, null, withContent ? result.content() : List.of()).appendXml(sb);
	}

	void failNext(String requestType, int times, int statusCode, String message) {
		Deque<Injected> q = injected.computeIfAbsent(rqName(requestType), k -> new ArrayDeque<>());
		for (int i = 0; i < times; i++) {
			q.add(new Injected(QbStatus.of(statusCode, message)));
		}
	}

	void failNextDocument(String hresult, String message) {
		documentFailures.add(new FakeQuickBooks.ConnectionFailure(hresult, message));
	}

	void clearInjected() {
		injected.clear();
		documentFailures.clear();
	}

	int requestCount(String requestType) {
		return counts.getOrDefault(rqName(requestType), 0);
	}

	Map<String, Integer> requestCounts() {
		return Map.copyOf(counts);
	}

	List<FakeQuickBooks.ReceivedRequest> requestsReceived() {
		return List.copyOf(received);
	}

	List<String> documentsReceived() {
		return List.copyOf(documents);
	}

	List<String> qbXmlVersionsReceived() {
		return new ArrayList<>(versions);
	}

	List<String> rejections() {
		return List.copyOf(rejections);
	}

	private static String rqName(String requestType) {
		return requestType.endsWith("Rq") ? requestType : requestType + "Rq";
	}

}
