package io.qbsync.webconnector;

import java.util.Locale;
import java.util.Map;

/**
 * Plain words for the COM errors (HRESULTs) the Web Connector reports in receiveResponseXML and connectionError,
 * and whether the document that caused one certainly did not reach the books.
 */
final class Hresults {

	/** QuickBooks could not parse the request: it applied nothing from it. */
	static final String PARSE_ERROR = "0x80040400";

	private static final Map<String, String> EXPLANATIONS = Map.ofEntries(
			Map.entry(PARSE_ERROR, "QuickBooks could not read a request qbsync sent (the XML was not valid for it). "
					+ "Nothing from that request was saved. qbsync support needs to look at it."),
			Map.entry("0x80040401", "The Web Connector could not reach QuickBooks. Make sure QuickBooks is installed "
					+ "and can start on this computer, then run the Web Connector again."),
			Map.entry("0x80040402", "QuickBooks hit an unexpected error. Restart QuickBooks and run the Web Connector "
					+ "again; if it keeps happening, send QuickBooks' qbsdklog.txt to support."),
			Map.entry("0x80040408", "QuickBooks could not be started. Open QuickBooks by hand once on this computer, "
					+ "then run the Web Connector again."),
			Map.entry("0x8004040A", "A different company file is open in QuickBooks. Open the company file this "
					+ "application is set up for, or close QuickBooks, then run the Web Connector again."),
			Map.entry("0x80040410", "The company file is open in single-user or multi-user mode and qbsync needs the "
					+ "other one. Switch the mode in QuickBooks' File menu, then run the Web Connector again."),
			Map.entry("0x80040414", "A window is open in QuickBooks and waiting for an answer. Close it in "
					+ "QuickBooks, then run the Web Connector again."),
			Map.entry("0x80040416", "QuickBooks is not running and no company file is set for this application. "
					+ "Open the company file in QuickBooks, or set its path on the company in qbsync."),
			Map.entry("0x80040418", "This application has not been allowed into the company file yet. Log into "
					+ "QuickBooks as the Admin user, open the file, run the Web Connector and answer Yes to the "
					+ "access question."),
			Map.entry("0x8004041A", "This application is not allowed to use the company file. In QuickBooks go to "
					+ "Edit > Preferences > Integrated Applications > Company Preferences and allow it."),
			Map.entry("0x8004041B", "QuickBooks could not lock the data it needed; someone may be editing the same "
					+ "records. qbsync will try again at the next run."),
			Map.entry("0x8004041C", "QuickBooks had an internal problem reading the company file. Run File > "
					+ "Utilities > Verify Data in QuickBooks, then run the Web Connector again."),
			Map.entry("0x8004041D", "This application is not allowed to log in when QuickBooks is closed. In "
					+ "QuickBooks' Integrated Applications preferences, allow it to log in automatically, or leave "
					+ "the company file open while the Web Connector runs."),
			Map.entry("0x8004041E", "This application's certificate has expired. Contact support."),
			Map.entry("0x8004041F", "This edition of QuickBooks cannot exchange data with other applications."),
			Map.entry("0x80040420", "The QuickBooks user refused access to this application. Log in as the Admin "
					+ "user and allow it in the Integrated Applications preferences."),
			Map.entry("0x80040422", "The company file is shared with another application that needs it alone. Close "
					+ "the other application, then run the Web Connector again."),
			Map.entry("0x80040423", "This QuickBooks does not understand the qbXML version qbsync used. Update "
					+ "QuickBooks, or lower the company's qbXML version in qbsync."),
			Map.entry("0x80040424", "QuickBooks has not finished starting. Wait a minute, then run the Web "
					+ "Connector again."));

	private Hresults() {
	}

	/** A sentence for a bookkeeper, with QuickBooks' own code and message kept for support. */
	static String explain(String hresult, String message) {
		String code = normalize(hresult);
		String words = EXPLANATIONS.getOrDefault(code,
				"QuickBooks reported an error qbsync does not know. Run the Web Connector again; if it repeats, "
						+ "contact support with the code below.");
		String detail = (message != null && !message.isBlank()) ? " " + message.strip() : "";
		return words + " (QuickBooks error " + code + detail + ")";
	}

	static boolean certainlyNotApplied(String hresult) {
		return PARSE_ERROR.equals(normalize(hresult));
	}

	private static String normalize(String hresult) {
		String code = (hresult != null) ? hresult.strip() : "";
		return code.regionMatches(true, 0, "0x", 0, 2) ? "0x" + code.substring(2).toUpperCase(Locale.ROOT)
				: code.toUpperCase(Locale.ROOT);
	}

}
