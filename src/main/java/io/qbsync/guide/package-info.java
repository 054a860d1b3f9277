/**
 * The status-code guide over REST: what each QuickBooks status code and Web Connector hresult means and what to do.
 */
package io.qbsync.guide;
