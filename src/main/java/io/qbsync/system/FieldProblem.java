package io.qbsync.system;

/** One thing wrong with a request: which field, and why. */
public record FieldProblem(String field, String message) {
}
