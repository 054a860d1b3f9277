package io.qbsync.sandbox;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.qbsync.QbsyncApplication;
import io.qbsync.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo on first start, on a database of its own: the sandbox company with its season, the wizard's two sections
 * waiting, and after Approve Checked and one run of the built-in Web Connector, Successful rows and Unsynced Entities.
 */
@SuppressWarnings("unchecked")
class SandboxDemoTests {

	private static final String ADMIN = "admin";

	private static final String PASSWORD = "demo-admin-password";

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

	private ConfigurableApplicationContext start(TestDatabase.Connection db, String demo) {
		return new SpringApplicationBuilder(QbsyncApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
				"--spring.datasource.password=" + db.password(), "--spring.quartz.auto-startup=false",
				"--spring.quartz.scheduler-name=qbsync-demo", "--qbsync.import.enabled=true",
				"--qbsync.sandbox.demo=" + demo, "--qbsync.admin.username=" + ADMIN,
				"--qbsync.admin.password=" + PASSWORD, "--spring.main.banner-mode=off");
	}

	private RestClient api() {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		return RestClient.builder()
			.baseUrl(URI.create("http://localhost:" + port).toString())
			.defaultHeaders((h) -> {
				h.setBasicAuth(ADMIN, PASSWORD);
				h.set("X-Requested-With", "qbsync-tests");
			})
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void theFirstStartMakesASandboxCompanyWithASeasonWaitingInTheWizard() {
		TestDatabase.Connection db = TestDatabase.freshDatabase("qbsync_demo");
		this.context = start(db, "on");

		List<Map<String, Object>> companies = api().get().uri("/api/companies").retrieve().body(List.class);
		assertThat(companies).singleElement().satisfies((c) -> {
			assertThat(c).containsEntry("name", SandboxDemo.NAME).containsEntry("sandbox", true);
		});
		long id = ((Number) companies.get(0).get("id")).longValue();
		Map<String, Object> wizard = api().get().uri("/api/companies/{id}/wizard", id).retrieve().body(Map.class);
		List<Map<String, Object>> export = (List<Map<String, Object>>) wizard.get("export");
		List<Map<String, Object>> imports = (List<Map<String, Object>>) wizard.get("import");
		assertThat(export).extracting((i) -> i.get("recordType") + " " + i.get("action"))
			.contains("items ADD", "customers ADD", "customers LINK", "invoices ADD", "payments ADD");
		assertThat(export).filteredOn((i) -> "C-106".equals(i.get("externalId"))).singleElement().satisfies((i) ->
				assertThat((List<Map<String, Object>>) i.get("problems")).extracting((p) -> p.get("rule"))
					.containsExactly("TOO_LONG"));
		assertThat(imports).extracting((i) -> i.get("action") + " " + i.get("summary"))
			.contains("NEW_IN_QUICKBOOKS New customer \"Dunmore Family Dental\" in QuickBooks");
		assertThat(imports).filteredOn((i) -> "C-103".equals(i.get("externalId")))
			.extracting((i) -> i.get("action"))
			.containsExactly("DELETED_IN_QUICKBOOKS");

		api().post()
			.uri("/api/companies/{id}/wizard/approve", id)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", export.stream().map((i) -> i.get("id")).toList(), "unchecked", "KEEP"))
			.retrieve()
			.toBodilessEntity();
		Map<String, Object> run = api().post().uri("/api/companies/{id}/sandbox/run", id).retrieve().body(Map.class);

		assertThat(run).containsEntry("endReason", "COMPLETED");
		List<Map<String, Object>> succeeded = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/syncs?state=SUCCEEDED", id)
			.retrieve()
			.body(Map.class)
			.get("items");
		assertThat(succeeded).extracting((i) -> i.get("externalId"))
			.contains("MOW", "C-101", "C-104", "INV-2001", "INV-2004", "PAY-3003");
		List<Map<String, Object>> unsynced = api().get().uri("/api/companies/{id}/unsynced", id).retrieve()
			.body(List.class);
		assertThat(unsynced).extracting((u) -> u.get("externalId") + " " + u.get("code")).contains("INV-2007 PARENT");
		FakeQuickBooks books = this.context.getBean(SandboxService.class).quickBooks(id);
		assertThat(books.list("Invoice")).extracting((i) -> i.text("RefNumber")).contains("2001", "2004", "2008");

		// a second start on the same database makes no second demo
		this.context.close();
		this.context = start(db, "on");
		assertThat(api().get().uri("/api/companies").retrieve().body(List.class)).hasSize(1);
	}

	@Test
	void noDemoOnAnExternalDatabaseUnlessAsked() {
		this.context = start(TestDatabase.freshDatabase("qbsync_no_demo"), "auto");

		assertThat(api().get().uri("/api/companies").retrieve().body(List.class)).isEmpty();
	}

	@Test
	void theSettingSaysWhenTheDemoIsMade() {
		assertThat(SandboxSettings.Demo.AUTO.wanted(true)).isTrue();
		assertThat(SandboxSettings.Demo.AUTO.wanted(false)).isFalse();
		assertThat(SandboxSettings.Demo.ON.wanted(false)).isTrue();
		assertThat(SandboxSettings.Demo.OFF.wanted(true)).isFalse();
	}

}
