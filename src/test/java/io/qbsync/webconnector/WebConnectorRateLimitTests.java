package io.qbsync.webconnector;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.qbsync.sandbox.SoapResponse;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls to {@code /qbwc} are limited per source address, an IPv6 address by its /64: past its burst an address that
 * has not proved to be a real Web Connector's gets a SOAP fault saying so at once; an address a right password or a
 * live ticket came from is not limited, and a node starting knows the addresses right passwords came from lately.
 */
class WebConnectorRateLimitTests extends IntegrationTest {

	static final int BURST = 5;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void rateLimit(DynamicPropertyRegistry registry) {
		registry.add("qbsync.webconnector.address-call-burst", () -> BURST);
		registry.add("qbsync.webconnector.address-calls-per-second", () -> "0.01");
	}

	@Test
	void anAddressPastItsBurstIsRefusedWithAFaultSayingSo() {
		WebConnectorClient bot = wc().from(anAddress());
		for (int i = 0; i < BURST; i++) {
			assertThat(serverVersion(bot).status()).isEqualTo(200);
		}

		SoapResponse refused = serverVersion(bot);
		assertThat(refused.status()).isEqualTo(500);
		assertThat(refused.fault()).hasValueSatisfying((fault) -> assertThat(fault.faultString())
			.contains("more Web Connector calls from this address"));
		// a login from there too, unread
		assertThat(bot.post(WebConnectorClient.soapActionFor("authenticate"), WebConnectorClient.envelope(
				"authenticate", Map.of("strUserName", "someone", "strPassword", "a guess"))).status()).isEqualTo(500);
		// another address is not held back by it
		assertThat(serverVersion(wc().from(anAddress())).status()).isEqualTo(200);
	}

	@Test
	void everyAddressOfOneIpv6Slash64SharesOneLimit() {
		String prefix = "2001:db8:73:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":";
		for (int i = 1; i <= BURST; i++) {
			assertThat(serverVersion(wc().from(prefix + Integer.toHexString(i) + "::1")).status()).isEqualTo(200);
		}

		assertThat(serverVersion(wc().from(prefix + "beef::1")).status()).isEqualTo(500);
	}

	@Test
	void anAddressARealWebConnectorLoggedInFromIsNotLimited() {
		TestCompany company = TestCompanies.create(api(), "Rate limited office");
		WebConnectorClient office = wc().from(anAddress());
		assertThat(office.authenticate(company.username(), company.password()).get(1)).isEqualTo("none");

		for (int i = 0; i < 3 * BURST; i++) {
			assertThat(serverVersion(office).status()).isEqualTo(200);
		}
	}

	@Test
	void anAddressALiveTicketCameFromIsNotLimitedAsOnAnotherNodeThanTheLogin() {
		TestCompany company = TestCompanies.create(api(), "Rate limited second node");
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Second Node Customer\"}");
		steps.scanAndApproveAll(company);
		List<String> login = wc().from(anAddress()).authenticate(company.username(), company.password());
		assertThat(login.get(1)).isNotIn("none", "nvu");

		// the session's next call comes from an address this node has not seen log in (a load balancer's choice)
		WebConnectorClient office = wc().from(anAddress());
		assertThat(office.sendRequestXML(login.get(0), "", "", "US", 13, 0)).isNotNull();
		for (int i = 0; i < 3 * BURST; i++) {
			assertThat(serverVersion(office).status()).isEqualTo(200);
		}
	}

	@Test
	void aNodeStartingKnowsTheAddressesRightPasswordsCameFromWithinThirtyDays() {
		TestCompany company = TestCompanies.create(api(), "Hosting provider");
		String office = anAddress();
		assertThat(wc().from(office).authenticate(company.username(), company.password()).get(1)).isEqualTo("none");
		String longAgo = anAddress();
		this.jdbc.sql("INSERT INTO webconnector_login_addresses (username, address, last_success_at) VALUES (?, ?, ?)")
			.params(company.username(), longAgo, Timestamp.from(Instant.now().minus(Duration.ofDays(31))))
			.update();
		String failedOnly = anAddress();
		assertThat(wc().from(failedOnly).authenticate(company.username(), "not the password").get(1)).isEqualTo("nvu");

		// what a node that starts now learns (the rate limit asks this bean)
		ProvenAddresses afterARestart = this.context.getAutowireCapableBeanFactory().createBean(ProvenAddresses.class);

		assertThat(afterARestart.proven(office)).isTrue();
		assertThat(afterARestart.proven(longAgo)).isFalse();
		assertThat(afterARestart.proven(failedOnly)).isFalse();
		assertThat(afterARestart.proven(anAddress())).isFalse();
	}

	@Test
	void thisHostsOwnAddressIsNotLimited() {
		// no X-Forwarded-For: the call comes from the loopback address, as the built-in Web Connector's do
		WebConnectorClient builtIn = wc();
		for (int i = 0; i < 3 * BURST; i++) {
			assertThat(serverVersion(builtIn).status()).isEqualTo(200);
		}
	}

	private static SoapResponse serverVersion(WebConnectorClient client) {
		return client.post(WebConnectorClient.soapActionFor("serverVersion"),
				WebConnectorClient.envelope("serverVersion", Map.of()));
	}

	/** An address of this run's own, so that an earlier test's calls do not count. */
	private static String anAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "198.19." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

	private WebConnectorClient wc() {
		return new WebConnectorClient(endpoint());
	}

}
