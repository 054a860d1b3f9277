/**
 * When jobs run: Quartz triggers, kept in line with {@code jobs/schedules.yml}, that start Spring Batch jobs.
 */
package io.qbsync.schedule;
