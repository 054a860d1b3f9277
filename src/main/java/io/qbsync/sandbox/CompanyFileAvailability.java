package io.qbsync.sandbox;

import java.util.Optional;

import io.qbsync.sandbox.FakeQuickBooks.ConnectionFailure;

/** Whether a {@link FakeQuickBooks} company file can be opened for a session, and how opening it fails. */
final class CompanyFileAvailability {

	private enum State {
		RUNNING, NOT_RUNNING, CLOSED_STARTABLE, FAILING
	}

	private State state = State.RUNNING;

	private ConnectionFailure failing;

	void notRunning() {
		state = State.NOT_RUNNING;
	}

	void closedButStartable() {
		state = State.CLOSED_STARTABLE;
	}

	void failing(ConnectionFailure failure) {
		state = State.FAILING;
		failing = failure;
	}

	void running() {
		state = State.RUNNING;
	}

	/** Opening the company file at {@code companyFilePath} with the path from authenticate: empty when it opens. */
	Optional<ConnectionFailure> open(String requestedPath, String companyFilePath) {
		boolean noPath = requestedPath == null || requestedPath.isEmpty();
		boolean samePath = !noPath && requestedPath.equalsIgnoreCase(companyFilePath);
		switch (state) {
			case FAILING:
				return Optional.of(failing);
			case NOT_RUNNING:
				return Optional.of(noPath ? notRunningFailure()
						: new ConnectionFailure("0x80040408", "Could not start QuickBooks."));
			case CLOSED_STARTABLE:
				if (noPath) {
					return Optional.of(notRunningFailure());
				}
				if (!samePath) {
					return Optional.of(new ConnectionFailure("0x80040408", "Could not start QuickBooks."));
				}
				state = State.RUNNING;
				return Optional.empty();
			default:
				return noPath || samePath ? Optional.empty()
						: Optional.of(new ConnectionFailure("0x8004040A",
								"QuickBooks company data file is already open and it is different from the one requested."));
		}
	}

	private static ConnectionFailure notRunningFailure() {
		return new ConnectionFailure("0x80040416",
				"If QuickBooks is not running the company data file name must be supplied to BeginSession.");
	}

}
