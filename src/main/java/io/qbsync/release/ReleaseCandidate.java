package io.qbsync.release;

import java.util.List;

import io.qbsync.singleops.StoredRecord;
import io.qbsync.wizard.WizardItem;

/**
 * One approved export item with what planning its release reads from the database, read for a whole chunk at once.
 *
 * @param record the item's record as it is now, or {@code null} when it no longer exists
 * @param earlierInFlight an earlier export of the same record is approved, on its way or of unknown fate
 * @param parents the records this one refers to (an invoice's customer and items, a payment's customer and invoices)
 */
record ReleaseCandidate(WizardItem item, StoredRecord record, boolean earlierInFlight, List<StoredRecord> parents) {
}
