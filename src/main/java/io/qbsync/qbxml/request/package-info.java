/**
 * Writing qbXML request documents: Adds, Mods, queries, and the field rules QuickBooks holds them to. A named
 * interface of the qbxml module.
 */
@NamedInterface("request")
package io.qbsync.qbxml.request;

import org.springframework.modulith.NamedInterface;
