package io.qbsync.wizard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of release and delivery.
 *
 * @param maxRequestsPerBatch requests in one qbXML document (one release chunk)
 * @param maxBatchBytes size of one qbXML document at most; a chunk over it is split into more documents
 * @param maxAttempts tries of a request QuickBooks asked to retry later (busy, locked) before it is Failed
 * @param firstBackoff wait before the first retry; each further retry waits twice as long
 * @param maxBackoff the longest wait between retries
 * @param lookupBatch queries in one lookup document (finding lost Adds, re-reading EditSequences)
 */
@ConfigurationProperties("qbsync.sync")
public record SyncSettings(@DefaultValue("250") int maxRequestsPerBatch, @DefaultValue("1048576") int maxBatchBytes,
		@DefaultValue("5") int maxAttempts, @DefaultValue("1m") Duration firstBackoff,
		@DefaultValue("1h") Duration maxBackoff, @DefaultValue("100") int lookupBatch) {

	/** How long to wait before retry number {@code attempt} (1 for the first retry). */
	public Duration backoff(int attempt) {
		Duration wait = this.firstBackoff.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

}
