package io.qbsync.quickbooks;

import java.time.Instant;

/**
 * One entry of the QuickBooks change set: an object version (or a deletion) QuickBooks returned, kept raw.
 *
 * @param objectType the QuickBooks type, e.g. {@code Customer}
 * @param qbId its ListID or TxnID
 * @param editSequence the version; for a deletion, {@code deleted:} and the time deleted
 * @param timeModified QuickBooks' TimeModified (or TimeDeleted) as it sent it, offset included
 * @param data every field QuickBooks returned, as JSON: {@code {"fields": {path: text}, "lines": [...]}}
 */
public record QuickBooksChange(long id, long companyId, String objectType, String qbId, String editSequence,
		boolean deleted, String displayName, String timeModified, String data, long documentId, Instant receivedAt) {
}
