package io.qbsync.singleops;

/** What a row of the SingleOps change set records: a record created or changed, or a record deleted. */
public enum ChangeKind {

	UPSERT, DELETE

}
