/**
 * The SingleOps side: qbsync's own store of the field-service app's records per company (customers, vendors, items,
 * invoices, payments), fed by the host app over REST, with the change journal (the SingleOps change set) the sync
 * scans and each record's link to QuickBooks.
 */
package io.qbsync.singleops;
