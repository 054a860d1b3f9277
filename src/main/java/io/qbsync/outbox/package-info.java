/**
 * The persistent outbox: qbXML request documents per company, on their way to QuickBooks and back.
 */
package io.qbsync.outbox;
