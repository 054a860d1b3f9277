package io.qbsync.webconnector;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.RunOptions;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole Web Connector sessions over HTTP against a fake QuickBooks: the outbox is delivered in order, exactly once. */
@ExtendWith(OutputCaptureExtension.class)
class WebConnectorSessionTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void twoCompaniesEachReceiveOnlyTheirOwnDocumentsInOrderAndEachIsAnsweredOnce() throws Exception {
		TestCompany north = TestCompanies.create(api(), "North");
		TestCompany south = TestCompanies.create(api(), "South");
		List<Long> northDocs = List.of(enqueue(north, "north-1"), enqueue(north, "north-2"), enqueue(north, "north-3"));
		List<Long> southDocs = List.of(enqueue(south, "south-1"), enqueue(south, "south-2"));
		FakeQuickBooks northBooks = quickBooksFor(north);
		FakeQuickBooks southBooks = quickBooksFor(south);

		CompletableFuture<Transcript> northRun = CompletableFuture.supplyAsync(() -> run(north, northBooks));
		CompletableFuture<Transcript> southRun = CompletableFuture.supplyAsync(() -> run(south, southBooks));
		Transcript northTranscript = northRun.get();
		Transcript southTranscript = southRun.get();

		assertThat(northTranscript.endReason()).as(northTranscript.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(southTranscript.endReason()).as(southTranscript.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(northTranscript.requests()).containsExactly(request(north, northDocs.get(0)),
				request(north, northDocs.get(1)), request(north, northDocs.get(2)));
		assertThat(southTranscript.requests()).containsExactly(request(south, southDocs.get(0)),
				request(south, southDocs.get(1)));
		assertThat(northBooks.documentsReceived()).hasSize(3).noneMatch((d) -> d.contains("south"));
		assertThat(southBooks.documentsReceived()).hasSize(2).noneMatch((d) -> d.contains("north"));
		assertThat(northTranscript.progress()).containsExactly(33, 66, 100);
		assertThat(southTranscript.progress()).containsExactly(50, 100);
		assertThat(northTranscript.closeConnectionResult()).contains("3 document(s) sent, 3 answered, 0 failed");

		for (int i = 0; i < 3; i++) {
			Map<String, Object> doc = document(north, northDocs.get(i));
			assertThat(doc.get("state")).isEqualTo("ANSWERED");
			assertThat(doc.get("response")).isEqualTo(northTranscript.replies().get(i).response());
		}
		assertThat(jdbc.sql("SELECT state FROM webconnector_sessions WHERE company_id = ?")
			.param(north.id())
			.query(String.class)
			.single()).isEqualTo("CLOSED");

		// a second run finds nothing left: nothing is sent twice
		Transcript again = run(north, northBooks);
		assertThat(again.authenticateStatus()).isEqualTo("none");
		assertThat(northBooks.documentsReceived()).hasSize(3);
	}

	@Test
	void manyCompaniesSyncingAtOnceDoNotBlockOrMixWithEachOther() throws Exception {
		List<TestCompany> companies = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			TestCompany company = TestCompanies.create(api(), "Crowd " + i);
			for (int d = 0; d < 3; d++) {
				enqueue(company, "crowd-" + company.id() + "-" + d);
			}
			companies.add(company);
		}
		List<CompletableFuture<Transcript>> runs = new java.util.ArrayList<>();
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			for (TestCompany company : companies) {
				FakeQuickBooks books = quickBooksFor(company);
				runs.add(CompletableFuture.supplyAsync(() -> run(company, books), pool));
			}
			for (int i = 0; i < companies.size(); i++) {
				Transcript transcript = runs.get(i).get();
				long id = companies.get(i).id();
				assertThat(transcript.endReason()).as(transcript.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
				assertThat(transcript.requests()).hasSize(3).allMatch((r) -> r.contains("crowd-" + id + "-"));
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theQbxmlVersionIsTheHighestBothSidesReadCappedByTheCompany() {
		TestCompany company = TestCompanies.create(api(), "Versions", Map.of("qbxmlVersion", "14.0"));
		long tooNew = enqueue(company, "needs-15", "15.0");
		long fine = enqueue(company, "needs-13", "13.0");
		FakeQuickBooks books = FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("1.0", "2.0", "12.0", "13.0", "16.0")
			.build();

		Transcript transcript = run(company, books);

		assertThat(transcript.endReason()).as(transcript.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(jdbc.sql("SELECT qbxml_version FROM webconnector_sessions WHERE company_id = ?")
			.param(company.id())
			.query(String.class)
			.single()).isEqualTo("13.0");
		assertThat(document(company, tooNew)).containsEntry("state", "FAILED");
		assertThat((String) document(company, tooNew).get("message")).contains("qbXML 15.0").contains("13.0");
		assertThat(document(company, fine)).containsEntry("state", "ANSWERED");
		assertThat(books.documentsReceived()).hasSize(1).allMatch((d) -> d.contains("needs-13"));
		assertThat(jdbc.sql("SELECT qb_product FROM webconnector_sessions WHERE company_id = ?")
			.param(company.id())
			.query(String.class)
			.single()).isEqualTo(books.productName());
	}

	/** A company file the session must not serve, and what getLastError says about it. */
	static Stream<Arguments> filesRefused() {
		return Stream.of(Arguments.argumentSet("another company's file", "Right File",
				(Function<TestCompany, FakeQuickBooks>) (company) -> FakeQuickBooks.builder()
					.ownerId(company.ownerId())
					.fileId("{00000000-0000-0000-0000-000000000001}")
					.companyName("Someone Else's Books")
					.build(),
				List.of("different QuickBooks company file", "Someone Else's Books")),
				// a company file the Web Connector never stamped: the .qwc was not added to it
				Arguments.argumentSet("a file without this company's FileID", "Unstamped",
						(Function<TestCompany, FakeQuickBooks>) (company) -> FakeQuickBooks.builder()
							.ownerId(company.ownerId())
							.fileId(null)
							.build(),
						List.of("FileID", ".qwc")));
	}

	@ParameterizedTest
	@MethodSource("filesRefused")
	void aCompanyFileThatIsNotThisCompanysIsRefusedAndNothingIsSent(String companyName,
			Function<TestCompany, FakeQuickBooks> file, List<String> lastError) {
		TestCompany company = TestCompanies.create(api(), companyName);
		long doc = enqueue(company, "for-the-right-file");
		FakeQuickBooks books = file.apply(company);

		Transcript transcript = run(company, books);

		assertThat(transcript.endReason()).isEqualTo(Transcript.EndReason.ERROR);
		assertThat(transcript.requests()).isEmpty();
		assertThat(transcript.lastError()).contains(lastError);
		assertThat(books.documentsReceived()).isEmpty();
		assertThat(document(company, doc)).containsEntry("state", "QUEUED");
	}

	@Test
	void anotherCompanyFileOnALaterCallEndsTheSessionAndNothingMoreIsSent() {
		TestCompany alpha = TestCompanies.create(api(), "Alpha");
		TestCompany beta = TestCompanies.create(api(), "Beta");
		long alpha1 = enqueue(alpha, "alpha-1");
		long alpha2 = enqueue(alpha, "alpha-2");
		FakeQuickBooks alphaBooks = quickBooksFor(alpha);
		FakeQuickBooks betaBooks = quickBooksFor(beta);
		WebConnectorClient wc = wc();
		String alphaTicket = wc.authenticate(alpha.username(), alpha.password()).get(0);
		String first = wc.sendRequestXML(alphaTicket, alphaBooks.hcpResponse(), alphaBooks.companyFilePath(), "US", 13, 0);
		assertThat(first).contains("alpha-1");

		// Beta's Web Connector presents Alpha's ticket, with Beta's company file open
		assertThat(wc.sendRequestXML(alphaTicket, "", betaBooks.companyFilePath(), "US", 13, 0)).isEmpty();
		assertThat(wc.getLastError(alphaTicket)).contains("another company file");
		assertThat(document(alpha, alpha2)).containsEntry("state", "QUEUED");
		assertThat(sessionState(alpha)).isEqualTo("FAILED");

		// the session is over: Alpha's answer is no longer taken, and its document is left for a lookup
		assertThat(wc.receiveResponseXML(alphaTicket, alphaBooks.handle(first), "", "")).isNegative();
		assertThat(document(alpha, alpha1)).containsEntry("state", "UNCERTAIN");
	}

	@Test
	void aSecondWebConnectorWithItsOwnCompanyDescriptionEndsTheSessionAndGetsNothing(CapturedOutput output) {
		TestCompany alpha = TestCompanies.create(api(), "Alpha Live");
		long alpha1 = enqueue(alpha, "alive-1");
		long alpha2 = enqueue(alpha, "alive-2");
		FakeQuickBooks alphaBooks = quickBooksFor(alpha);
		// another office's company file, not set up in qbsync: it carries no FileID of ours
		FakeQuickBooks betaBooks = FakeQuickBooks.builder()
			.ownerId(alpha.ownerId())
			.fileId(null)
			.companyName("Beta Books")
			.companyFilePath("C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Beta.QBW")
			.build();
		WebConnectorClient wc = wc();
		String alphaTicket = wc.authenticate(alpha.username(), alpha.password()).get(0);
		assertThat(wc.sendRequestXML(alphaTicket, alphaBooks.hcpResponse(), alphaBooks.companyFilePath(), "US", 13, 0))
			.contains("alive-1");

		// Beta's Web Connector presents Alpha's live ticket as the first call of its own session
		String intruder = wc.sendRequestXML(alphaTicket, betaBooks.hcpResponse(), betaBooks.companyFilePath(), "US", 13,
				0);

		assertThat(intruder).isEmpty();
		assertThat(betaBooks.documentsReceived()).isEmpty();
		assertThat(document(alpha, alpha2)).containsEntry("state", "QUEUED");
		assertThat(document(alpha, alpha1)).containsEntry("state", "UNCERTAIN");
		assertThat(sessionState(alpha)).isEqualTo("FAILED");
		assertThat(wc.getLastError(alphaTicket)).contains("second");
		assertThat(output.getOut()).contains("Session ended: a second Web Connector");
		// and the same ticket stays refused, whatever comes with it
		assertThat(wc.sendRequestXML(alphaTicket, "", alphaBooks.companyFilePath(), "US", 13, 0)).isEmpty();
		assertThat(document(alpha, alpha2)).containsEntry("state", "QUEUED");
	}

	@Test
	void aFileWithoutThisCompanysFileIdIsServedOnceTheCompanysQwcWasAddedToIt() {
		TestCompany company = TestCompanies.create(api(), "Unstamped Then Stamped");
		long doc = enqueue(company, "unstamped-1");
		FakeQuickBooks unstamped = FakeQuickBooks.builder().ownerId(company.ownerId()).fileId(null).build();
		assertThat(run(company, unstamped).endReason()).isEqualTo(Transcript.EndReason.ERROR);
		assertThat(document(company, doc)).containsEntry("state", "QUEUED");

		// the same file once the company's .qwc was added to the Web Connector: served
		String qwc = api().get().uri("/api/companies/{id}/qwc", company.id()).retrieve().body(String.class);
		Transcript stamped = run(company, FakeQuickBooks.builder().qwcAdded(qwc).build());
		assertThat(stamped.endReason()).as(stamped.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(document(company, doc)).containsEntry("state", "ANSWERED");
	}

	@Test
	void anExpiredTicketIsRefusedAndNothingChanges() {
		TestCompany company = TestCompanies.create(api(), "Expired");
		long doc = enqueue(company, "expired-1");
		FakeQuickBooks books = quickBooksFor(company);
		WebConnectorClient wc = wc();
		String ticket = wc.authenticate(company.username(), company.password()).get(0);
		jdbc.sql("UPDATE webconnector_sessions SET last_seen_at = ? WHERE company_id = ?")
			.param(java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofHours(2))))
			.param(company.id())
			.update();

		assertThat(wc.sendRequestXML(ticket, books.hcpResponse(), books.companyFilePath(), "US", 13, 0)).isEmpty();
		assertThat(wc.getLastError(ticket)).isNotBlank();
		assertThat(wc.receiveResponseXML(ticket, "<QBXML/>", "", "")).isNegative();
		assertThat(document(company, doc)).containsEntry("state", "QUEUED");
		assertThat(books.documentsReceived()).isEmpty();
	}

	@Test
	void aSessionThatDiesAfterSendingLeavesItsDocumentUncertainAndItIsNeverResentBlindly() {
		TestCompany company = TestCompanies.create(api(), "Dies");
		long first = enqueue(company, "dies-1");
		long second = enqueue(company, "dies-2");
		FakeQuickBooks books = quickBooksFor(company);

		Transcript died = new WebConnectorRunner(wc(), books)
			.run(RunOptions.of(company.username(), company.password()).dieAfterSendRequest(1, true));
		assertThat(died.endReason()).isEqualTo(Transcript.EndReason.DIED_BEFORE_RESPONSE);
		assertThat(document(company, first)).containsEntry("state", "SENT");

		Transcript next = run(company, books);
		assertThat(next.endReason()).as(next.dump()).isEqualTo(Transcript.EndReason.COMPLETED);
		Map<String, Object> uncertain = document(company, first);
		assertThat(uncertain).containsEntry("state", "UNCERTAIN");
		assertThat((String) uncertain.get("message")).contains("new session");
		assertThat(document(company, second)).containsEntry("state", "ANSWERED");
		assertThat(next.requests()).containsExactly(request(company, second));
		assertThat(books.documentsReceived()).filteredOn((d) -> d.contains("dies-1")).hasSize(1);
		List<Map<String, Object>> listed = api().get()
			.uri("/api/companies/{id}/outbox?state=UNCERTAIN", company.id())
			.retrieve()
			.body(List.class);
		assertThat(listed).extracting((d) -> ((Number) d.get("id")).longValue()).containsExactly(first);
	}

	/** QuickBooks' HRESULT for the document in flight, a word of getLastError's for it, and the document's state. */
	static Stream<Arguments> documentHresults() {
		return Stream.of(
				// QuickBooks could not parse the request, so none of it reached the books
				Arguments.argumentSet("a parse error fails the document", "Parse", "0x80040400",
						"QuickBooks found an error when parsing the provided XML text stream.", "could not read",
						"FAILED"),
				// any other may come after QuickBooks applied the change: delivery looks before it sends again
				Arguments.argumentSet("another HRESULT leaves the document uncertain", "Busy Lock", "0x8004041B",
						"Could not lock the required information.", "try again", "UNCERTAIN"));
	}

	@ParameterizedTest
	@MethodSource("documentHresults")
	void anHresultForTheDocumentEndsTheSessionAndGetLastErrorExplainsIt(String companyName, String hresult,
			String message, String explained, String state) {
		TestCompany company = TestCompanies.create(api(), companyName);
		long doc = enqueue(company, "hresult-1");
		long later = enqueue(company, "hresult-2");
		FakeQuickBooks books = quickBooksFor(company);
		books.failNextDocument(hresult, message);

		Transcript transcript = run(company, books);

		assertThat(transcript.endReason()).isEqualTo(Transcript.EndReason.ERROR);
		assertThat(transcript.progress()).containsExactly(-1);
		assertThat(transcript.lastError()).contains(explained).contains(hresult);
		assertThat(document(company, doc)).containsEntry("state", state).containsEntry("hresult", hresult);
		assertThat(document(company, later)).containsEntry("state", "QUEUED");
	}

	@Test
	void connectionErrorIsRecordedAndTheSessionEnds() {
		TestCompany company = TestCompanies.create(api(), "Closed Books");
		long doc = enqueue(company, "closed-1");
		FakeQuickBooks books = quickBooksFor(company);
		books.connectionFailure("0x8004041D", "This application is not allowed to log into this QuickBooks company data file automatically.");

		Transcript transcript = run(company, books);

		assertThat(transcript.endReason()).isEqualTo(Transcript.EndReason.CONNECTION_ERROR);
		assertThat(transcript.connectionErrorResults()).containsExactly("done");
		Map<String, Object> session = jdbc.sql("""
				SELECT state, connection_hresult, last_error FROM webconnector_sessions WHERE company_id = ?
				""").param(company.id()).query().singleRow();
		assertThat(session).containsEntry("state", "FAILED").containsEntry("connection_hresult", "0x8004041D");
		assertThat((String) session.get("last_error")).contains("log in automatically");
		assertThat(document(company, doc)).containsEntry("state", "QUEUED");
	}

	@Test
	void askingForTheNextDocumentWithoutAnsweringMakesTheFirstUncertain() {
		TestCompany company = TestCompanies.create(api(), "Skipper");
		long first = enqueue(company, "skip-1");
		long second = enqueue(company, "skip-2");
		FakeQuickBooks books = quickBooksFor(company);
		WebConnectorClient wc = wc();
		String ticket = wc.authenticate(company.username(), company.password()).get(0);
		assertThat(wc.sendRequestXML(ticket, books.hcpResponse(), books.companyFilePath(), "US", 13, 0)).contains("skip-1");
		assertThat(wc.sendRequestXML(ticket, "", books.companyFilePath(), "US", 13, 0)).contains("skip-2");
		assertThat(document(company, first)).containsEntry("state", "UNCERTAIN");
		assertThat(document(company, second)).containsEntry("state", "SENT");
	}

	private String sessionState(TestCompany company) {
		return jdbc.sql("SELECT state FROM webconnector_sessions WHERE company_id = ? ORDER BY id DESC LIMIT 1")
			.param(company.id())
			.query(String.class)
			.single();
	}

	private Transcript run(TestCompany company, FakeQuickBooks books) {
		return new WebConnectorRunner(wc(), books).run(company.username(), company.password());
	}

	private FakeQuickBooks quickBooksFor(TestCompany company) {
		return FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.companyName(company.name() + " Books")
			.companyFilePath("C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\" + company.name() + ".QBW")
			.build();
	}

	private long enqueue(TestCompany company, String tag) {
		return enqueue(company, tag, "13.0");
	}

	private long enqueue(TestCompany company, String tag, String version) {
		return TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery(version, tag));
	}

	private String request(TestCompany company, long doc) {
		return (String) document(company, doc).get("request");
	}

	private Map<String, Object> document(TestCompany company, long doc) {
		return api().get().uri("/api/companies/{c}/outbox/{d}", company.id(), doc).retrieve().body(Map.class);
	}

	private WebConnectorClient wc() {
		return new WebConnectorClient(endpoint());
	}

}
