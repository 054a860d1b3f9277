package io.qbsync.system;

import java.util.ArrayList;
import java.util.List;

/** Collects field problems so a request is answered with all of them at once, not one per try. */
public final class Validation {

	private final List<FieldProblem> problems = new ArrayList<>();

	public Validation require(boolean ok, String field, String message) {
		if (!ok) {
			this.problems.add(new FieldProblem(field, message));
		}
		return this;
	}

	public boolean has(String field) {
		return this.problems.stream().anyMatch((p) -> p.field().equals(field));
	}

	/** Throws with every problem found, if there is any. */
	public void throwIfInvalid(String summary) {
		if (!this.problems.isEmpty()) {
			throw new InvalidInputException(summary, this.problems);
		}
	}

}
