package io.qbsync.qbxml.response;

import java.util.Objects;

/**
 * A record deleted in QuickBooks: one {@code ListDeletedRet}/{@code TxnDeletedRet} of a deleted-object query, or
 * the confirmation carried by a {@code ListDelRs}/{@code TxnDelRs} (which has no TimeCreated).
 *
 * @param kind list or transaction
 * @param type the ListDelType/TxnDelType value, e.g. {@code Customer}, {@code Invoice}
 * @param id the ListID or TxnID
 * @param timeCreated when the record had been created, or null
 * @param timeDeleted when it was deleted, or null
 * @param fullName FullName of a list record, or null
 * @param refNumber RefNumber of a transaction, or null
 */
public record DeletedObject(Kind kind, String type, String id, QbTimestamp timeCreated, QbTimestamp timeDeleted,
		String fullName, String refNumber) {

	/** Which family of QuickBooks records. */
	public enum Kind {
		LIST, TRANSACTION
	}

	public DeletedObject {
		Objects.requireNonNull(kind, "kind");
	}

	/** Whether this is a deleted transaction. */
	public boolean isTransaction() {
		return kind == Kind.TRANSACTION;
	}

}
