/**
 * Streaming, framework-free reading of qbXML response documents (what QuickBooks answers through the Web
 * Connector): one callback per {@code *Rs} and per object, constant memory whatever the size, DOCTYPEs and
 * entities refused. Start at {@link io.qbsync.qbxml.response.QbxmlResponseReader}.
 */
@NamedInterface("response")
package io.qbsync.qbxml.response;

import org.springframework.modulith.NamedInterface;
