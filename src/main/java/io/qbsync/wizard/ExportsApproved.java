package io.qbsync.wizard;

/**
 * Published when Approve Checked approved exports: {@code exports} items of the company wait to be released into the
 * outbox. Release listens after the approval's commit.
 */
public record ExportsApproved(long companyId, int exports) {
}
