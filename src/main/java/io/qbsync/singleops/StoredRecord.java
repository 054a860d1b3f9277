package io.qbsync.singleops;

import java.time.Instant;

/**
 * A SingleOps record as stored: its canonical JSON ({@code data}), whether the host app deleted it, its version
 * (1 when created, one more per accepted change) and its link to QuickBooks.
 */
public record StoredRecord(long id, long companyId, RecordType type, String externalId, String data,
		String contentHash, boolean deleted, int version, Instant createdAt, Instant updatedAt,
		QuickBooksLink quickBooks) {

	/** The typed body. */
	public RecordBody body() {
		return RecordJson.fromCanonical(this.type, this.data);
	}

}
