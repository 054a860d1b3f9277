package io.qbsync.notification;

import java.time.Instant;

import io.qbsync.company.Company;

/** One notification about one company: a subject line and a plain-text body, for e-mail and webhook alike. */
record Notice(Company company, Notifications.Kind kind, String subject, String text, Instant at) {
}
