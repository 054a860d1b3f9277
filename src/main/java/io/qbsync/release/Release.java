package io.qbsync.release;

import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.wizard.WizardItem;

/**
 * What release does with one approved item: send its request, hold it for a parent, withdraw it, or fail it.
 *
 * @param request the request to send (SEND only)
 * @param blockedBy the parent record it waits for (BLOCK only)
 * @param reason in words for the admin (BLOCK, WITHDRAW, FAIL)
 */
record Release(WizardItem item, Kind kind, QbxmlRequest request, Long blockedBy, String reason, String sentAs,
		String sentKey) {

	enum Kind {

		SEND, BLOCK, WITHDRAW, FAIL, REFRESH, LOOKUP

	}

	/**
	 * @param sentAs ADD, MOD, DEL or QUERY
	 * @param sentKey for an Add: the name or RefNumber it goes out with, to find it again
	 */
	static Release send(WizardItem item, QbxmlRequest request, String sentAs, String sentKey) {
		return new Release(item, Kind.SEND, request, null, null, sentAs, sentKey);
	}

	static Release block(WizardItem item, long parent, String reason) {
		return new Release(item, Kind.BLOCK, null, parent, reason, null, null);
	}

	static Release withdraw(WizardItem item, String reason) {
		return new Release(item, Kind.WITHDRAW, null, null, reason, null, null);
	}

	static Release fail(WizardItem item, String reason) {
		return new Release(item, Kind.FAIL, null, null, reason, null, null);
	}

	/** A change to a linked object whose EditSequence we do not know: read it from QuickBooks first. */
	static Release refresh(WizardItem item) {
		return new Release(item, Kind.REFRESH, null, null, null, null, null);
	}

	/** An Add that may already be in QuickBooks (resynced or restarted after its answer was lost): look first. */
	static Release lookup(WizardItem item) {
		return new Release(item, Kind.LOOKUP, null, null, null, null, null);
	}

	/** The request's size in a document, in characters. */
	int size() {
		return (this.request != null) ? this.request.xml().length() + 1 : 0;
	}

}
