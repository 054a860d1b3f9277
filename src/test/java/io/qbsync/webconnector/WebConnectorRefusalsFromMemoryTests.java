package io.qbsync.webconnector;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.ConnectionCount;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is known to be refused is refused without a database connection, with the answers the Web Connector gets
 * from the database: a ticket that is not one of ours, a ticket looked up once and absent, a ticket whose session has
 * ended, and a login from an address at its cap of failures for a username it does not usually log in for.
 */
@Import(ConnectionCount.class)
class WebConnectorRefusalsFromMemoryTests extends IntegrationTest {

	@Autowired
	ConnectionCount connections;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RefusedLogins refused;

	@Autowired
	LoginThrottle throttle;

	@Test
	void aTicketThatIsNotOursIsRefusedWithoutTheDatabase() {
		WebConnectorClient wc = wc();
		int before = this.connections.borrowed();

		String uuid = UUID.randomUUID().toString();
		assertThat(wc.sendRequestXML(uuid, "", "C:\\steal.QBW", "US", 13, 0)).isEmpty();
		assertThat(wc.receiveResponseXML(uuid, "<QBXML/>", "", "")).isEqualTo(-1);
		assertThat(wc.connectionError(uuid, "0x80040408", "")).isEqualTo("done");
		assertThat(wc.getLastError(uuid)).isEqualTo(WebConnectorService.UNKNOWN_SESSION);
		assertThat(wc.closeConnection(uuid)).isEqualTo(WebConnectorService.UNKNOWN_CLOSE);

		assertThat(this.connections.borrowed() - before).isZero();
	}

	@Test
	void aMadeUpTicketIsLookedUpOnceThenRefusedWithoutTheDatabase() {
		WebConnectorClient wc = wc();
		String madeUp = Tickets.newTicket();
		assertThat(wc.sendRequestXML(madeUp, "", "", "US", 13, 0)).isEmpty();
		int before = this.connections.borrowed();

		assertThat(wc.sendRequestXML(madeUp, "", "", "US", 13, 0)).isEmpty();
		assertThat(wc.receiveResponseXML(madeUp, "<QBXML/>", "", "")).isEqualTo(-1);
		assertThat(wc.connectionError(madeUp, "0x80040408", "")).isEqualTo("done");
		assertThat(wc.getLastError(madeUp)).isEqualTo(WebConnectorService.UNKNOWN_SESSION);
		assertThat(wc.closeConnection(madeUp)).isEqualTo(WebConnectorService.UNKNOWN_CLOSE);

		assertThat(this.connections.borrowed() - before).isZero();
	}

	@Test
	void anEndedSessionsTicketIsRefusedWithoutTheDatabaseAndStillReadForItsErrorAndSummary() {
		TestCompany company = TestCompanies.create(api(), "Ended ticket");
		WebConnectorClient wc = wc();
		// nothing queued: the session is over as it opens
		List<String> login = wc.authenticate(company.username(), company.password());
		assertThat(login.get(1)).isEqualTo("none");
		String ended = login.get(0);
		assertThat(wc.sendRequestXML(ended, "", "", "US", 13, 0)).isEmpty();
		int before = this.connections.borrowed();

		assertThat(wc.sendRequestXML(ended, "", "", "US", 13, 0)).isEmpty();
		assertThat(wc.receiveResponseXML(ended, "<QBXML/>", "", "")).isEqualTo(-1);
		assertThat(wc.connectionError(ended, "0x80040408", "")).isEqualTo("done");
		assertThat(this.connections.borrowed() - before).isZero();

		// the session is known: its error and summary are read as before
		assertThat(wc.getLastError(ended)).isNotEqualTo(WebConnectorService.UNKNOWN_SESSION);
		assertThat(wc.closeConnection(ended)).isNotEqualTo(WebConnectorService.UNKNOWN_CLOSE);
	}

	@Test
	void anAddressAtItsCapIsRefusedWithoutTheDatabaseExceptForTheUsernamesItUsuallyLogsInFor() {
		TestCompany company = TestCompanies.create(api(), "Capped address");
		TestCompany neighbour = TestCompanies.create(api(), "Capped address's neighbour");
		String sprayer = newAddress();
		assertThat(wc().from(sprayer).authenticate(neighbour.username(), neighbour.password()).get(1))
			.isEqualTo("none");
		cap(sprayer, company);
		// the database refuses it, and the node remembers
		assertThat(wc().from(sprayer).authenticate(company.username(), "a guess")).containsExactly("", "nvu");
		int before = this.connections.borrowed();

		assertThat(wc().from(sprayer).authenticate(company.username(), company.password())).containsExactly("", "nvu");
		assertThat(wc().from(sprayer).authenticate("made-up-" + company.username(), "a guess"))
			.containsExactly("", "nvu");
		assertThat(this.connections.borrowed() - before).isZero();

		// the username it usually logs in for is checked as before, and logs in
		assertThat(wc().from(sprayer).authenticate(neighbour.username(), neighbour.password()).get(1))
			.isEqualTo("none");
		assertThat(this.connections.borrowed() - before).isPositive();
	}

	@Test
	void whatAnAddressAtItsCapIsRefusedFromMemoryStillCountsOnTheCompanysLogins() {
		TestCompany company = TestCompanies.create(api(), "Sprayed company");
		String sprayer = capped(company);
		// the database refuses the first and counts it; the node remembers the address
		assertThat(wc().from(sprayer).authenticate(company.username(), "a guess")).containsExactly("", "nvu");
		this.refused.write();
		assertThat(failuresFrom(company, sprayer)).isEqualTo(1);
		int before = this.connections.borrowed();

		for (int i = 0; i < 7; i++) {
			assertThat(wc().from(sprayer).authenticate(company.username(), "guess " + i)).containsExactly("", "nvu");
		}
		assertThat(wc().from(sprayer).authenticate("made-up-" + company.username(), "a guess"))
			.containsExactly("", "nvu");
		assertThat(this.connections.borrowed() - before).as("connections on request threads").isZero();

		// written within seconds by a thread of its own; here at once
		this.refused.write();
		// every attempt shows on the company's page, as when each went to the database
		assertThat(failuresFrom(company, sprayer)).isEqualTo(8);
		assertThat(this.jdbc.sql("SELECT failures FROM webconnector_login_throttles WHERE username = ? AND address = ?")
			.params("made-up-" + company.username(), sprayer)
			.query(Integer.class)
			.single()).isEqualTo(1);
		this.refused.write();
		assertThat(failuresFrom(company, sprayer)).as("written once").isEqualTo(8);
	}

	@Test
	void refusalsAddToAPairsFailuresWithinTheWindowAndStartItAfresh() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		Instant windowStart = now.minus(java.time.Duration.ofMinutes(15));
		Timestamp recent = Timestamp.from(now.minusSeconds(60));
		Timestamp old = Timestamp.from(now.minus(java.time.Duration.ofHours(1)));
		this.jdbc.sql("""
				INSERT INTO webconnector_login_throttles
					(username, address, failures, first_failure_at, last_failure_at, delayed_until)
				VALUES (?, '192.0.2.1', 5, ?, ?, NULL), (?, '192.0.2.1', 50, ?, ?, NULL)
				""").params("recent-" + run, recent, recent, "old-" + run, old, old).update();

		this.throttle.addRefused(List.of(
				new LoginThrottle.Refused("recent-" + run, "192.0.2.1", 3, now.minusSeconds(9), now.minusSeconds(1)),
				new LoginThrottle.Refused("old-" + run, "192.0.2.1", 3, now.minusSeconds(9), now.minusSeconds(1)),
				new LoginThrottle.Refused("new-" + run, "192.0.2.1", 2, now.minusSeconds(5), now)), windowStart);

		assertThat(row("recent-" + run)).containsExactly(8, recent.toInstant(), now.minusSeconds(1));
		// its 50 were forgotten, as the next attempt would have found them
		assertThat(row("old-" + run)).containsExactly(3, now.minusSeconds(9), now.minusSeconds(1));
		assertThat(row("new-" + run)).containsExactly(2, now.minusSeconds(5), now);
	}

	private List<Object> row(String username) {
		return this.jdbc.sql("""
				SELECT failures, first_failure_at, last_failure_at FROM webconnector_login_throttles
				WHERE username = ? AND address = '192.0.2.1'
				""")
			.param(username)
			.query((rs, n) -> List.<Object>of(rs.getInt(1), io.qbsync.system.Rows.instant(rs, "first_failure_at"),
					io.qbsync.system.Rows.instant(rs, "last_failure_at")))
			.single();
	}

	/** A fresh address at its cap of failures for all usernames together (none of them the company's). */
	private String capped(TestCompany company) {
		return cap(newAddress(), company);
	}

	private static String newAddress() {
		return "198.18." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
	}

	private String cap(String address, TestCompany company) {
		Timestamp now = Timestamp.from(Instant.now());
		for (int i = 1; i <= 20; i++) {
			this.jdbc.sql("""
					INSERT INTO webconnector_login_throttles
						(username, address, failures, first_failure_at, last_failure_at, delayed_until)
					VALUES (?, ?, 1, ?, ?, NULL)
					""").params("nobody-" + i + "-" + company.username(), address, now, now).update();
		}
		return address;
	}

	@SuppressWarnings("unchecked")
	private int failuresFrom(TestCompany company, String address) {
		Map<String, Object> report = api().get()
			.uri("/api/companies/{id}/logins", company.id())
			.retrieve()
			.body(Map.class);
		return ((List<Map<String, Object>>) report.get("failures")).stream()
			.filter((f) -> address.equals(f.get("address")))
			.mapToInt((f) -> ((Number) f.get("failures")).intValue())
			.findFirst()
			.orElse(0);
	}

	private WebConnectorClient wc() {
		return new WebConnectorClient(endpoint());
	}

}
