package io.qbsync.qbxml.request;

/**
 * A value that breaks one of QuickBooks' rules, found before anything is sent.
 *
 * @param record the record in an admin's words, e.g. {@code customer "Green Acres"}
 * @param field our field name ({@code billingAddress.city})
 * @param rule which rule
 * @param limit the limit broken, in words ("41 characters"), or null
 * @param value the value as given
 * @param severity ERROR stops the request; WARNING means it was sent changed (e.g. truncated by the company's choice)
 * @param message the whole story for the admin: which record, which field, what is wrong, what to do
 */
public record FieldIssue(String record, String field, Rule rule, String limit, String value, Severity severity,
		String message) {

	/** The rules values are checked against. */
	public enum Rule {

		/** QuickBooks needs the field. */
		REQUIRED,
		/** Longer than QuickBooks keeps. */
		TOO_LONG,
		/** Holds characters QuickBooks cannot store (only Latin-1 survives). */
		CHARACTERS,
		/** Not in the form QuickBooks reads (amounts, dates, ids). */
		FORMAT,
		/** Shortened to fit, because the company allows it. */
		TRUNCATED

	}

	/** Whether the request can still go. */
	public enum Severity {

		ERROR, WARNING

	}

	public boolean isError() {
		return this.severity == Severity.ERROR;
	}

}
