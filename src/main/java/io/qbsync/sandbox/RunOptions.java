package io.qbsync.sandbox;

import java.time.Duration;

/**
 * How {@link WebConnectorRunner} plays one Web Connector run: credentials, the QBWC version it reports, and
 * the switches tests use to cut a run short or to mimic QBWC details that are not documented.
 *
 * @param userName strUserName (the UserName of the .qwc file)
 * @param password strPassword (masked in the transcript)
 * @param clientVersion strVersion for clientVersion, e.g. {@code 2.3.0.36}
 * @param noOpDelay how long QBWC pauses after getLastError answers {@code NoOp} (5 s in real life)
 * @param maxNoOps give up after this many NoOps in a row (guards tests against endless loops)
 * @param closeConnectionAfterError call closeConnection after an error ends the run (QBWC does not, by default)
 * @param stopAfterPairs end the run right after this many sendRequestXML/receiveResponseXML pairs, without
 *        closeConnection; 0 = never
 * @param dieAfterSendRequest end the run right after the n-th sendRequestXML that returned a document, before
 *        receiveResponseXML (a lost response); 0 = never
 * @param processBeforeDying with dieAfterSendRequest: whether QuickBooks had already executed that document
 * @param maxPairs safety limit on pairs per run
 * @param maxConnectionRetries how often a path returned by connectionError is tried before giving up
 * @param continueAfterClientVersionWarning whether the user clicks "continue" on a {@code W:} answer
 * @param maxInteractivePolls interactiveDone polls before giving up
 * @param endQuickBooksSession expire the fake's iterators when the run ends, as QuickBooks ends its session
 * @param afterPair called after every receiveResponseXML, e.g. to edit the fake as a user would mid-run
 */
public record RunOptions(String userName, String password, String clientVersion, Duration noOpDelay, int maxNoOps,
		boolean closeConnectionAfterError, int stopAfterPairs, int dieAfterSendRequest, boolean processBeforeDying,
		int maxPairs, int maxConnectionRetries, boolean continueAfterClientVersionWarning, int maxInteractivePolls,
		boolean endQuickBooksSession, PairHook afterPair) {

	/** Called after each completed request/response pair (1-based). */
	@FunctionalInterface
	public interface PairHook {

		void afterPair(int pairNumber, FakeQuickBooks quickBooks);
	}

	public static final String DEFAULT_CLIENT_VERSION = "2.3.0.36";

	public static RunOptions of(String userName, String password) {
		return new RunOptions(userName, password, DEFAULT_CLIENT_VERSION, Duration.ZERO, 10, false, 0, 0, true, 1000, 1,
				true, 10, true, (n, qb) -> {
				});
	}

	public RunOptions withClientVersion(String v) {
		return new RunOptions(userName, password, v, noOpDelay, maxNoOps, closeConnectionAfterError, stopAfterPairs,
				dieAfterSendRequest, processBeforeDying, maxPairs, maxConnectionRetries, continueAfterClientVersionWarning,
				maxInteractivePolls, endQuickBooksSession, afterPair);
	}

	public RunOptions withNoOp(Duration delay, int max) {
		return new RunOptions(userName, password, clientVersion, delay, max, closeConnectionAfterError, stopAfterPairs,
				dieAfterSendRequest, processBeforeDying, maxPairs, maxConnectionRetries, continueAfterClientVersionWarning,
				maxInteractivePolls, endQuickBooksSession, afterPair);
	}

	public RunOptions withCloseConnectionAfterError(boolean v) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, v, stopAfterPairs,
				dieAfterSendRequest, processBeforeDying, maxPairs, maxConnectionRetries, continueAfterClientVersionWarning,
				maxInteractivePolls, endQuickBooksSession, afterPair);
	}

	public RunOptions stopAfterPairs(int n) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, closeConnectionAfterError, n,
				dieAfterSendRequest, processBeforeDying, maxPairs, maxConnectionRetries, continueAfterClientVersionWarning,
				maxInteractivePolls, endQuickBooksSession, afterPair);
	}

	/** Dies after the n-th sendRequestXML; {@code processed}: QuickBooks executed the document before the loss. */
	public RunOptions dieAfterSendRequest(int n, boolean processed) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, closeConnectionAfterError,
				stopAfterPairs, n, processed, maxPairs, maxConnectionRetries, continueAfterClientVersionWarning,
				maxInteractivePolls, endQuickBooksSession, afterPair);
	}

	public RunOptions withMaxPairs(int n) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, closeConnectionAfterError,
				stopAfterPairs, dieAfterSendRequest, processBeforeDying, n, maxConnectionRetries,
				continueAfterClientVersionWarning, maxInteractivePolls, endQuickBooksSession, afterPair);
	}

	public RunOptions withMaxConnectionRetries(int n) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, closeConnectionAfterError,
				stopAfterPairs, dieAfterSendRequest, processBeforeDying, maxPairs, n, continueAfterClientVersionWarning,
				maxInteractivePolls, endQuickBooksSession, afterPair);
	}

	public RunOptions withContinueAfterClientVersionWarning(boolean v) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, closeConnectionAfterError,
				stopAfterPairs, dieAfterSendRequest, processBeforeDying, maxPairs, maxConnectionRetries, v,
				maxInteractivePolls, endQuickBooksSession, afterPair);
	}

	public RunOptions withMaxInteractivePolls(int n) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, closeConnectionAfterError,
				stopAfterPairs, dieAfterSendRequest, processBeforeDying, maxPairs, maxConnectionRetries,
				continueAfterClientVersionWarning, n, endQuickBooksSession, afterPair);
	}

	public RunOptions withEndQuickBooksSession(boolean v) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, closeConnectionAfterError,
				stopAfterPairs, dieAfterSendRequest, processBeforeDying, maxPairs, maxConnectionRetries,
				continueAfterClientVersionWarning, maxInteractivePolls, v, afterPair);
	}

	public RunOptions withAfterPair(PairHook hook) {
		return new RunOptions(userName, password, clientVersion, noOpDelay, maxNoOps, closeConnectionAfterError,
				stopAfterPairs, dieAfterSendRequest, processBeforeDying, maxPairs, maxConnectionRetries,
				continueAfterClientVersionWarning, maxInteractivePolls, endQuickBooksSession, hook);
	}
}
