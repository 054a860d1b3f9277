package io.qbsync.qbxml.request;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.qbsync.qbxml.QbxmlVersion;

/**
 * A qbXML request document: the XML declaration, the {@code <?qbxml version?>} instruction QuickBooks validates
 * against, and many requests in one {@code QBXMLMsgsRq}. Requests run with {@code continueOnError}: qbXML has no
 * transactions across requests, so each one stands alone and is answered by its requestID.
 */
public final class QbxmlMessage {

	/** QuickBooks refuses longer requestIDs (status 1060). */
	public static final int MAX_REQUEST_ID = 50;

	private QbxmlMessage() {
	}

	public static String render(QbxmlVersion version, List<QbxmlRequest> requests) {
		if (requests.isEmpty()) {
			throw new IllegalArgumentException("A message needs at least one request");
		}
		Set<String> ids = new HashSet<>();
		StringBuilder doc = new StringBuilder(256 + requests.stream().mapToInt((r) -> (r.xml() != null) ? r.xml().length() : 0).sum());
		doc.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?qbxml version=\"")
			.append(version)
			.append("\"?>\n<QBXML>\n<QBXMLMsgsRq onError=\"continueOnError\">\n");
		for (QbxmlRequest request : requests) {
			if (!request.sendable()) {
				throw new IllegalArgumentException("Request " + request.requestId() + " breaks QuickBooks' rules and "
						+ "cannot be sent: " + request.errors());
			}
			if (!ids.add(request.requestId())) {
				throw new IllegalArgumentException("Two requests share the requestID " + request.requestId());
			}
			doc.append(request.xml()).append('\n');
		}
		return doc.append("</QBXMLMsgsRq>\n</QBXML>\n").toString();
	}

	/** A requestID must be 1 to 50 printable ASCII characters (they are echoed back verbatim). */
	static void checkRequestId(String requestId) {
		if (requestId == null || requestId.isEmpty() || requestId.length() > MAX_REQUEST_ID
				|| !requestId.chars().allMatch((c) -> c > 0x20 && c < 0x7F)) {
			throw new IllegalArgumentException(
					"A requestID must be 1 to " + MAX_REQUEST_ID + " printable ASCII characters: " + requestId);
		}
	}

}
