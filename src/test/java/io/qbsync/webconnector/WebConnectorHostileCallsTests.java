package io.qbsync.webconnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.SoapResponse;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.CompanyRows;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Web Connector endpoint faces the internet. Seeded random calls from someone who does not hold the company's
 * live session (wrong passwords, made-up, ended and other companies' tickets, forged answers that name the company's
 * items by their requestIDs, broken and oversized envelopes) never change a row of the company's, and are answered
 * with a SOAP answer or fault (or 413), never with a stack trace. The company is the victim; the attacker also runs a
 * company of its own on the same server, with a live session.
 */
class WebConnectorHostileCallsTests extends IntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(WebConnectorHostileCallsTests.class);

	private static final int CALLS = Integer.getInteger("qbsync.hostile.calls", 150);

	/** Words that give away the server's insides. */
	private static final Pattern LEAKS = Pattern.compile("Exception|java\\.|springframework|\\tat |SQL|jdbc");

	private static final List<String> OPERATIONS = List.of("authenticate", "sendRequestXML", "receiveResponseXML",
			"connectionError", "getLastError", "closeConnection", "getInteractiveURL", "interactiveDone",
			"interactiveRejected", "clientVersion", "serverVersion");

	@Autowired
	JdbcClient jdbc;

	@Test
	void callsWithoutTheCompanysLiveSessionNeverChangeItsRows() {
		long seed = Long.getLong("qbsync.hostile.seed", new Random().nextLong());
		log.info("Hostile Web Connector calls: seed {} (replay with -Dqbsync.hostile.seed={})", seed, seed);
		Random random = new Random(seed);
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany victim = withBacklog(steps, "Hostile Victim", "V");
		TestCompany attacker = withBacklog(steps, "Hostile Attacker", "A");
		WebConnectorClient wc = new WebConnectorClient(endpoint());
		// an ended session of the victim's, as a ticket found in an old log would be
		String ended = wc.authenticate(victim.username(), victim.password()).get(0);
		wc.closeConnection(ended);
		FakeQuickBooks victimBooks = SyncSteps.booksFor(victim);
		List<Long> victimItems = pendingItems(victim);
		assertThat(victimItems).isNotEmpty();
		List<String> tables = CompanyRows.tables(this.jdbc);
		JdbcClient.StatementSpec fingerprint = CompanyRows.fingerprint(this.jdbc, victim.id(), tables);
		String before = fingerprint.query(String.class).single();

		List<String> problems = new ArrayList<>();
		String attackerTicket = null;
		for (int n = 0; n < CALLS; n++) {
			if (n % 10 == 0) {
				attackerTicket = liveTicket(wc, attacker);
			}
			Call call = call(random, victim, attacker, attackerTicket, ended, victimBooks, victimItems);
			SoapResponse response = wc.from("203.0.113." + (1 + random.nextInt(200)))
				.post(WebConnectorClient.soapActionFor(call.operation()), call.body());
			String wrong = judge(response);
			if (wrong != null) {
				problems.add(call.what() + ": " + wrong);
			}
			String now = fingerprint.query(String.class).single();
			if (!now.equals(before)) {
				problems.add(call.what() + ": changed the victim's rows");
				before = now;
			}
		}
		assertThat(problems).as("seed " + seed).isEmpty();
		assertThat(pendingItems(victim)).containsExactlyInAnyOrderElementsOf(victimItems);
	}

	/** One hostile call: which operation, its envelope, and what it was, for the failure message. */
	private record Call(String operation, String body, String what) {
	}

	private static Call call(Random random, TestCompany victim, TestCompany attacker, String attackerTicket,
			String ended, FakeQuickBooks victimBooks, List<Long> victimItems) {
		String ticket = switch (random.nextInt(5)) {
			case 0 -> ended;
			case 1 -> UUID.randomUUID().toString();
			case 2 -> attackerTicket;
			case 3 -> "";
			default -> junk(random);
		};
		String which = (ticket.equals(ended)) ? "the victim's ended ticket"
				: ticket.equals(attackerTicket) ? "the attacker's live ticket" : "a made-up ticket";
		int kind = random.nextInt(10);
		if (kind < 2) {
			String password = switch (random.nextInt(4)) {
				case 0 -> "";
				case 1 -> victim.password() + "x";
				case 2 -> attacker.password();
				default -> junk(random);
			};
			return new Call("authenticate", WebConnectorClient.envelope("authenticate",
					Map.of("strUserName", victim.username(), "strPassword", password)),
					"authenticate as the victim with a wrong password");
		}
		if (kind < 5) {
			String answer = (random.nextBoolean()) ? forgedAnswer(random, victimItems) : junk(random);
			return new Call("receiveResponseXML", envelope("receiveResponseXML", List.of("ticket", ticket, "response",
					answer, "hresult", random.nextBoolean() ? "" : "0x80040400", "message", junk(random))),
					"receiveResponseXML with " + which + " and " + (answer.startsWith("<?xml") ? "a forged answer"
							: "junk"));
		}
		if (kind < 7) {
			boolean victimFile = random.nextBoolean();
			return new Call("sendRequestXML", envelope("sendRequestXML", List.of("ticket", ticket, "strHCPResponse",
					victimFile ? victimBooks.hcpResponse() : junk(random), "strCompanyFileName",
					victimFile ? victimBooks.companyFilePath() : junk(random), "qbXMLCountry", "US", "qbXMLMajorVers",
					"13", "qbXMLMinorVers", "0")), "sendRequestXML with " + which
							+ (victimFile ? " and the victim's company file" : ""));
		}
		if (kind < 9) {
			String operation = OPERATIONS.get(random.nextInt(OPERATIONS.size()));
			return new Call(operation, envelope(operation, List.of("ticket", ticket, "wcTicket", ticket, "hresult",
					"0x80040408", "message", junk(random), "strVersion", junk(random), "sessionID", junk(random))),
					operation + " with " + which);
		}
		return broken(random, ticket);
	}

	/** An envelope cut short, with a wrong namespace, with a parameter twice, or far over the size limit. */
	private static Call broken(Random random, String ticket) {
		String whole = envelope("receiveResponseXML", List.of("ticket", ticket, "response", "<QBXML/>"));
		return switch (random.nextInt(4)) {
			case 0 -> new Call("receiveResponseXML", whole.substring(0, random.nextInt(whole.length())),
					"an envelope cut short");
			case 1 -> new Call("closeConnection", whole.replace(WebConnectorClient.NS, "http://example.test/"),
					"an envelope in another namespace");
			case 2 -> new Call("receiveResponseXML",
					envelope("receiveResponseXML", List.of("ticket", ticket, "ticket", UUID.randomUUID().toString())),
					"a ticket given twice");
			default -> new Call("receiveResponseXML", envelope("receiveResponseXML",
					List.of("ticket", ticket, "response", "<QBXML>" + "x".repeat(40_000_000) + "</QBXML>")),
					"a 40 MB answer");
		};
	}

	/** A well-formed answer that reports the victim's items added, by the requestIDs they go out with. */
	private static String forgedAnswer(Random random, List<Long> victimItems) {
		StringBuilder rs = new StringBuilder("<?xml version=\"1.0\" ?><QBXML><QBXMLMsgsRs onError=\"continueOnError\">");
		for (long item : victimItems) {
			String listId = Integer.toHexString(0x80000000 + random.nextInt(1000)).toUpperCase() + "-1733500000";
			rs.append("<CustomerAddRs requestID=\"").append(item)
				.append("\" statusCode=\"0\" statusSeverity=\"Info\" statusMessage=\"Status OK\"><CustomerRet><ListID>")
				.append(listId)
				.append("</ListID><EditSequence>1733500000</EditSequence><Name>Forged ")
				.append(item)
				.append("</Name></CustomerRet></CustomerAddRs>");
		}
		return rs.append("</QBXMLMsgsRs></QBXML>").toString();
	}

	private static String junk(Random random) {
		String[] pieces = { "", "<", "&amp;", "]]>", "\u0000", "\uFFFD", "0x80040400", "' OR 1=1 --", "\r\nX-Injected: 1",
				"{00000000-0000-0000-0000-000000000000}", "-1", "99999999999999999999" };
		StringBuilder s = new StringBuilder();
		for (int i = random.nextInt(4); i >= 0; i--) {
			s.append(pieces[random.nextInt(pieces.length)]);
		}
		return s.toString();
	}

	/** An envelope whose parameters are name/value pairs in order (a name may come twice). */
	private static String envelope(String operation, List<String> pairs) {
		StringBuilder inner = new StringBuilder();
		for (int i = 0; i + 1 < pairs.size(); i += 2) {
			inner.append('<').append(pairs.get(i)).append('>').append(escape(pairs.get(i + 1))).append("</")
				.append(pairs.get(i)).append('>');
		}
		return WebConnectorClient.envelope(operation, Map.of()).replace("<" + operation + " xmlns=\""
				+ WebConnectorClient.NS + "\" />", "<" + operation + " xmlns=\"" + WebConnectorClient.NS + "\">" + inner
						+ "</" + operation + ">");
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u0000", "");
	}

	/** Null when the answer is one the Web Connector can read; otherwise what is wrong with it. */
	private static String judge(SoapResponse response) {
		if (response.status() == 413) {
			return null;
		}
		if (response.status() != 200 && response.fault().isEmpty()) {
			return "answered " + response.status() + " without a SOAP fault";
		}
		if (response.status() >= 500 && response.fault().isEmpty()) {
			return "a server error";
		}
		if (LEAKS.matcher(response.body()).find()) {
			return "the answer shows the server's insides: " + response.body();
		}
		return null;
	}

	/** The attacker's own company, with a live session that has one of its documents out. */
	private String liveTicket(WebConnectorClient wc, TestCompany attacker) {
		String ticket = wc.authenticate(attacker.username(), attacker.password()).get(0);
		FakeQuickBooks books = SyncSteps.booksFor(attacker);
		wc.sendRequestXML(ticket, books.hcpResponse(), books.companyFilePath(), "US", 13, 0);
		return ticket;
	}

	private TestCompany withBacklog(SyncSteps steps, String name, String prefix) {
		TestCompany company = TestCompanies.create(api(), name);
		for (int n = 1; n <= 3; n++) {
			steps.put(company, "customers", prefix + "-C-" + n, "{\"name\": \"" + name + " Customer " + n + "\"}");
		}
		steps.scanAndApproveAll(company);
		return company;
	}

	private List<Long> pendingItems(TestCompany company) {
		return this.jdbc.sql("SELECT id FROM wizard_items WHERE company_id = ? AND state = 'PENDING' ORDER BY id")
			.param(company.id())
			.query(Long.class)
			.list();
	}

}
