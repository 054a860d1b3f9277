package io.qbsync.wizard;

/**
 * Why a record cannot sync as it is (it breaks one of QuickBooks' rules), in words for the admin, who fixes it at the
 * source.
 */
public record ItemProblem(String field, String rule, String limit, String message, boolean blocking) {
}
