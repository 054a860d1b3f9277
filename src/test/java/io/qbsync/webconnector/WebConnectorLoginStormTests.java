package io.qbsync.webconnector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A storm of parallel bogus logins (each a different username, so no throttle stops them before the password check)
 * must not hold the database pool: the company's real login and other Web Connector calls still answer promptly.
 */
class WebConnectorLoginStormTests extends IntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(WebConnectorLoginStormTests.class);

	static final int STORM = 150;

	@Test
	void aStormOfBogusLoginsDoesNotStarveTheRealLoginOrOtherCalls() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Under Storm");
		WebConnectorClient office = new WebConnectorClient(endpoint()).from("198.51.100.30");
		assertThat(office.authenticate(company.username(), company.password()).get(1)).isEqualTo("none");
		long quiet = timed(() -> office.authenticate(company.username(), company.password()));

		ExecutorService pool = Executors.newFixedThreadPool(STORM);
		try {
			List<CompletableFuture<List<String>>> storm = new ArrayList<>();
			for (int i = 0; i < STORM; i++) {
				String user = TestCompanies.uniqueUsername("bogus");
				WebConnectorClient bot = new WebConnectorClient(endpoint()).from("203.0.113." + (i % 200 + 1));
				storm.add(CompletableFuture.supplyAsync(() -> bot.authenticate(user, "not the password"), pool));
			}
			Thread.sleep(300);
			// while the storm runs: the company's real login, and another Web Connector call that needs the database
			List<String> answer = new java.util.concurrent.CopyOnWriteArrayList<>();
			CompletableFuture<Long> realLogin = CompletableFuture
				.supplyAsync(() -> timed(() -> answer.addAll(office.authenticate(company.username(), company.password()))));
			long otherCall = timed(() -> office.getLastError("no-such-ticket"));
			long login = realLogin.get();
			long measured = System.nanoTime();
			for (CompletableFuture<List<String>> f : storm) {
				// refused, or (no password check free within the wait) told to come back later, never let in
				List<String> refused = f.get();
				assertThat(refused.subList(0, 2)).containsExactly("", refused.size() == 2 ? "nvu" : "none");
				assertThat(refused).hasSizeBetween(2, 3);
			}
			log.info("Login storm of {}: real login {} ms (quiet: {} ms), getLastError {} ms, storm drained {} ms later",
					STORM, login, quiet, otherCall, (System.nanoTime() - measured) / 1_000_000);
			assertThat(answer.get(1)).isEqualTo("none");
			// without bounds and with the check inside a transaction: about 9 s each (150 in the storm, 2 cores)
			assertThat(otherCall).isLessThan(4_000);
			assertThat(login).isLessThan(6_000);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static long timed(Runnable call) {
		long start = System.nanoTime();
		call.run();
		return (System.nanoTime() - start) / 1_000_000;
	}

}
