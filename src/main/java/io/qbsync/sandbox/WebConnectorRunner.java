package io.qbsync.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.qbsync.sandbox.Transcript.EndReason;

/**
 * Plays one complete QuickBooks Web Connector run against our server with a {@link FakeQuickBooks} standing in
 * for QuickBooks: serverVersion, clientVersion, authenticate, opening the company file (connectionError on
 * failure), then sendRequestXML/receiveResponseXML pairs until 100, an error, or a stop the test asked for.
 * Returns a {@link Transcript}; SOAP failures end the run and are reported in it rather than thrown.
 */
public final class WebConnectorRunner {

	private static final String INTERACTIVE_SESSION_ID = "qbwc-interactive-1";

	private final WebConnectorClient client;

	private final FakeQuickBooks quickBooks;

	public WebConnectorRunner(WebConnectorClient client, FakeQuickBooks quickBooks) {
		this.client = client;
		this.quickBooks = quickBooks;
	}

	public Transcript run(String userName, String password) {
		return run(RunOptions.of(userName, password));
	}

	public Transcript run(RunOptions options) {
		Run run = new Run(options);
		try {
			run.end = run.play();
		}
		catch (SoapFailed e) {
			run.end = EndReason.SOAP_FAILURE;
		}
		finally {
			if (options.endQuickBooksSession()) {
				quickBooks.expireIterators();
			}
		}
		return run.transcript();
	}

	/** Internal signal: a call failed, the run is over (already recorded). */
	private static final class SoapFailed extends RuntimeException {

		SoapFailed(WebConnectorException cause) {
			super(cause);
		}
	}

	/** Mutable state of one run. */
	private final class Run {

		final RunOptions o;

		final List<Transcript.Call> calls = new ArrayList<>();

		final List<String> connectionErrors = new ArrayList<>();

		final List<String> requests = new ArrayList<>();

		final List<QbReply> replies = new ArrayList<>();

		final List<Integer> progress = new ArrayList<>();

		List<String> auth = List.of();

		String serverVersion;

		String clientVersionResult;

		String ticket;

		String lastError;

		String closeResult;

		EndReason end;

		WebConnectorException failure;

		Run(RunOptions o) {
			this.o = o;
		}

		EndReason play() {
			serverVersion = call("serverVersion", args(), client::serverVersion);
			clientVersionResult = call("clientVersion", args("strVersion", o.clientVersion()),
					() -> client.clientVersion(o.clientVersion()));
			String cv = clientVersionResult == null ? "" : clientVersionResult;
			if (cv.startsWith("E:") || cv.startsWith("O:")
					|| cv.startsWith("W:") && !o.continueAfterClientVersionWarning()) {
				return EndReason.CLIENT_VERSION_REJECTED;
			}
			auth = callList("authenticate", args("strUserName", o.userName(), "strPassword", "****"),
					() -> client.authenticate(o.userName(), o.password()));
			if (auth.size() < 2) {
				// QBWC fails with "Index out of range" when the array has fewer than two strings.
				return EndReason.PROTOCOL_ERROR;
			}
			ticket = auth.get(0);
			String status = auth.get(1) == null ? "" : auth.get(1);
			if (status.equalsIgnoreCase("none")) {
				return EndReason.NO_WORK;
			}
			if (status.equalsIgnoreCase("nvu")) {
				return EndReason.INVALID_USER;
			}
			if (!open(status)) {
				return endWithError(EndReason.CONNECTION_ERROR);
			}
			return exchange();
		}

		/** QBWC's BeginSession with the path from authenticate, asking connectionError what to do on failure. */
		boolean open(String path) {
			int retries = 0;
			Optional<FakeQuickBooks.ConnectionFailure> failed;
			while ((failed = quickBooks.openCompanyFile(path)).isPresent()) {
				FakeQuickBooks.ConnectionFailure f = failed.get();
				String answer = call("connectionError", args("ticket", ticket, "hresult", f.hresult(), "message",
						f.message()), () -> client.connectionError(ticket, f.hresult(), f.message()));
				connectionErrors.add(answer);
				if (answer == null || answer.trim().equalsIgnoreCase("done") || retries++ >= o.maxConnectionRetries()) {
					return false;
				}
				path = answer;
			}
			return true;
		}

		EndReason exchange() {
			boolean first = true;
			int sends = 0;
			int noOps = 0;
			while (true) {
				if (progress.size() >= o.maxPairs()) {
					return EndReason.LIMIT_REACHED;
				}
				String hcp = first ? quickBooks.hcpResponse() : "";
				first = false;
				int major = quickBooks.qbXmlMajorVersion();
				int minor = quickBooks.qbXmlMinorVersion();
				String request = call("sendRequestXML",
						args("ticket", ticket, "strHCPResponse", hcp, "strCompanyFileName", quickBooks.companyFilePath(),
								"qbXMLCountry", quickBooks.country(), "qbXMLMajorVers", Integer.toString(major),
								"qbXMLMinorVers", Integer.toString(minor)),
						() -> client.sendRequestXML(ticket, hcp, quickBooks.companyFilePath(), quickBooks.country(), major,
								minor));
				if (request == null || request.isEmpty()) {
					String err = getLastError();
					if (isNoOp(err)) {
						if (++noOps > o.maxNoOps()) {
							return EndReason.LIMIT_REACHED;
						}
						pause();
						continue;
					}
					if ("Interactive mode".equalsIgnoreCase(err == null ? "" : err.trim())) {
						EndReason r = interactive();
						if (r == null) {
							continue;
						}
						return r;
					}
					return endWithError(EndReason.ERROR);
				}
				noOps = 0;
				requests.add(request);
				sends++;
				if (sends == o.dieAfterSendRequest()) {
					if (o.processBeforeDying()) {
						replies.add(quickBooks.process(request));
					}
					return EndReason.DIED_BEFORE_RESPONSE;
				}
				QbReply reply = quickBooks.process(request);
				replies.add(reply);
				Integer p = call("receiveResponseXML",
						args("ticket", ticket, "response", reply.response(), "hresult", reply.hresult(), "message",
								reply.message()),
						() -> client.receiveResponseXML(ticket, reply.response(), reply.hresult(), reply.message()));
				progress.add(p);
				o.afterPair().afterPair(progress.size(), quickBooks);
				if (progress.size() == o.stopAfterPairs()) {
					return EndReason.STOPPED_BY_TEST;
				}
				if (p >= 100) {
					closeResult = call("closeConnection", args("ticket", ticket), () -> client.closeConnection(ticket));
					return EndReason.COMPLETED;
				}
				if (p < 0) {
					String err = getLastError();
					if (isNoOp(err)) {
						pause();
						continue;
					}
					return endWithError(EndReason.ERROR);
				}
			}
		}

		/** getLastError answered "Interactive mode"; returns null to go back to sendRequestXML. */
		EndReason interactive() {
			call("getInteractiveURL", args("wcTicket", ticket, "sessionID", INTERACTIVE_SESSION_ID),
					() -> client.getInteractiveURL(ticket, INTERACTIVE_SESSION_ID));
			for (int i = 0; i < o.maxInteractivePolls(); i++) {
				String done = call("interactiveDone", args("wcTicket", ticket), () -> client.interactiveDone(ticket));
				String d = done == null ? "" : done.trim();
				if (d.equalsIgnoreCase("DONE")) {
					closeResult = call("closeConnection", args("ticket", ticket), () -> client.closeConnection(ticket));
					return EndReason.INTERACTIVE_DONE;
				}
				if (d.equalsIgnoreCase("CONTINUE")) {
					return null;
				}
				if (!d.isEmpty()) {
					lastError = done;
					closeResult = call("closeConnection", args("ticket", ticket), () -> client.closeConnection(ticket));
					return EndReason.ERROR;
				}
				pause();
			}
			return EndReason.LIMIT_REACHED;
		}

		String getLastError() {
			lastError = call("getLastError", args("ticket", ticket), () -> client.getLastError(ticket));
			return lastError;
		}

		EndReason endWithError(EndReason reason) {
			if (o.closeConnectionAfterError()) {
				closeResult = call("closeConnection", args("ticket", ticket), () -> client.closeConnection(ticket));
			}
			return reason;
		}

		boolean isNoOp(String err) {
			return err != null && err.trim().equalsIgnoreCase("NoOp");
		}

		void pause() {
			if (o.noOpDelay().isZero()) {
				return;
			}
			try {
				Thread.sleep(o.noOpDelay().toMillis());
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}

		<T> T call(String operation, Map<String, String> arguments, Supplier<T> action) {
			try {
				T result = action.get();
				calls.add(new Transcript.Call(operation, arguments, result == null ? null : result.toString(), null));
				return result;
			}
			catch (WebConnectorException e) {
				failure = e;
				calls.add(new Transcript.Call(operation, arguments, null, e.getMessage()));
				throw new SoapFailed(e);
			}
		}

		<T> List<T> frozen(List<T> list) {
			return Collections.unmodifiableList(new ArrayList<>(list));
		}

		List<String> callList(String operation, Map<String, String> arguments, Supplier<List<String>> action) {
			return call(operation, arguments, action);
		}

		Map<String, String> args(String... nameValues) {
			Map<String, String> map = new LinkedHashMap<>();
			for (int i = 0; i < nameValues.length; i += 2) {
				map.put(nameValues[i], nameValues[i + 1]);
			}
			return map;
		}

		Transcript transcript() {
			return new Transcript(frozen(calls), serverVersion, clientVersionResult, auth, ticket,
					frozen(connectionErrors), frozen(requests), frozen(replies), frozen(progress), lastError, closeResult,
					end, failure);
		}
	}
}
