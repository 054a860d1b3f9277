/**
 * Cross-cutting pieces: security, admin users, API errors, the embedded database, the support page.
 */
package io.qbsync.system;
