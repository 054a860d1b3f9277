package io.qbsync.sandbox;

/**
 * A qbXML response status ({@code statusCode}, {@code statusSeverity}, {@code statusMessage}) plus the exact
 * message texts the fake uses, taken from shared/reference/qb-status-codes.csv.
 */
public record QbStatus(int code, String severity, String message) {

	public static final QbStatus OK = new QbStatus(0, "Info", "Status OK");

	public static final QbStatus NO_MATCH = new QbStatus(1,
			"Info", "A query request did not find a matching object in QuickBooks");

	/** Severity from the code range: 0-499 Info, 500-999 Warn, 1000+ Error. */
	public static QbStatus of(int code, String message) {
		return new QbStatus(code, severityOf(code), message);
	}

	public static String severityOf(int code) {
		return code < 500 ? "Info" : code < 1000 ? "Warn" : "Error";
	}

	public boolean isError() {
		return "Error".equals(severity);
	}

	public static QbStatus partial(String missing) {
		return of(500, "The query request has not been fully completed. There was a required element (\"" + missing
				+ "\") that could not be found in QuickBooks.");
	}

	public static QbStatus invalidObjectId(String value, String field) {
		return of(3000, "The given object ID \"" + value + "\" in the field \"" + field + "\" is invalid.");
	}

	public static QbStatus nameInUse(String name) {
		return of(3100, "The name \"" + name + "\" of the list element is already in use.");
	}

	public static QbStatus notFound(String id) {
		return of(3120, "Object \"" + id + "\" specified in the request cannot be found. QuickBooks error message: "
				+ "Invalid argument. The specified record does not exist in the list.");
	}

	public static QbStatus invalidReference(String refType, String value, String object) {
		return of(3140, "There is an invalid reference to QuickBooks " + refType + " \"" + value + "\" in the " + object
				+ ".");
	}

	public static QbStatus missingElement(String element) {
		return of(3150, "There is a missing element: \"" + element + "\".");
	}

	public static QbStatus staleEditSequence(String editSequence) {
		return of(3200, "The provided edit sequence \"" + editSequence + "\" is out-of-date.");
	}

	public static QbStatus invalidValue(String field, String value, String inner) {
		return of(3210, "The \"" + field + "\" field has an invalid value \"" + value + "\". QuickBooks error message: "
				+ inner);
	}

	public static QbStatus notProcessed() {
		return of(3231, "The request has not been processed.");
	}

	public static QbStatus invalidIterator(String iteratorId) {
		return of(3391, "The iteratorID \"" + iteratorId + "\" is not valid.");
	}
}
