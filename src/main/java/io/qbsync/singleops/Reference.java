package io.qbsync.singleops;

/** A field of a record body that names another record by externalId, such as {@code lines[2].item}. */
public record Reference(String field, RecordType type, String externalId) {
}
