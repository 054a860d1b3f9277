package io.qbsync.singleops;

/**
 * Where a record stands with QuickBooks, as the sync last left it. New records have never been synced; later issues
 * (the sync, Resync, Clear ID) move them on.
 */
public enum SyncState {

	/** Not (or no longer) linked to a QuickBooks object. */
	NEVER_SYNCED,

	/** QuickBooks accepted the record; {@code qb_id} and {@code qb_edit_sequence} name its QuickBooks object. */
	SYNCED,

	/** The last attempt to sync the record failed. */
	FAILED

}
