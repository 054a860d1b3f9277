/**
 * Duplicate matching: whether a SingleOps record that is not linked to QuickBooks yet already exists in QuickBooks,
 * so that the Sync Wizard proposes to link the two rather than add a second copy.
 */
@NamedInterface("match")
package io.qbsync.wizard.match;

import org.springframework.modulith.NamedInterface;
