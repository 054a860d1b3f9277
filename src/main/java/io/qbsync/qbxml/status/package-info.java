/**
 * The status-code guide in plain Java, no Spring: what every qbXML status code and Web Connector hresult means for a
 * bookkeeper, what to do about it, and the class the sync engine handles it by.
 */
@NamedInterface("status")
package io.qbsync.qbxml.status;

import org.springframework.modulith.NamedInterface;
