/**
 * The QuickBooks entities qbsync syncs and how each maps between a SingleOps record and its qbXML: fields, lines,
 * references. A named interface of the qbxml module.
 */
@NamedInterface("entity")
package io.qbsync.qbxml.entity;

import org.springframework.modulith.NamedInterface;
