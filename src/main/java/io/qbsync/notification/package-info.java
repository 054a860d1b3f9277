/**
 * Notifications: e-mail to a company's admins and an optional webhook when its Web Connector has been silent too long
 * while items wait or its Unsynced Entities grew, a daily digest, and Actuator's view of the stale companies.
 */
package io.qbsync.notification;
