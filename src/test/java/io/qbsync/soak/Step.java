package io.qbsync.soak;

/**
 * One thing that happens in a soak run, to one company: the host app changes a record, the bookkeeper changes
 * QuickBooks, the admin scans or approves, the host app applies the feed, or the Web Connector runs a session (maybe
 * with a fault). Steps are plain values, generated from a seed by {@link StepGenerator}; a target that is not there
 * when the step runs (after shrinking, say) makes the step do nothing.
 */
sealed interface Step {

	/** Index of the company in the run (0-based). */
	int company();

	/** The host app creates or changes a record (PUT), body as JSON. */
	record PutRecord(int company, String type, String externalId, String json) implements Step {
	}

	/** The host app deletes a record. */
	record DeleteRecord(int company, String type, String externalId) implements Step {
	}

	/** The bookkeeper makes a list object in QuickBooks. */
	record BookkeeperAdd(int company, String qbType, String name) implements Step {
	}

	/** The bookkeeper edits a field of the {@code pick}-th object of a type (modulo how many there are). */
	record BookkeeperEdit(int company, String qbType, int pick, String field, String value) implements Step {
	}

	/** The bookkeeper renames the {@code pick}-th object of a list type. */
	record BookkeeperRename(int company, String qbType, int pick, String newName) implements Step {
	}

	/** The bookkeeper makes the {@code pick}-th object of a list type inactive. */
	record BookkeeperInactivate(int company, String qbType, int pick) implements Step {
	}

	/** The bookkeeper deletes the {@code pick}-th object of a type (only one no transaction uses, as QuickBooks insists). */
	record BookkeeperDelete(int company, String qbType, int pick) implements Step {
	}

	/** The admin scans both change sets. */
	record Scan(int company) implements Step {
	}

	/**
	 * The admin approves a random subset of what the wizard shows ({@code pick} seeds the choice), with KEEP or CLEAR
	 * for the rest and a random side for each conflict approved.
	 */
	record Approve(int company, long pick, String unchecked) implements Step {
	}

	/** The host app reads the changes-from-quickbooks feed and applies it. */
	record ApplyFeed(int company) implements Step {
	}

	/** The admin presses Resync on the {@code pick}-th line of Unsynced Entities (modulo how many there are). */
	record Resync(int company, int pick) implements Step {
	}

	/**
	 * The admin presses Clear ID on the {@code pick}-th line of Unsynced Entities, and does what a careful one would
	 * with the answer: relinks to the record's object when qbsync says it is still in QuickBooks, confirms only when
	 * qbsync found nothing there, Resyncs a deleted record whose object is still there (as the answer advises), and
	 * otherwise leaves it.
	 */
	record ClearId(int company, int pick) implements Step {
	}

	/** A Web Connector session, with a fault hitting its {@code at}-th request/response pair. */
	record Session(int company, Fault fault, int at) implements Step {
	}

}
