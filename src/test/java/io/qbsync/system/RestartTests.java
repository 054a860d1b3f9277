package io.qbsync.system;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.qbsync.QbsyncApplication;
import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.TestDatabase;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the real server twice on a database of its own: Flyway builds the whole schema on an empty database and
 * changes nothing on the second start, the first start creates an admin with a password printed once, and a Web
 * Connector session carries on across the restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class RestartTests {

	private static final java.util.regex.Pattern GENERATED = java.util.regex.Pattern
		.compile("username: admin\\s+password: (\\S+)");

	@Test
	void flywayBuildsEverythingOnceAndASessionSurvivesARestart(CapturedOutput output) throws Exception {
		TestDatabase.Connection db = TestDatabase.freshDatabase("qbsync_restart_test");
		TestCompany company;
		String ticket;
		FakeQuickBooks books;
		List<String> schemaAfterFirstStart;
		int outputBeforeSecondStart;
		try (ConfigurableApplicationContext first = start(db)) {
			schemaAfterFirstStart = schema(db);
			assertThat(tables(db)).contains("BATCH_JOB_INSTANCE", "BATCH_JOB_EXECUTION", "BATCH_STEP_EXECUTION",
					"BATCH_JOB_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION_CONTEXT", "BATCH_JOB_EXECUTION_PARAMS",
					"QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_LOCKS", "QRTZ_SCHEDULER_STATE",
					"QRTZ_FIRED_TRIGGERS", "companies", "admin_users", "webconnector_sessions",
					"webconnector_login_throttles", "webconnector_login_addresses", "outbox_documents", "flyway_schema_history");
			assertThat(sequences(db)).contains("BATCH_JOB_INSTANCE_SEQ", "BATCH_JOB_EXECUTION_SEQ",
					"BATCH_STEP_EXECUTION_SEQ");

			java.util.regex.Matcher printed = GENERATED.matcher(output.getOut());
			assertThat(printed.find()).as("the first start prints the generated admin password").isTrue();
			adminPassword = printed.group(1);
			RestClient api = api(first);
			company = TestCompanies.create(api, "Restart");
			TestCompanies.enqueue(api, company.id(), TestCompanies.customerQuery("13.0", "before-restart"));
			TestCompanies.enqueue(api, company.id(), TestCompanies.customerQuery("13.0", "after-restart"));
			books = FakeQuickBooks.builder().fileId(company.fileId()).ownerId(company.ownerId()).build();
			WebConnectorClient wc = new WebConnectorClient(endpoint(first));
			ticket = wc.authenticate(company.username(), company.password()).get(0);
			String doc = wc.sendRequestXML(ticket, books.hcpResponse(), books.companyFilePath(), "US", 13, 0);
			assertThat(doc).contains("before-restart");
			assertThat(wc.receiveResponseXML(ticket, books.handle(doc), "", "")).isEqualTo(50);
		}

		outputBeforeSecondStart = output.getOut().length();
		try (ConfigurableApplicationContext second = start(db)) {
			assertThat(schema(db)).isEqualTo(schemaAfterFirstStart);
			assertThat(output.getOut().substring(outputBeforeSecondStart)).doesNotContain("password:");
			WebConnectorClient wc = new WebConnectorClient(endpoint(second));
			String doc = wc.sendRequestXML(ticket, "", books.companyFilePath(), "US", 13, 0);
			assertThat(doc).contains("after-restart");
			assertThat(wc.receiveResponseXML(ticket, books.handle(doc), "", "")).isEqualTo(100);
			assertThat(wc.closeConnection(ticket)).contains("2 document(s) sent, 2 answered");
			List<Map<String, Object>> outbox = api(second).get()
				.uri("/api/companies/{id}/outbox", company.id())
				.retrieve()
				.body(List.class);
			assertThat(outbox).extracting((d) -> d.get("state")).containsExactly("ANSWERED", "ANSWERED");
			assertThat(books.documentsReceived()).hasSize(2);
		}
	}

	/** Starts the server with no admin password configured, as on a first install. */
	private static ConfigurableApplicationContext start(TestDatabase.Connection db) {
		return new SpringApplicationBuilder(QbsyncApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password(), "--spring.quartz.auto-startup=false",
				"--spring.quartz.scheduler-name=qbsync-restart-test",
				"--qbsync.import.enabled=false",
				"--qbsync.admin.username=admin", "--qbsync.admin.password=");
	}

	private static String adminPassword;

	private static RestClient api(ConfigurableApplicationContext context) {
		return RestClient.builder()
			.baseUrl(base(context).toString())
			.defaultHeaders((h) -> h.setBasicAuth("admin", adminPassword))
			.build();
	}

	private static URI endpoint(ConfigurableApplicationContext context) {
		return base(context).resolve("/qbwc");
	}

	private static URI base(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return URI.create("http://localhost:" + port);
	}

	/** Every table, column, index and the migration history: what a second start must leave alone. */
	private static List<String> schema(TestDatabase.Connection db) throws Exception {
		List<String> rows = new ArrayList<>();
		rows.addAll(query(db, """
				SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLUMN_TYPE, ' ', IS_NULLABLE)
				FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1
				"""));
		rows.addAll(query(db, """
				SELECT CONCAT(TABLE_NAME, '.', INDEX_NAME, '.', SEQ_IN_INDEX, '.', COLUMN_NAME)
				FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1
				"""));
		rows.addAll(query(db, "SELECT CONCAT(version, ' ', script, ' ', checksum) FROM flyway_schema_history ORDER BY installed_rank"));
		return rows;
	}

	private static List<String> tables(TestDatabase.Connection db) throws Exception {
		return query(db, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'");
	}

	private static List<String> sequences(TestDatabase.Connection db) throws Exception {
		return query(db, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'SEQUENCE'");
	}

	private static List<String> query(TestDatabase.Connection db, String sql) throws Exception {
		List<String> rows = new ArrayList<>();
		try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
			while (rs.next()) {
				rows.add(rs.getString(1));
			}
		}
		return rows;
	}

}
