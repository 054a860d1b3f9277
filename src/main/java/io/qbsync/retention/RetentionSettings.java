package io.qbsync.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the {@code purge-old-data} job keeps what it purges ({@code qbsync.retention.*}).
 *
 * @param outboxBodies an outbox document answered (or failed, or uncertain) this long ago loses its request and
 * response bodies, unless a wizard item still waits on it; the row stays
 * @param sessions an ended Web Connector session last seen this long ago is deleted, unless an outbox document names
 * it or it is the company's latest (or latest with an agreed qbXML version)
 * @param jobMetadata a job instance whose executions all ended this long ago is deleted from the BATCH_ tables when
 * its last execution COMPLETED (or was ABANDONED)
 * @param failedJobMetadata the same for an instance whose last execution FAILED or STOPPED (it could be restarted
 * until then); never while a wizard item still needs its delivery
 * @param changeVersions a version in either change set (a field-service record's, or a QuickBooks object's) read by
 * the scan this long ago and since replaced by a later one is deleted; a record's or object's latest version always
 * stays (the nightly reconciliation reads them), and so does a QuickBooks object's latest before its deletion
 * @param feed an entry of the host app's feed published this long ago is deleted, unless it offered an object as
 * new (those stay, one per object, so an object is never offered as new twice)
 * @param batchSize rows (or job instances) purged per transaction
 */
@ConfigurationProperties("qbsync.retention")
public record RetentionSettings(@DefaultValue("30d") Duration outboxBodies, @DefaultValue("90d") Duration sessions,
		@DefaultValue("90d") Duration jobMetadata, @DefaultValue("180d") Duration failedJobMetadata,
		@DefaultValue("30d") Duration changeVersions, @DefaultValue("365d") Duration feed,
		@DefaultValue("500") int batchSize) {

	public RetentionSettings {
		positive("outbox-bodies", outboxBodies);
		positive("sessions", sessions);
		positive("job-metadata", jobMetadata);
		positive("failed-job-metadata", failedJobMetadata);
		positive("change-versions", changeVersions);
		positive("feed", feed);
		if (failedJobMetadata.compareTo(jobMetadata) < 0) {
			throw new IllegalArgumentException("qbsync.retention.failed-job-metadata (" + failedJobMetadata
					+ ") must be at least qbsync.retention.job-metadata (" + jobMetadata
					+ "): a failed job is kept as long as a finished one, or longer, so it can be restarted");
		}
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalArgumentException(
					"qbsync.retention.batch-size must be between 1 and 10000 (rows per transaction), not " + batchSize);
		}
	}

	private static void positive(String key, Duration age) {
		if (age == null || age.isNegative() || age.isZero()) {
			throw new IllegalArgumentException("qbsync.retention." + key + " must be a positive age such as 30d, not "
					+ age);
		}
	}

}
