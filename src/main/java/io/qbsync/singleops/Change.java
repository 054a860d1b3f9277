package io.qbsync.singleops;

import java.time.Instant;

/**
 * One row of the SingleOps change set: a record created or changed (with its canonical JSON after the change) or
 * deleted (no data). {@code id} only grows within a company, so it is the cursor a scan keeps.
 */
public record Change(long id, long companyId, long recordId, RecordType type, String externalId, ChangeKind kind,
		int version, String data, Instant createdAt) {
}
