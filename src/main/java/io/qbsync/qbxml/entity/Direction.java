package io.qbsync.qbxml.entity;

/** Which way an object type may sync. */
public enum Direction {

	/** From the field-service app into QuickBooks (Add, Mod, delete). */
	EXPORT,
	/** From QuickBooks into the field-service app (queries). */
	IMPORT

}
