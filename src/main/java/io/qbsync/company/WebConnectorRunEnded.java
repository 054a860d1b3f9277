package io.qbsync.company;

import java.time.Instant;

/**
 * A run of a company's Web Connector ended, however it ended (nothing to do, closed, failed, expired); published
 * inside the transaction that recorded it.
 *
 * @param startedAt when the run began: what was decided before it counts as "before the next run"
 */
public record WebConnectorRunEnded(long companyId, long sessionId, Instant startedAt, Instant endedAt) {
}
