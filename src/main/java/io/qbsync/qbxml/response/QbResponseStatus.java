package io.qbsync.qbxml.response;

import java.util.Objects;

/**
 * The status of one {@code *Rs} element of a response: which request it answers and how it went. Handed to
 * {@link ResponseHandler#onResponse} before any of the response's objects.
 * <p>
 * Codes: 0 OK, 1 "no match" (an empty query result, not a failure), 2-499 other information, 500-999 warnings
 * (the request was done, but e.g. some requested ids were missing), 1000 and up errors (nothing done for this
 * request; other requests in the same message may still have succeeded). Match by {@link #requestId()}, never
 * by position.
 *
 * @param position 0-based index of this {@code *Rs} in the message
 * @param requestId the requestID attribute echoed from our request, or null when absent
 * @param responseType the element name, e.g. {@code CustomerQueryRs}
 * @param statusCode the statusCode attribute
 * @param statusSeverity {@code Info}, {@code Warn} or {@code Error} as sent, or null when absent
 * @param statusMessage the statusMessage attribute, or null
 * @param retCount the retCount attribute of queries, or null
 * @param iteratorId the iteratorID of an iterator query, or null
 * @param iteratorRemainingCount how many objects the iterator still holds, or null
 */
public record QbResponseStatus(int position, String requestId, String responseType, int statusCode, String statusSeverity,
		String statusMessage, Integer retCount, String iteratorId, Integer iteratorRemainingCount) {

	public static final int OK = 0;

	public static final int NO_MATCH = 1;

	public QbResponseStatus {
		Objects.requireNonNull(responseType, "responseType");
	}

	/** The request this answers, without suffix: {@code CustomerQueryRs} gives {@code CustomerQuery}. */
	public String requestType() {
		return responseType.endsWith("Rs") ? responseType.substring(0, responseType.length() - 2) : responseType;
	}

	/** The request element this answers, e.g. {@code CustomerQueryRq}. */
	public String requestElement() {
		return requestType() + "Rq";
	}

	/** Code 0. */
	public boolean isOk() {
		return statusCode == OK;
	}

	/** Code 1: a query that matched nothing. Not an error. */
	public boolean isNoMatch() {
		return statusCode == NO_MATCH;
	}

	/** Codes 500-999: done, with a warning to log (or severity {@code Warn}). */
	public boolean isWarning() {
		return !isError() && ((statusCode >= 500 && statusCode < 1000) || "Warn".equalsIgnoreCase(statusSeverity)
				|| "Warning".equalsIgnoreCase(statusSeverity));
	}

	/** Codes 1000 and up, or severity {@code Error}: the request was not carried out. */
	public boolean isError() {
		return statusCode >= 1000 || "Error".equalsIgnoreCase(statusSeverity);
	}

	/** Whether an iterator query has more pages to fetch with {@code iterator="Continue"}. */
	public boolean hasMoreIterations() {
		return iteratorRemainingCount != null && iteratorRemainingCount > 0;
	}

}
