package io.qbsync.notification;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications against a real SMTP server (GreenMail, in this JVM) and a webhook receiver, both on loopback ports:
 * who gets what, and that the same condition is never announced twice. Time is passed to the notifier, not waited for.
 */
class NotificationTests extends IntegrationTest {

	private static final GreenMail SMTP = new GreenMail(
			new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

	private static final List<String> WEBHOOK_CALLS = Collections.synchronizedList(new ArrayList<>());

	private static HttpServer webhook;

	private static final String ALSO_TO = "bookkeeping-desk@example.test";

	private final Notifier notifier;

	private final JdbcClient jdbc;

	private final JobOperator jobs;

	private final Job digestJob;

	NotificationTests(@Autowired Notifier notifier, @Autowired JdbcClient jdbc, @Autowired JobOperator jobs,
			@Autowired @Qualifier("sendDailyDigestJob") Job digestJob) {
		this.notifier = notifier;
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.digestJob = digestJob;
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) throws IOException {
		SMTP.start();
		webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webhook.createContext("/hooks/qbsync", (exchange) -> {
			WEBHOOK_CALLS.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
					+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		webhook.start();
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
		registry.add("qbsync.notifications.also-to", () -> ALSO_TO);
		registry.add("qbsync.notifications.from", () -> "qbsync@example.test");
		registry.add("qbsync.notifications.webhook-url",
				() -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/qbsync");
	}

	@AfterAll
	static void stopServers() {
		SMTP.stop();
		webhook.stop(0);
	}

	@Test
	void aConnectorSilentTooLongWhileItemsWaitIsMailedToTheCompanysAdminsOnceAndPostedToTheWebhook() throws Exception {
		String name = TestCompanies.uniqueUsername("Quiet Acres");
		TestCompany company = TestCompanies.create(api(), name);
		TestCompany other = TestCompanies.create(api(), TestCompanies.uniqueUsername("Other Acres"));
		String admin = user("ADMIN", company.id(), "owner-" + company.id() + "@example.test");
		user("VIEWER", company.id(), "viewer-" + company.id() + "@example.test");
		user("ADMIN", other.id(), "other-" + company.id() + "@example.test");
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Hollow Rd\"}");
		steps.scanAndApproveAll(company);
		Instant now = Instant.now();

		this.notifier.checkAll(now.plus(Duration.ofHours(1)));
		assertThat(mailsAbout(name)).as("not silent for long yet").isEmpty();

		this.notifier.checkAll(now.plus(Duration.ofHours(7)));

		List<MimeMessage> mails = mailsAbout(name);
		assertThat(mails).hasSize(1);
		MimeMessage mail = mails.get(0);
		assertThat(mail.getSubject()).isEqualTo("qbsync: the Web Connector of " + name + " has never run");
		// an admin of every company with an e-mail, which another test may have made on a database used before, gets
		// it too; the company's viewer and the other company's admin never do
		assertThat(recipients(mail)).contains(admin, ALSO_TO)
			.doesNotContain("viewer-" + company.id() + "@example.test", "other-" + company.id() + "@example.test")
			.allSatisfy((to) -> assertThat(List.of(admin, ALSO_TO).contains(to) || allCompaniesAdmin(to))
				.as(to + " is no admin of this company").isTrue());
		assertThat(GreenMailUtil.getBody(mail)).contains("1 approved item(s) wait in Pending.",
				"click Update Selected", "re-connect the Web Connector",
				PUBLIC_URL + "/companies/" + company.id() + "/report?tab=PENDING");
		assertThat(webhookCallsAbout(name)).singleElement().satisfies((call) -> assertThat(call)
			.startsWith("application/json")
			.contains("\"event\":\"connector-silent\"", "\"companyId\":" + company.id(), "has never run"));

		this.notifier.checkAll(now.plus(Duration.ofHours(8)));
		assertThat(mailsAbout(name)).as("the same silence is not announced twice").hasSize(1);
		assertThat(webhookCallsAbout(name)).hasSize(1);

		// it ran once, then went silent again: a new silence, announced again
		Instant ran = now.plus(Duration.ofHours(9));
		this.jdbc.sql("UPDATE companies SET last_check_in_at = ? WHERE id = ?")
			.params(Timestamp.from(ran), company.id())
			.update();
		this.notifier.checkAll(now.plus(Duration.ofHours(12)));
		assertThat(mailsAbout(name)).as("within silent-after of the last run").hasSize(1);
		this.notifier.checkAll(now.plus(Duration.ofHours(16)));
		assertThat(mailsAbout(name)).hasSize(2).last().satisfies((m) -> assertThat(m.getSubject())
			.isEqualTo("qbsync: the Web Connector of " + name + " has not run since "
					+ io.qbsync.webconnector.ConnectorHealth.time(ran)));
	}

	@Test
	void newUnsyncedEntitiesAreAnnouncedOnceAndAgainOnlyWhenMoreFail() throws Exception {
		String name = TestCompanies.uniqueUsername("Failing Farms");
		TestCompany company = TestCompanies.create(api(), name);
		String admin = user("ADMIN", company.id(), "farms-" + company.id() + "@example.test");
		SyncSteps steps = new SyncSteps(api(), endpoint());
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps.put(company, "customers", "C-1", "{\"name\": \"Birch Bend\"}");
		steps.scanAndApproveAll(company);
		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Birch Bend\" in the Name field.");
		steps.session(company, books);

		this.notifier.checkAll(Instant.now());
		this.notifier.checkAll(Instant.now());

		assertThat(mailsAbout(name)).singleElement().satisfies((m) -> {
			assertThat(m.getSubject()).isEqualTo("qbsync: 1 new Unsynced Entity for " + name);
			assertThat(recipients(m)).contains(admin);
			assertThat(GreenMailUtil.getBody(m)).contains("1 in all wait in Unsynced Entities",
					PUBLIC_URL + "/companies/" + company.id() + "/unsynced");
		});
		assertThat(webhookCallsAbout(name)).singleElement().asString().contains("\"event\":\"unsynced-grew\"");

		steps.put(company, "customers", "C-2", "{\"name\": \"Cedar Bend\"}");
		steps.scanAndApproveAll(company);
		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Cedar Bend\" in the Name field.");
		steps.session(company, books);
		this.notifier.checkAll(Instant.now());

		assertThat(mailsAbout(name)).hasSize(2).last().satisfies((m) -> {
			assertThat(m.getSubject()).isEqualTo("qbsync: 1 new Unsynced Entity for " + name);
			assertThat(GreenMailUtil.getBody(m)).contains("since the last notice", "2 in all wait");
		});
	}

	@Test
	void theDailyDigestGoesOutOnceADayToCompaniesWithSomethingToLookAt() throws Exception {
		String name = TestCompanies.uniqueUsername("Digest Gardens");
		TestCompany company = TestCompanies.create(api(), name);
		String quiet = TestCompanies.uniqueUsername("Nothing Waiting");
		TestCompanies.create(api(), quiet);
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Maple Row\"}");
		steps.scan(company);

		assertThat(this.jobs.startNextInstance(this.digestJob).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.jobs.startNextInstance(this.digestJob).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(mailsAbout(quiet)).as("nothing to look at, no digest").isEmpty();
		assertThat(mailsAbout(name)).singleElement().satisfies((m) -> {
			assertThat(m.getSubject()).startsWith("qbsync daily check: " + name);
			assertThat(GreenMailUtil.getBody(m)).contains("- Sync Wizard: 1 item(s) to approve.",
					"- Pending: 0 approved item(s)", "- Unsynced Entities: 0",
					"- Web Connector: The Web Connector has never run for this company.");
		});

		this.notifier.digestAll(Instant.now().plus(Duration.ofDays(1)));
		assertThat(mailsAbout(name)).as("the next day's digest").hasSize(2);
	}

	@Test
	void actuatorHealthNamesTheStaleCompaniesToASignedInAdmin() {
		String name = TestCompanies.uniqueUsername("Stale Meadows");
		TestCompany company = TestCompanies.create(api(), name);
		new SyncSteps(api(), endpoint()).put(company, "customers", "C-1", "{\"name\": \"Fern Way\"}");
		new SyncSteps(api(), endpoint()).scan(company);

		Map<String, Object> health = api().get().uri("/actuator/health").retrieve().body(Map.class);

		Map<String, Object> components = (Map<String, Object>) health.get("components");
		assertThat(components).as("an SMTP server does not decide qbsync's health").doesNotContainKey("mail");
		Map<String, Object> connectors = (Map<String, Object>) components.get("connectors");
		assertThat(connectors).containsEntry("status", "UP");
		List<Map<String, Object>> stale = (List<Map<String, Object>>) ((Map<String, Object>) connectors.get("details"))
			.get("stale");
		assertThat(stale).filteredOn((c) -> name.equals(c.get("name"))).singleElement().satisfies((c) -> {
			assertThat(c).containsEntry("lastCheckIn", "never").containsEntry("waiting", 1);
			assertThat((String) c.get("reason")).isEqualTo("The Web Connector has never run for this company.");
		});
		Map<String, Object> anonymous = anonymous().get().uri("/actuator/health").retrieve().body(Map.class);
		assertThat(anonymous.toString()).doesNotContain(name);
	}

	private boolean allCompaniesAdmin(String email) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM admin_users WHERE email = ? AND role = 'ADMIN' AND all_companies)
				""").param(email).query(Boolean.class).single();
	}

	private String user(String role, long companyId, String email) {
		String username = TestCompanies.uniqueUsername("notify");
		api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", username, "password", "notify-user-password-1", "role", role, "companies",
					List.of(companyId), "email", email))
			.retrieve()
			.toBodilessEntity();
		return email;
	}

	private static List<MimeMessage> mailsAbout(String companyName) throws MessagingException {
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : SMTP.getReceivedMessages()) {
			if (message.getSubject().contains(companyName)) {
				found.add(message);
			}
		}
		// one copy per recipient arrives; one message is one Message-ID
		List<String> ids = new ArrayList<>();
		found.removeIf((m) -> {
			try {
				String id = m.getMessageID();
				if (ids.contains(id)) {
					return true;
				}
				ids.add(id);
				return false;
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return found;
	}

	private static List<String> recipients(MimeMessage message) throws MessagingException {
		return Arrays.stream(message.getAllRecipients()).map(Address::toString).toList();
	}

	private static List<String> webhookCallsAbout(String companyName) {
		synchronized (WEBHOOK_CALLS) {
			return WEBHOOK_CALLS.stream().filter((call) -> call.contains(companyName)).toList();
		}
	}

}
