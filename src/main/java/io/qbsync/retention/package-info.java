/**
 * Retention: the {@code purge-old-data} job that keeps the tables from growing without end (old outbox bodies,
 * ended Web Connector sessions, login failures past their window, old Spring Batch metadata).
 */
package io.qbsync.retention;
