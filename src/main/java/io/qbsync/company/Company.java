package io.qbsync.company;

import java.time.Instant;

/**
 * One QuickBooks company file, served by one Web Connector that logs in as {@code username}. The Web Connector
 * password is kept only as a salted hash and is never part of this record. {@code allowTruncation}: whether text
 * longer than QuickBooks keeps may be shortened (otherwise the record is refused with a message). {@code sandbox}:
 * its QuickBooks is simulated and only qbsync's built-in Web Connector serves it ({@code io.qbsync.sandbox}).
 */
public record Company(long id, String name, String username, String companyFile, String qbxmlVersion,
		String ownerId, String fileId, int runEveryMinutes, boolean allowTruncation, Instant createdAt, Instant updatedAt,
		Instant passwordChangedAt, Instant lastCheckInAt, boolean sandbox) {
}
