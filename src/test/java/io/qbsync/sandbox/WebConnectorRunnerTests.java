package io.qbsync.sandbox;

import static io.qbsync.sandbox.HarnessTestSupport.customerAdd;
import static io.qbsync.sandbox.HarnessTestSupport.doc;
import static io.qbsync.sandbox.HarnessTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.qbsync.sandbox.RecordingSoapServer.Answer;
import io.qbsync.sandbox.Transcript.EndReason;

/** Drives the runner against a scripted stand-in for our server (not the real one: that is tested elsewhere). */
class WebConnectorRunnerTests {

	private RecordingSoapServer http;

	private final Map<String, Function<Map<String, String>, String>> script = new HashMap<>();

	private final List<Map<String, String>> serverSaw = new ArrayList<>();

	private final Deque<String> toSend = new ArrayDeque<>();

	private MutableClock clock;

	private FakeQuickBooks qb;

	private WebConnectorRunner runner;

	@BeforeEach
	void start() throws Exception {
		http = new RecordingSoapServer();
		http.respond(this::dispatch);
		clock = MutableClock.at("2026-11-26T14:15:02Z");
		qb = FakeQuickBooks.builder().clock(clock).build();
		runner = new WebConnectorRunner(new WebConnectorClient(http.uri()), qb);
		// A well-behaved server: one document per call, 100 when the queue is empty.
		on("serverVersion", p -> "1.0.0");
		on("clientVersion", p -> "");
		onArray("authenticate", p -> List.of("ticket-1", ""));
		on("sendRequestXML", p -> toSend.isEmpty() ? "" : toSend.poll());
		on("receiveResponseXML", p -> toSend.isEmpty() ? "100" : "50");
		on("getLastError", p -> "Nothing to do");
		on("closeConnection", p -> "OK");
		on("connectionError", p -> "done");
	}

	@AfterEach
	void stop() {
		http.close();
	}

	private void on(String op, Function<Map<String, String>, String> f) {
		script.put(op, p -> SafeXml.escapeText(f.apply(p)));
	}

	private void onArray(String op, Function<Map<String, String>, List<String>> f) {
		script.put(op, p -> String.join("", f.apply(p).stream().map(s -> "<string>" + SafeXml.escapeText(s) + "</string>")
			.toList()));
	}

	private Answer dispatch(RecordingSoapServer.Received r) {
		try {
			QbNode envelope = QbNode.parse(r.body());
			QbNode op = envelope.child("Body").orElseThrow().children().get(0);
			Map<String, String> params = new HashMap<>();
			params.put("@op", op.name());
			op.children().forEach(c -> params.put(c.name(), c.text()));
			serverSaw.add(params);
			Function<Map<String, String>, String> f = script.get(op.name());
			if (f == null) {
				return new Answer(500, "text/xml", RecordingSoapServer.fault("soap:Client", "no " + op.name()));
			}
			return Answer.xml(RecordingSoapServer.result(op.name(), f.apply(params)));
		}
		catch (org.xml.sax.SAXException e) {
			throw new IllegalStateException(e);
		}
	}

	@Test
	void fullRunLikeTheWebConnector() {
		toSend.add(doc(customerAdd("a1", "Alder Homes")));
		toSend.add(doc("<CustomerQueryRq requestID=\"q1\"><FullName>Alder Homes</FullName></CustomerQueryRq>"));

		Transcript t = runner.run("acme-tenant-42", "s3cret");

		assertThat(t.endReason()).as(t.dump()).isEqualTo(EndReason.COMPLETED);
		assertThat(t.operations()).containsExactly("serverVersion", "clientVersion", "authenticate", "sendRequestXML",
				"receiveResponseXML", "sendRequestXML", "receiveResponseXML", "closeConnection");
		assertThat(t.ticket()).isEqualTo("ticket-1");
		assertThat(t.progress()).containsExactly(50, 100);
		assertThat(t.finalProgress()).isEqualTo(100);
		assertThat(t.closeConnectionResult()).isEqualTo("OK");
		assertThat(t.requests()).hasSize(2);
		assertThat(t.replies()).allSatisfy(r -> assertThat(r.isFailure()).isFalse());
		assertThat(t.calls("authenticate").get(0).arguments()).containsEntry("strPassword", "****");
		assertThat(t.dump()).doesNotContain("s3cret");
		assertThat(qb.findByName("Customer", "Alder Homes")).isPresent();

		Map<String, String> firstSend = serverSaw.get(3);
		assertThat(firstSend).containsEntry("@op", "sendRequestXML").containsEntry("ticket", "ticket-1")
			.containsEntry("strCompanyFileName", qb.companyFilePath()).containsEntry("qbXMLCountry", "US")
			.containsEntry("qbXMLMajorVers", "16").containsEntry("qbXMLMinorVers", "0");
		assertThat(firstSend.get("strHCPResponse")).isEqualTo(qb.hcpResponse()).contains("<HostQueryRs")
			.contains(qb.fileId());
		assertThat(serverSaw.get(5)).containsEntry("strHCPResponse", "");
		assertThat(serverSaw.get(2)).containsEntry("strPassword", "s3cret");
		assertThat(serverSaw.get(1)).containsEntry("strVersion", "2.3.0.36");
		Map<String, String> firstReceive = serverSaw.get(4);
		assertThat(firstReceive.get("response")).contains("<CustomerAddRs requestID=\"a1\" statusCode=\"0\"");
		assertThat(firstReceive).containsEntry("hresult", "").containsEntry("message", "");
	}

	@Test
	void noneAndNvuEndTheRunAfterAuthenticate() {
		onArray("authenticate", p -> List.of("t", "none", "", ""));
		Transcript none = runner.run("u", "p");
		onArray("authenticate", p -> List.of("", "nvu"));
		Transcript nvu = runner.run("u", "wrong");

		assertThat(none.endReason()).isEqualTo(EndReason.NO_WORK);
		assertThat(none.operations()).containsExactly("serverVersion", "clientVersion", "authenticate");
		assertThat(none.authenticateResult()).containsExactly("t", "none", "", "");
		assertThat(nvu.endReason()).isEqualTo(EndReason.INVALID_USER);
		assertThat(nvu.authenticateStatus()).isEqualTo("nvu");
	}

	@Test
	void quickBooksNotRunningGoesToConnectionError() {
		qb.notRunning();

		Transcript t = runner.run("u", "p");

		assertThat(t.endReason()).isEqualTo(EndReason.CONNECTION_ERROR);
		assertThat(t.operations()).containsExactly("serverVersion", "clientVersion", "authenticate", "connectionError");
		assertThat(t.calls("connectionError").get(0).arguments()).containsEntry("ticket", "ticket-1")
			.containsEntry("hresult", "0x80040416");
		assertThat(t.connectionErrorResults()).containsExactly("done");
		assertThat(t.closed()).isFalse();
	}

	@Test
	void aCompanyFilePathFromAuthenticateStartsAClosedQuickBooks() {
		qb.closedButStartable();
		onArray("authenticate", p -> List.of("t", qb.companyFilePath()));
		toSend.add(doc(customerAdd("a1", "Alder Homes")));

		assertThat(runner.run("u", "p").endReason()).isEqualTo(EndReason.COMPLETED);

		// With "" QBWC asks connectionError, which may answer the path to retry with.
		qb.closedButStartable();
		onArray("authenticate", p -> List.of("t", ""));
		on("connectionError", p -> qb.companyFilePath());
		toSend.add(doc(customerAdd("a2", "Birch Lane")));
		Transcript retried = runner.run("u", "p");
		assertThat(retried.endReason()).as(retried.dump()).isEqualTo(EndReason.COMPLETED);
		assertThat(retried.connectionErrorResults()).containsExactly(qb.companyFilePath());
	}

	@Test
	void emptySendRequestAsksGetLastErrorAndNoOpWaitsAndRetries() {
		Deque<String> lastErrors = new ArrayDeque<>(List.of("NoOp", "NoOp"));
		on("getLastError", p -> lastErrors.isEmpty() ? "Sync failed: bad data" : lastErrors.poll());
		on("sendRequestXML", p -> "");

		Transcript t = runner.run("u", "p");

		assertThat(t.endReason()).isEqualTo(EndReason.ERROR);
		assertThat(t.operations()).containsExactly("serverVersion", "clientVersion", "authenticate", "sendRequestXML",
				"getLastError", "sendRequestXML", "getLastError", "sendRequestXML", "getLastError");
		assertThat(t.lastError()).isEqualTo("Sync failed: bad data");
		assertThat(t.closed()).isFalse();

		Transcript closing = runner.run(RunOptions.of("u", "p").withCloseConnectionAfterError(true));
		assertThat(closing.operations()).last().isEqualTo("closeConnection");
		assertThat(closing.closeConnectionResult()).isEqualTo("OK");
	}

	@Test
	void negativeProgressAsksGetLastErrorAndEnds() {
		toSend.add(doc(customerAdd("a1", "Alder Homes")));
		on("receiveResponseXML", p -> "-101");

		Transcript t = runner.run("u", "p");

		assertThat(t.endReason()).isEqualTo(EndReason.ERROR);
		assertThat(t.progress()).containsExactly(-101);
		assertThat(t.operations()).endsWith("receiveResponseXML", "getLastError");
	}

	@Test
	void hresultFailuresReachTheServerAsEmptyResponse() {
		toSend.add(doc(customerAdd("a1", "Alder Homes")));
		qb.failNextDocument("0x80040400", "QuickBooks found an error when parsing the provided XML text stream.");

		Transcript t = runner.run("u", "p");

		Map<String, String> receive = serverSaw.stream().filter(p -> "receiveResponseXML".equals(p.get("@op"))).findFirst()
			.orElseThrow();
		assertThat(receive).containsEntry("response", "").containsEntry("hresult", "0x80040400")
			.containsEntry("message", "QuickBooks found an error when parsing the provided XML text stream.");
		assertThat(t.replies().get(0).isFailure()).isTrue();
		assertThat(qb.list("Customer")).isEmpty();
	}

	@Test
	void testsCanCutARunShort() {
		toSend.add(doc(customerAdd("a1", "Alder Homes")));
		toSend.add(doc(customerAdd("a2", "Birch Lane")));
		Transcript stopped = runner.run(RunOptions.of("u", "p").stopAfterPairs(1));

		assertThat(stopped.endReason()).isEqualTo(EndReason.STOPPED_BY_TEST);
		assertThat(stopped.progress()).containsExactly(50);
		assertThat(stopped.closed()).isFalse();

		// The response of the next document is lost, but QuickBooks did the Add: the duplicate-Add trap.
		Transcript died = runner.run(RunOptions.of("u", "p").dieAfterSendRequest(1, true));
		assertThat(died.endReason()).isEqualTo(EndReason.DIED_BEFORE_RESPONSE);
		assertThat(died.operations()).last().isEqualTo("sendRequestXML");
		assertThat(qb.findByName("Customer", "Birch Lane")).isPresent();

		toSend.add(doc(customerAdd("a3", "Cedar Court")));
		runner.run(RunOptions.of("u", "p").dieAfterSendRequest(1, false));
		assertThat(qb.findByName("Customer", "Cedar Court")).isEmpty();
		assertThat(qb.requestCount("CustomerAddRq")).isEqualTo(2);
	}

	@Test
	void iteratorsDieWithTheRunAndHooksSeeEveryPair() {
		for (String name : List.of("Ash", "Beech", "Cedar")) {
			qb.seed("Customer", "<Name>" + name + "</Name>");
		}
		toSend.add(sample("customer-query-start.rq.xml").replace("<MaxReturned>100</MaxReturned>",
				"<MaxReturned>1</MaxReturned>"));
		List<Integer> seen = new ArrayList<>();

		Transcript t = runner.run(RunOptions.of("u", "p").withAfterPair((n, fake) -> {
			seen.add(n);
			assertThat(fake.openIterators()).isEqualTo(1);
		}));

		assertThat(t.endReason()).isEqualTo(EndReason.COMPLETED);
		assertThat(seen).containsExactly(1);
		assertThat(qb.openIterators()).isZero();
	}

	@Test
	void faultsAndBadAnswersEndTheRunAsQbwcDoes() {
		script.remove("sendRequestXML");
		Transcript fault = runner.run("u", "p");

		assertThat(fault.endReason()).isEqualTo(EndReason.SOAP_FAILURE);
		assertThat(fault.failure().fault().faultString()).isEqualTo("no sendRequestXML");
		assertThat(fault.calls("sendRequestXML").get(0).error()).contains("no sendRequestXML");

		onArray("authenticate", p -> List.of("only-a-ticket"));
		assertThat(runner.run("u", "p").endReason()).isEqualTo(EndReason.PROTOCOL_ERROR);
	}

	@Test
	void clientVersionAnswersAreHonoured() {
		on("clientVersion", p -> "E:Please upgrade the Web Connector");
		Transcript rejected = runner.run("u", "p");
		on("clientVersion", p -> "W:Old version");
		Transcript warned = runner.run(RunOptions.of("u", "p").withClientVersion("2.1.0.30"));

		assertThat(rejected.endReason()).isEqualTo(EndReason.CLIENT_VERSION_REJECTED);
		assertThat(rejected.operations()).containsExactly("serverVersion", "clientVersion");
		assertThat(warned.endReason()).isEqualTo(EndReason.ERROR);
		assertThat(warned.calls("clientVersion").get(0).arguments()).containsEntry("strVersion", "2.1.0.30");
	}

	@Test
	void interactiveModeIsFollowed() {
		on("sendRequestXML", p -> "");
		on("getLastError", p -> "Interactive mode");
		on("getInteractiveURL", p -> "https://example.invalid/interactive");
		Deque<String> done = new ArrayDeque<>(List.of("", "DONE"));
		on("interactiveDone", p -> done.poll());

		Transcript t = runner.run("u", "p");

		assertThat(t.endReason()).isEqualTo(EndReason.INTERACTIVE_DONE);
		assertThat(t.operations()).endsWith("getLastError", "getInteractiveURL", "interactiveDone", "interactiveDone",
				"closeConnection");
	}
}
