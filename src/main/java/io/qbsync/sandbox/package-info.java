/**
 * Sandbox companies: a simulated QuickBooks company file ({@link io.qbsync.sandbox.FakeQuickBooks}) that answers qbXML
 * as QuickBooks Desktop does, and a Web Connector client ({@link io.qbsync.sandbox.WebConnectorRunner}) that drives
 * the server's own {@code /qbwc} endpoint over HTTP and SOAP. The tests use the same two classes.
 */
package io.qbsync.sandbox;
