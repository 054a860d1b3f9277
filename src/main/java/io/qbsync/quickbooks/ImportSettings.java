package io.qbsync.quickbooks;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the QuickBooks import.
 *
 * @param enabled whether Web Connector sessions read QuickBooks' changes at all
 * @param interval how often a company's QuickBooks changes are read, at the most
 * @param pageSize objects per query page (MaxReturned); QuickBooks builds each page in memory, so keep it modest
 * @param overlap how far before the cursor each modified-date query starts. QuickBooks compares in its computer's
 * local time and repeats an hour when clocks go back, so an hour of overlap keeps that hour from being missed; the
 * copies it returns again are dropped by EditSequence
 * @param deletedLookback how far back the first deleted-object query looks (QuickBooks keeps deletions for 90 days)
 */
@ConfigurationProperties("qbsync.import")
public record ImportSettings(@DefaultValue("true") boolean enabled, @DefaultValue("60m") Duration interval, @DefaultValue("500") int pageSize,
		@DefaultValue("1h") Duration overlap, @DefaultValue("30d") Duration deletedLookback) {
}
