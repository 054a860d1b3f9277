package io.qbsync.release;

import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.sync.SyncItem;

/**
 * What release does with one approved item: send its request, hold it for a parent, withdraw it, or fail it.
 *
 * @param request the request to send (SEND only)
 * @param blockedBy the parent record it waits for (BLOCK only)
 * @param reason in words for the admin (BLOCK, WITHDRAW, FAIL)
 */
record Release(SyncItem item, Kind kind, QbxmlRequest request, Long blockedBy, String reason) {

	enum Kind {

		SEND, BLOCK, WITHDRAW, FAIL, REFRESH

	}

	static Release send(SyncItem item, QbxmlRequest request) {
		return new Release(item, Kind.SEND, request, null, null);
	}

	static Release block(SyncItem item, long parent, String reason) {
		return new Release(item, Kind.BLOCK, null, parent, reason);
	}

	static Release withdraw(SyncItem item, String reason) {
		return new Release(item, Kind.WITHDRAW, null, null, reason);
	}

	static Release fail(SyncItem item, String reason) {
		return new Release(item, Kind.FAIL, null, null, reason);
	}

	/** A change to a linked object whose EditSequence we do not know: read it from QuickBooks first. */
	static Release refresh(SyncItem item) {
		return new Release(item, Kind.REFRESH, null, null, null);
	}

	/** The request's size in a document, in characters. */
	int size() {
		return (this.request != null) ? this.request.xml().length() + 1 : 0;
	}

}
