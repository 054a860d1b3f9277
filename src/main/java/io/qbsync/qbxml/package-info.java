/**
 * qbXML facts and parsing in plain Java, no Spring: versions, secure XML, what QuickBooks says about itself.
 */
package io.qbsync.qbxml;
