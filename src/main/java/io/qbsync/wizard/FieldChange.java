package io.qbsync.wizard;

/** One field of a wizard item, before and after: what approving it will change. Null means empty. */
public record FieldChange(String field, String label, String before, String after) {
}
