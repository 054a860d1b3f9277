package io.qbsync.delivery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.qbsync.wizard.WizardItem;

/** What one answer did, for the delivery's step execution; the successes are written together at the end. */
final class Tally {

	final List<Succeeded> succeeded = new ArrayList<>();

	int retried;

	final List<Long> failed = new ArrayList<>();

	/** Objects a LINK in this answer took. */
	final Set<String> linked = new HashSet<>();

	/** Applied in QuickBooks: written with the others of the same answer by {@link Links#settle}. */
	void succeed(WizardItem item, String qbId, String editSequence) {
		this.succeeded.add(new Succeeded(item, qbId, editSequence));
	}

	record Succeeded(WizardItem item, String qbId, String editSequence) {
	}

}
