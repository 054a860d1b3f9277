package io.qbsync.wizard.match;

/** How sure a duplicate match is. */
public enum MatchStrength {

	/** The records are the same by QuickBooks' own identity rules (a unique name, an invoice number and customer). */
	EXACT,

	/** Something beyond the name is shared (an email address, a phone number, ...): an admin should check it. */
	WEAK

}
