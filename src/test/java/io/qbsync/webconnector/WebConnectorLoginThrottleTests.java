package io.qbsync.webconnector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong Web Connector passwords are throttled per username and source address, with delays that grow: a storm from
 * one address neither locks the company's own Web Connector out nor slips past the count, and the admin sees it.
 * Addresses come through a trusted (loopback) proxy's X-Forwarded-For, as behind a reverse proxy.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebConnectorLoginThrottleTests extends IntegrationTest {

	/** Where the company's Web Connector usually logs in from. */
	static final String OFFICE = "198.51.100.20";

	static final String ATTACKER = "203.0.113.66";

	@Autowired
	JdbcClient jdbc;

	@Test
	void aStormOfWrongPasswordsFromOneAddressDoesNotLockOutTheRightPasswordFromTheUsualAddress() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Storm Target");
		WebConnectorClient office = wc().from(OFFICE);
		WebConnectorClient attacker = wc().from(ATTACKER);
		assertThat(office.authenticate(company.username(), company.password()).get(1)).isEqualTo("none");

		List<List<String>> storm = parallel(40, () -> attacker.authenticate(company.username(), "a guess"));

		assertThat(storm).allSatisfy((answer) -> assertThat(answer).containsExactly("", "nvu"));
		List<String> fromTheOffice = office.authenticate(company.username(), company.password());
		assertThat(fromTheOffice.get(0)).hasSizeGreaterThanOrEqualTo(32);
		assertThat(fromTheOffice.get(1)).isEqualTo("none");
		// the storm's address is held back, even with the right password, until its delay has passed
		assertThat(attacker.authenticate(company.username(), company.password())).containsExactly("", "nvu");
	}

	@Test
	void aStormFromManyAddressesIsHeldBackPastTheUsernamesCapWhileTheUsualAddressStillLogsIn(CapturedOutput output) {
		TestCompany company = TestCompanies.create(api(), "Botnet Target");
		assertThat(wc().from(OFFICE).authenticate(company.username(), company.password()).get(1)).isEqualTo("none");
		// each address's guesses are free (a typo or two), but together they pass the username's cap (100)
		java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
		for (int i = 1; i <= 50; i++) {
			this.jdbc.sql("""
					INSERT INTO webconnector_login_throttles
						(username, address, failures, first_failure_at, last_failure_at, delayed_until)
					VALUES (?, ?, 2, ?, ?, NULL)
					""").params(company.username(), "192.0.2." + i, now, now).update();
		}
		List<String> bot = wc().from("203.0.113.200").authenticate(company.username(), "a guess");
		assertThat(bot).containsExactly("", "nvu");

		// the next new address is refused unchecked, right password or not; the office is not held back
		assertThat(wc().from("203.0.113.201").authenticate(company.username(), company.password()))
			.containsExactly("", "nvu");
		List<String> fromTheOffice = wc().from(OFFICE).authenticate(company.username(), company.password());
		assertThat(fromTheOffice.get(1)).isEqualTo("none");
		assertThat(output.getOut()).contains("from 203.0.113.201 refused unchecked: 102 failures for this username");
	}

	@Test
	void anAddressTryingManyUsernamesIsHeldBackPastItsCapExceptForTheUsernamesItUsuallyLogsInFor(
			CapturedOutput output) {
		TestCompany company = TestCompanies.create(api(), "Sprayed");
		TestCompany neighbour = TestCompanies.create(api(), "Sprayer's Neighbour");
		// an address of this run's own: the failures of an earlier run on the same database are still in the window
		String sprayer = "2001:db8:70:" + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current()
			.nextInt(1, 0xffff)) + "::1";
		String counted = SourceAddresses.of(sprayer);
		// the neighbour's Web Connector logs in from the same address (one office, many companies' Web Connectors)
		assertThat(wc().from(sprayer).authenticate(neighbour.username(), neighbour.password()).get(1))
			.isEqualTo("none");
		java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
		// one guess each for 19 made-up names: under the address's cap (20), so the next is still checked
		for (int i = 1; i < 20; i++) {
			this.jdbc.sql("""
					INSERT INTO webconnector_login_throttles
						(username, address, failures, first_failure_at, last_failure_at, delayed_until)
					VALUES (?, ?, 1, ?, ?, NULL)
					""").params("nobody-" + i + "-" + company.username(), counted, now, now).update();
		}
		assertThat(wc().from(sprayer).authenticate(company.username(), "a guess")).containsExactly("", "nvu");

		// the address has reached its cap: refused unchecked, right password or not, and the log says why once
		assertThat(wc().from(sprayer).authenticate(company.username(), company.password()))
			.containsExactly("", "nvu");
		assertThat(output.getOut())
			.contains("from " + counted + " refused unchecked: 20 failures from this address for all usernames");
		// the usernames it usually logs in for still may, and the company's Web Connector from elsewhere too
		assertThat(wc().from(sprayer).authenticate(neighbour.username(), neighbour.password()).get(1))
			.isEqualTo("none");
		assertThat(wc().from(OFFICE).authenticate(company.username(), company.password()).get(1)).isEqualTo("none");
	}

	@Test
	void aSprayRotatingAddressesWithinOneIpv6Slash64IsHeldBackAsOneAddress(CapturedOutput output) {
		TestCompany company = TestCompanies.create(api(), "Sprayed from a /64");
		// a /64 of this run's own; every guess from another address in it, for another made-up name
		String prefix = "2001:db8:71:" + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current()
			.nextInt(1, 0xffff)) + ":";
		for (int i = 1; i <= 20; i++) {
			assertThat(wc().from(prefix + Integer.toHexString(i) + "::" + Integer.toHexString(i))
				.authenticate("nobody-" + i + "-" + company.username(), "a guess")).containsExactly("", "nvu");
		}

		// the 21st address of that /64 is refused unchecked, right password or not: it is the same address
		assertThat(wc().from(prefix + "beef::1").authenticate(company.username(), company.password()))
			.containsExactly("", "nvu");
		assertThat(output.getOut()).contains("from " + SourceAddresses.of(prefix + ":1")
				+ " refused unchecked: 20 failures from this address for all usernames");
		// the company's Web Connector from another /64 logs in
		assertThat(wc().from("2001:db8:72::1").authenticate(company.username(), company.password()).get(1))
			.isEqualTo("none");
	}

	@Test
	void manyCompaniesLoggingInAtOnceFromOneNewAddressAreNotTakenForItsFailures() throws Exception {
		// a hosting provider: thirty companies' Web Connectors, one address, all logging in for the first time
		List<TestCompany> hosted = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			hosted.add(TestCompanies.create(api(), "Hosted " + i));
		}
		String provider = "198.51.100.99";
		ExecutorService pool = Executors.newFixedThreadPool(hosted.size());
		try {
			List<CompletableFuture<List<String>>> logins = new ArrayList<>();
			for (TestCompany company : hosted) {
				logins.add(CompletableFuture.supplyAsync(
						() -> wc().from(provider).authenticate(company.username(), company.password()), pool));
			}
			for (CompletableFuture<List<String>> login : logins) {
				assertThat(login.get().get(1)).isEqualTo("none");
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void parallelWrongGuessesAreCountedExactly() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Counted");
		WebConnectorClient attacker = wc().from("203.0.113.67");

		parallel(30, () -> attacker.authenticate(company.username(), "a guess"));

		assertThat(failures(company)).singleElement().satisfies((row) -> {
			assertThat(row.get("address")).isEqualTo("203.0.113.67");
			assertThat(((Number) row.get("failures")).intValue()).isEqualTo(30);
		});
	}

	@Test
	void delaysGrowWithEveryFailureUpToTheLongest() {
		TestCompany company = TestCompanies.create(api(), "Growing");
		WebConnectorClient guesser = wc().from("203.0.113.68");
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < 14; i++) {
			assertThat(guesser.authenticate(company.username(), "guess " + i)).containsExactly("", "nvu");
			Map<String, Object> row = failures(company).get(0);
			Instant last = Instant.parse((String) row.get("lastFailureAt"));
			Object until = row.get("delayedUntil");
			delays.add((until == null) ? 0 : Duration.between(last, Instant.parse((String) until)).toSeconds());
			// as if the delay had passed
			this.jdbc.sql("UPDATE webconnector_login_throttles SET delayed_until = NULL WHERE username = ?")
				.param(company.username())
				.update();
		}
		// the first few are free (a typo), then each wait doubles, up to 15 minutes
		assertThat(delays.subList(0, 3)).containsOnly(0L);
		for (int i = 4; i < delays.size(); i++) {
			assertThat(delays.get(i)).isGreaterThanOrEqualTo(delays.get(i - 1));
		}
		assertThat(delays.get(4)).isGreaterThan(delays.get(3)).isGreaterThan(0L);
		assertThat(delays.get(delays.size() - 1)).isEqualTo(Duration.ofMinutes(15).toSeconds());
	}

	@Test
	void theCompanyShowsRecentFailedLoginsWithTheirAddressesAndTheLogNamesThem(CapturedOutput output) {
		TestCompany company = TestCompanies.create(api(), "Watched");
		wc().from(OFFICE).authenticate(company.username(), company.password());
		for (int i = 0; i < 5; i++) {
			wc().from("203.0.113.69").authenticate(company.username(), "guess " + i);
		}
		wc().from("192.0.2.10").authenticate(company.username(), "typo");

		assertThat(failures(company)).extracting((r) -> r.get("address"), (r) -> ((Number) r.get("failures")).intValue())
			.containsExactly(org.assertj.core.groups.Tuple.tuple("203.0.113.69", 5),
					org.assertj.core.groups.Tuple.tuple("192.0.2.10", 1));
		Map<String, Object> logins = api().get()
			.uri("/api/companies/{id}/logins", company.id())
			.retrieve()
			.body(Map.class);
		assertThat(logins.get("usualAddresses")).asList().containsExactly(OFFICE);
		assertThat(output.getOut()).contains("'" + company.username() + "'").contains("from 203.0.113.69");
	}

	private List<Map<String, Object>> failures(TestCompany company) {
		return (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/logins", company.id())
			.retrieve()
			.body(Map.class)
			.get("failures");
	}

	private static List<List<String>> parallel(int n, java.util.function.Supplier<List<String>> call)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			List<CompletableFuture<List<String>>> calls = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				calls.add(CompletableFuture.supplyAsync(call, pool));
			}
			List<List<String>> answers = new ArrayList<>();
			for (CompletableFuture<List<String>> c : calls) {
				answers.add(c.get());
			}
			return answers;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private WebConnectorClient wc() {
		return new WebConnectorClient(endpoint());
	}

}
