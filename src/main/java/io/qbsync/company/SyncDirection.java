package io.qbsync.company;

/**
 * Which ways one QuickBooks object type syncs for a company.
 *
 * @param objectType the QuickBooks type, e.g. {@code Customer}
 * @param exportOn changes made in the field-service app go to QuickBooks
 * @param importOn changes made in QuickBooks come back to the field-service app
 * @param canExport whether qbsync can write this type at all
 * @param canImport whether qbsync can read this type at all
 * @param isDefault whether the company keeps qbsync's default for it
 */
public record SyncDirection(String objectType, boolean exportOn, boolean importOn, boolean canExport,
		boolean canImport, boolean isDefault) {
}
