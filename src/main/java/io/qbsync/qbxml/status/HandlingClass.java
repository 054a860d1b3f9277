package io.qbsync.qbxml.status;

/** What the sync engine does with a request after QuickBooks answered it with a given status code or hresult. */
public enum HandlingClass {

	/** QuickBooks did what was asked (a query that found nothing counts: its result is simply empty). */
	SUCCESS,

	/** QuickBooks did what was asked but flagged something; keep the result and show the warning. */
	WARNING,

	/** Nothing was saved because QuickBooks or a record was busy; send the same request again at a later run. */
	RETRY_LATER,

	/** Our copy is out of date (EditSequence, query iterator); read the current state again, then retry. */
	REFRESH_AND_RETRY,

	/** The request points at a record QuickBooks does not have; sync that record first, then retry. */
	DEPENDENCY,

	/** An Add hit a name already in use; find out whether the existing record is ours before doing anything else. */
	CHECK_DUPLICATE,

	/** Only a person can fix it (in QuickBooks or in the field-service app); park the request and show the steps. */
	NEEDS_PERSON,

	/** Our request was wrong; park it and alert engineering, the bookkeeper cannot fix it. */
	BUG

}
