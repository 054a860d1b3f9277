package io.qbsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.xml.sax.SAXException;

/** Small helpers shared by the harness' own tests. */
final class HarnessTestSupport {

	private HarnessTestSupport() {
	}

	/** A copied reference sample from {@code src/test/resources/harness/samples}. */
	static String sample(String name) {
		try (InputStream in = HarnessTestSupport.class.getResourceAsStream("/harness/samples/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no sample " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A qbXML 16.0 request document with these request elements. */
	static String docWith(String onError, String... requests) {
		return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?qbxml version=\"16.0\"?>\n<QBXML><QBXMLMsgsRq onError=\""
				+ onError + "\">" + String.join("", requests) + "</QBXMLMsgsRq></QBXML>";
	}

	static String doc(String... requests) {
		return docWith("stopOnError", requests);
	}

	/** The response elements (…Rs) of a response document. */
	static List<QbNode> responses(String responseXml) {
		try {
			QbNode root = QbNode.parse(responseXml);
			return root.child("QBXMLMsgsRs").orElseThrow().children();
		}
		catch (SAXException e) {
			throw new AssertionError("not XML: " + responseXml, e);
		}
	}

	/** The single …Rs element of a response document. */
	static QbNode single(String responseXml) {
		List<QbNode> rs = responses(responseXml);
		if (rs.size() != 1) {
			throw new AssertionError("expected one response in " + responseXml);
		}
		return rs.get(0);
	}

	static String customerAdd(String requestId, String name) {
		return "<CustomerAddRq requestID=\"" + requestId + "\"><CustomerAdd><Name>" + name
				+ "</Name></CustomerAdd></CustomerAddRq>";
	}
}
