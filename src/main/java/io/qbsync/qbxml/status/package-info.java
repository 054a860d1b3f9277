/**
 * The status-code guide in plain Java, no Spring: what every qbXML status code and Web Connector hresult means for a
 * bookkeeper, what to do about it, and the class the sync engine handles it by.
 */
package io.qbsync.qbxml.status;
