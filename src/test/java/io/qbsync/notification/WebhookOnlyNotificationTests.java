package io.qbsync.notification;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A webhook alone (no SMTP server) is enough to notify; a call the receiver refuses reaches nobody, so the notice is
 * given back and the next run sends it, once.
 */
class WebhookOnlyNotificationTests extends IntegrationTest {

	private static final List<String> ACCEPTED = Collections.synchronizedList(new ArrayList<>());

	/** How many calls the receiver refuses (answers 503) before it accepts. */
	private static final AtomicInteger REFUSALS = new AtomicInteger();

	private static HttpServer receiver;

	private final Notifier notifier;

	private final JdbcClient jdbc;

	WebhookOnlyNotificationTests(@Autowired Notifier notifier, @Autowired JdbcClient jdbc) {
		this.notifier = notifier;
		this.jdbc = jdbc;
	}

	@DynamicPropertySource
	static void receiver(DynamicPropertyRegistry registry) throws IOException {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (REFUSALS.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				exchange.sendResponseHeaders(503, -1);
			}
			else {
				ACCEPTED.add(body);
				exchange.sendResponseHeaders(204, -1);
			}
			exchange.close();
		});
		receiver.start();
		registry.add("qbsync.notifications.webhook-url",
				() -> "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop(0);
	}

	@Test
	void aRefusedCallIsSentAgainAtTheNextRunAndThenNoMore() {
		String name = TestCompanies.uniqueUsername("Hook Hollow");
		TestCompany company = TestCompanies.create(api(), name);
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Hooked\"}");
		steps.scanAndApproveAll(company);
		Instant later = Instant.now().plus(Duration.ofHours(7));
		// every company in the database is checked: refuse more calls than there can be, then accept all
		REFUSALS.set(Integer.MAX_VALUE);

		this.notifier.checkAll(later);

		assertThat(callsAbout(name)).isEmpty();
		assertThat(recorded(company)).as("a notice that reached nobody is not remembered").isZero();

		REFUSALS.set(0);
		this.notifier.checkAll(later);
		this.notifier.checkAll(later.plus(Duration.ofHours(1)));

		assertThat(callsAbout(name)).singleElement().asString()
			.contains("\"event\":\"connector-silent\"", "\"companyName\":\"" + name + "\"");
		assertThat(recorded(company)).isEqualTo(1);
	}

	private long recorded(TestCompany company) {
		return this.jdbc.sql("SELECT COUNT(*) FROM notifications_sent WHERE company_id = ? AND webhook")
			.param(company.id())
			.query(Long.class)
			.single();
	}

	private static List<String> callsAbout(String name) {
		synchronized (ACCEPTED) {
			return ACCEPTED.stream().filter((body) -> body.contains(name)).toList();
		}
	}

}
