package io.qbsync.wizard.match;

/**
 * The QuickBooks object a SingleOps record most likely duplicates, as the change set last saw it.
 *
 * @param qbId its ListID or TxnID
 * @param objectType its QuickBooks type, e.g. {@code Customer}, {@code ItemNonInventory}, {@code Invoice}
 * @param displayName how a person recognises it: FullName, else Name, else RefNumber
 * @param editSequence its EditSequence at that version
 * @param strength whether linking can be proposed as is, or needs an admin's review
 * @param reason why it matched, in plain words for an admin ("same name", "same email address", ...)
 */
public record MatchCandidate(String qbId, String objectType, String displayName, String editSequence,
		MatchStrength strength, String reason) {
}
