package io.qbsync.webconnector;

import io.qbsync.qbxml.status.StatusGuide;

/**
 * Plain words for the COM errors (HRESULTs) the Web Connector reports in receiveResponseXML and connectionError,
 * taken from the status-code guide, and whether the document that caused one certainly did not reach the books.
 */
final class Hresults {

	/** QuickBooks could not parse the request: it applied nothing from it. */
	static final String PARSE_ERROR = "0x80040400";

	private Hresults() {
	}

	/** A sentence for a bookkeeper, with QuickBooks' own code and message kept for support. */
	static String explain(String hresult, String message) {
		return StatusGuide.standard().explain(hresult, message);
	}

	static boolean certainlyNotApplied(String hresult) {
		return PARSE_ERROR.equals(StatusGuide.canonical(hresult));
	}

}
