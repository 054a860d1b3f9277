package io.qbsync.report;

/**
 * Published when Resync settled a failed item: it is Pending again, or withdrawn to the wizard (which may unblock the
 * record's later exports). Either way the company may have items to release; release listens after the commit.
 */
public record ItemResynced(long companyId, long itemId) {
}
