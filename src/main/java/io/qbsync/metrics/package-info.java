/**
 * Metrics for Prometheus at {@code /actuator/prometheus}: per company gauges of the sync's state, counters of the
 * requests that went to QuickBooks and how they came back, and timers of the Web Connector's calls, the jobs and the
 * settling of deliveries. The classes that do the work only call in here; nothing here changes what they do.
 */
package io.qbsync.metrics;
