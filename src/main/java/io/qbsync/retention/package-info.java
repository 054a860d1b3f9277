/**
 * Retention: the {@code purge-old-data} job that keeps the tables from growing without end (old outbox bodies,
 * ended Web Connector sessions, login failures past their window, old Spring Batch metadata). It deletes nothing
 * itself: the package that owns each table purges its own rows when asked.
 */
package io.qbsync.retention;
