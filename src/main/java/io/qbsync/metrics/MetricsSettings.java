package io.qbsync.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the metrics.
 *
 * @param companyRefresh how often the per company gauges are read again from the database (one statement for all
 * companies); a scrape in between reads the last values, and ages are counted up to the scrape itself
 */
@ConfigurationProperties("qbsync.metrics")
public record MetricsSettings(@DefaultValue("20s") Duration companyRefresh) {
}
