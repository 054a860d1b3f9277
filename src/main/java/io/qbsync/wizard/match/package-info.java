/**
 * Duplicate matching: whether a SingleOps record that is not linked to QuickBooks yet already exists in QuickBooks,
 * so that the Sync Wizard proposes to link the two rather than add a second copy.
 */
package io.qbsync.wizard.match;
