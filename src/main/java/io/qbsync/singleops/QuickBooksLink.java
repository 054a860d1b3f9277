package io.qbsync.singleops;

import java.time.Instant;

/**
 * A record's link to QuickBooks: the ListID (lists) or TxnID (transactions) of its QuickBooks object, the
 * EditSequence QuickBooks last gave it, when it was last synced, and the sync state. All but the state are null
 * until the record is first synced (and again after Clear ID).
 */
public record QuickBooksLink(String id, String editSequence, Instant lastSyncedAt, SyncState syncState) {

	public static final QuickBooksLink NONE = new QuickBooksLink(null, null, null, SyncState.NEVER_SYNCED);

}
