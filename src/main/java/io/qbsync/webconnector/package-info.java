/**
 * The QuickBooks Web Connector's SOAP protocol: sessions, tickets, and feeding a company's outbox to QuickBooks.
 */
package io.qbsync.webconnector;
