/**
 * Companies: one QuickBooks company file each, served by one Web Connector; their credentials and .qwc file.
 */
package io.qbsync.company;
