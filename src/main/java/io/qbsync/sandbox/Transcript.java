package io.qbsync.sandbox;

import java.util.List;
import java.util.Map;

/**
 * Everything that happened in one Web Connector run: every SOAP call with its arguments (password masked) and
 * result, the ticket, the qbXML documents our server sent, what QuickBooks answered, the progress values, the
 * last getLastError text, the closeConnection text and why the run ended.
 *
 * @param requests documents returned by sendRequestXML, in order
 * @param replies what the fake QuickBooks answered to each document it processed
 * @param progress receiveResponseXML results, in order
 * @param failure the exception that ended the run when {@code endReason} is {@link EndReason#SOAP_FAILURE}
 */
public record Transcript(List<Call> calls, String serverVersion, String clientVersionResult,
		List<String> authenticateResult, String ticket, List<String> connectionErrorResults, List<String> requests,
		List<QbReply> replies, List<Integer> progress, String lastError, String closeConnectionResult,
		EndReason endReason, WebConnectorException failure) {

	/** One SOAP call: operation, arguments in wire order, result as text (null when it failed), error text. */
	public record Call(String operation, Map<String, String> arguments, String result, String error) {
	}

	public enum EndReason {
		/** authenticate answered {@code none}. */
		NO_WORK,
		/** authenticate answered {@code nvu}. */
		INVALID_USER,
		/** clientVersion answered {@code E:} or {@code O:} (or {@code W:} and the user cancelled). */
		CLIENT_VERSION_REJECTED,
		/** QuickBooks could not be opened and connectionError said {@code done} (or retries ran out). */
		CONNECTION_ERROR,
		/** receiveResponseXML returned 100 and closeConnection was called. */
		COMPLETED,
		/** interactiveDone answered {@code DONE} and closeConnection was called. */
		INTERACTIVE_DONE,
		/** An empty sendRequestXML or a negative receiveResponseXML, then getLastError with an error text. */
		ERROR,
		/** {@link RunOptions#stopAfterPairs} reached. */
		STOPPED_BY_TEST,
		/** {@link RunOptions#dieAfterSendRequest} reached: the response never came back. */
		DIED_BEFORE_RESPONSE,
		/** A safety limit (pairs, NoOps, interactive polls) was reached. */
		LIMIT_REACHED,
		/** A SOAP fault, bad HTTP status or malformed answer; QBWC aborts the update. */
		SOAP_FAILURE,
		/** The server broke the protocol in a way QBWC cannot continue from (e.g. authenticate with < 2 strings). */
		PROTOCOL_ERROR
	}

	public List<String> operations() {
		return calls.stream().map(Call::operation).toList();
	}

	public List<Call> calls(String operation) {
		return calls.stream().filter(c -> c.operation().equals(operation)).toList();
	}

	/** The second authenticate element: "", a company-file path, "none" or "nvu". */
	public String authenticateStatus() {
		return authenticateResult.size() > 1 ? authenticateResult.get(1) : null;
	}

	/** The last receiveResponseXML result, or null when none was made. */
	public Integer finalProgress() {
		return progress.isEmpty() ? null : progress.get(progress.size() - 1);
	}

	public boolean closed() {
		return closeConnectionResult != null;
	}

	/** A readable account of the run for assertion messages. */
	public String dump() {
		StringBuilder sb = new StringBuilder("Web Connector run, ended ").append(endReason).append('\n');
		for (Call c : calls) {
			sb.append("  ").append(c.operation()).append('(');
			c.arguments().forEach((k, v) -> sb.append(k).append('=').append(abbreviate(v)).append(", "));
			if (!c.arguments().isEmpty()) {
				sb.setLength(sb.length() - 2);
			}
			sb.append(") -> ").append(c.error() != null ? "FAILED " + abbreviate(c.error()) : abbreviate(c.result()))
				.append('\n');
		}
		return sb.toString();
	}

	private static String abbreviate(String s) {
		if (s == null) {
			return "null";
		}
		String flat = s.replaceAll("\\s+", " ");
		return flat.length() > 160 ? flat.substring(0, 157) + "..." : '"' + flat + '"';
	}

	@Override
	public String toString() {
		return dump();
	}
}
