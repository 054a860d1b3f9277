package io.qbsync.singleops;

/** What a write needs to know of a stored record: its id, content hash, deleted flag and version. */
record RecordHead(long id, RecordType type, String externalId, String contentHash, boolean deleted, int version) {
}
