/**
 * Quartz to Spring Batch glue: which job runs when ({@code jobs/schedules.yml}), the Quartz job that launches a batch
 * job, and the startup step that makes the clustered Quartz store match the settings.
 */
@NullMarked
package io.qbsync.schedule;

import org.jspecify.annotations.NullMarked;
