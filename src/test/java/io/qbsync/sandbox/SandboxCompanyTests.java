package io.qbsync.sandbox;

import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.webconnector.BuiltInClient;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox company end to end on the real server and MariaDB: records in through the API, scan, approve, its
 * built-in Web Connector run through the API over real SOAP, and the simulated QuickBooks read back from the database.
 * (How the bookkeeper's changes reach the wizard's Import section: {@link SandboxImportTests}.)
 */
@SuppressWarnings("unchecked")
class SandboxCompanyTests extends IntegrationTest {

	@Autowired
	private SandboxService sandboxes;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JobOperator jobOperator;

	@Autowired
	@Qualifier("runSandboxWebConnectorsJob")
	private Job runSandboxWebConnectors;

	@Test
	void approvedRecordsReachTheSimulatedQuickBooksThroughTheBuiltInWebConnector() {
		long company = createSandbox("Oakridge Sandbox Landscaping");
		put(company, "customers", "C-1", "{\"name\": \"Birch Lane HOA\"}");
		put(company, "items", "I-1",
				"{\"name\": \"Mowing\", \"type\": \"SERVICE\", \"rate\": 45, \"incomeAccount\": \"Sales\"}");
		put(company, "invoices", "INV-1", "{\"number\": \"5001\", \"customer\": \"C-1\", \"date\": \"2026-05-04\", "
				+ "\"lines\": [{\"item\": \"I-1\", \"quantity\": 2, \"rate\": 45}]}");
		scanAndApproveAll(company);

		Map<String, Object> run = api().post().uri("/api/companies/{id}/sandbox/run", company).retrieve().body(Map.class);

		assertThat(run).containsEntry("endReason", "COMPLETED");
		assertThat((Integer) run.get("documents")).isPositive();
		Map<String, Object> customer = (Map<String, Object>) record(company, "customers", "C-1").get("quickBooks");
		Map<String, Object> invoice = (Map<String, Object>) record(company, "invoices", "INV-1").get("quickBooks");
		assertThat(customer.get("id")).isNotNull();
		assertThat(invoice.get("id")).isNotNull();
		// what the server linked is what the simulated QuickBooks holds, read back from MariaDB
		FakeQuickBooks books = this.sandboxes.quickBooks(company);
		QbNode held = books.find((String) customer.get("id")).orElseThrow();
		assertThat(held.text("Name")).isEqualTo("Birch Lane HOA");
		assertThat(held.text("EditSequence")).isEqualTo(customer.get("editSequence"));
		assertThat(books.find((String) invoice.get("id")).orElseThrow().text("RefNumber")).isEqualTo("5001");
		assertThat(books.list("ItemService")).extracting((i) -> i.text("Name")).contains("Mowing");
		assertThat((List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/syncs?state=SUCCEEDED", company)
			.retrieve()
			.body(Map.class)
			.get("items")).hasSize(3);

		Map<String, Object> again = api().post().uri("/api/companies/{id}/sandbox/run", company).retrieve().body(Map.class);
		assertThat(again).containsEntry("endReason", "NO_WORK");
		assertThat(this.sandboxes.quickBooks(company).list("Customer")).hasSize(1);
	}

	@Test
	void theBookkeeperAddsEditsAndDeletesCustomersInTheSimulatedQuickBooks() {
		long company = createSandbox("Bookkeeper Sandbox");
		ResponseEntity<Map> added = api().post()
			.uri("/api/companies/{id}/sandbox/customers", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Willow Creek Farm", "phone", "555-0142"))
			.retrieve()
			.toEntity(Map.class);
		assertThat(added.getStatusCode().value()).isEqualTo(201);
		String listId = (String) added.getBody().get("listId");
		Map<String, Object> edited = api().put()
			.uri("/api/companies/{id}/sandbox/customers/{listId}", company, listId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("phone", "555-0199"))
			.retrieve()
			.body(Map.class);
		assertThat(edited).containsEntry("phone", "555-0199").containsEntry("name", "Willow Creek Farm");
		ResponseEntity<Map> taken = api().post()
			.uri("/api/companies/{id}/sandbox/customers", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "willow creek farm"))
			.retrieve()
			.toEntity(Map.class);
		assertThat(taken.getStatusCode().value()).isEqualTo(409);
		assertThat((String) taken.getBody().get("detail")).contains("3100");
		ResponseEntity<Map> gone = api().post()
			.uri("/api/companies/{id}/sandbox/customers", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Gone Gardens"))
			.retrieve()
			.toEntity(Map.class);
		assertThat(api().delete()
			.uri("/api/companies/{id}/sandbox/customers/{listId}", company, gone.getBody().get("listId"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(204);

		List<Map<String, Object>> customers = api().get()
			.uri("/api/companies/{id}/sandbox/customers", company)
			.retrieve()
			.body(List.class);
		assertThat(customers).singleElement().satisfies((c) -> assertThat(c).containsEntry("listId", listId));
		assertThat(this.sandboxes.quickBooks(company).store().tombstones()).hasSize(1);
	}

	@Test
	void theBookkeeperAddsEditsAndDeletesInvoicesInTheSimulatedQuickBooks() {
		long company = this.sandboxes.create(new SandboxService.NewSandboxCompany("Invoice Sandbox", null, null, null),
				(books) -> books.seed("ItemService", "<Name>Mowing</Name><SalesOrPurchase><Price>45.00</Price>"
						+ "</SalesOrPurchase>"))
			.id();
		String customer = (String) api().post()
			.uri("/api/companies/{id}/sandbox/customers", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Maple Street Bakery"))
			.retrieve()
			.body(Map.class)
			.get("listId");

		ResponseEntity<Map> added = postInvoice(company, Map.of("customer", "Maple Street Bakery", "refNumber", "7001",
				"txnDate", "2026-05-04", "memo", "May mowing", "lines",
				List.of(Map.of("item", "Mowing", "quantity", 2, "rate", 45))));

		assertThat(added.getStatusCode().value()).isEqualTo(201);
		String txnId = (String) added.getBody().get("txnId");
		assertThat(added.getBody()).containsEntry("refNumber", "7001")
			.containsEntry("customer", "Maple Street Bakery")
			.containsEntry("customerListId", customer)
			.containsEntry("txnDate", "2026-05-04")
			.containsEntry("total", "90.00")
			.containsEntry("memo", "May mowing");
		assertThat(invoices(company)).singleElement().satisfies((i) -> assertThat(i).containsEntry("txnId", txnId));

		Map<String, Object> edited = api().put()
			.uri("/api/companies/{id}/sandbox/invoices/{txnId}", company, txnId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("memo", "May mowing, back lawn too"))
			.retrieve()
			.body(Map.class);
		assertThat(edited).containsEntry("memo", "May mowing, back lawn too")
			.containsEntry("refNumber", "7001")
			.containsEntry("total", "90.00");
		assertThat(edited.get("editSequence")).isNotEqualTo(added.getBody().get("editSequence"));

		// QuickBooks' own answer to a customer it does not have: 3140, and nothing added
		ResponseEntity<Map> unknown = postInvoice(company, Map.of("customer", "Nobody Here", "lines",
				List.of(Map.of("item", "Mowing", "quantity", 1))));
		assertThat(unknown.getStatusCode().value()).isEqualTo(400);
		assertThat((String) unknown.getBody().get("detail")).contains("3140").contains("Nobody Here");
		// what is missing is named before QuickBooks is asked
		ResponseEntity<Map> incomplete = postInvoice(company, Map.of("memo", "no customer, no lines"));
		assertThat(incomplete.getStatusCode().value()).isEqualTo(400);
		assertThat((String) incomplete.getBody().get("detail")).contains("customer").contains("lines");
		assertThat(invoices(company)).singleElement()
			.satisfies((i) -> assertThat(i).containsEntry("memo", "May mowing, back lawn too"));

		assertThat(api().delete()
			.uri("/api/companies/{id}/sandbox/invoices/{txnId}", company, txnId)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(204);
		assertThat(invoices(company)).isEmpty();
		assertThat(this.sandboxes.quickBooks(company).store().tombstones()).singleElement()
			.satisfies((t) -> assertThat(t.delType()).isEqualTo("Invoice"));
		assertThat(api().delete()
			.uri("/api/companies/{id}/sandbox/invoices/{txnId}", company, txnId)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	@Test
	void theScheduleRunsASandboxCompanysWebConnectorWhenItIsDue() throws Exception {
		long company = createSandbox("Scheduled Sandbox");
		put(company, "customers", "C-1", "{\"name\": \"Linden Court\"}");
		scanAndApproveAll(company);
		assertThat(this.sandboxes.due()).contains(company);

		JobExecution run = this.jobOperator.startNextInstance(this.runSandboxWebConnectors);

		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.sandboxes.lastRun(company).orElseThrow().outcome()).startsWith("Finished");
		assertThat(this.sandboxes.quickBooks(company).findByName("Customer", "Linden Court")).isPresent();
		// run just now: not due again until its run-every minutes have passed
		assertThat(this.sandboxes.due()).doesNotContain(company);
	}

	@Test
	void aSandboxCompanyIsNeverServedToARealWebConnector() {
		long company = createSandbox("Guarded Sandbox");
		Map<String, Object> view = api().get().uri("/api/companies/{id}", company).retrieve().body(Map.class);
		String password = this.jdbc.sql("SELECT wc_password FROM sandbox_company_files WHERE company_id = :id")
			.param("id", company)
			.query(String.class)
			.single();

		// the right username and password, but not from the built-in Web Connector
		List<String> login = new WebConnectorClient(endpoint()).authenticate((String) view.get("username"), password);

		assertThat(login).hasSize(2);
		assertThat(login.get(1)).isEqualTo("nvu");
		// nor with a made-up key in the built-in Web Connector's header
		assertThat(new WebConnectorClient(endpoint()).withHeader(BuiltInClient.HEADER, "guessed-key")
			.authenticate((String) view.get("username"), password)
			.get(1)).isEqualTo("nvu");
		assertThat(view).containsEntry("sandbox", true);
		assertThat(api().get().uri("/api/companies/{id}/qwc", company).retrieve().toBodilessEntity().getStatusCode()
			.value()).isEqualTo(409);
		assertThat(api().post().uri("/api/companies/{id}/password", company).retrieve().toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(409);
	}

	@Test
	void anOrdinaryCompanyHasNoSandbox() {
		Map<String, Object> created = api().post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Real Books", "username", "real-books-" + System.nanoTime() % 100000, "password",
					"a-long-enough-password"))
			.retrieve()
			.body(Map.class);

		assertThat(created).containsEntry("sandbox", false);
		assertThat(api().post().uri("/api/companies/{id}/sandbox/run", created.get("id")).retrieve()
			.toBodilessEntity().getStatusCode().value()).isEqualTo(404);
		assertThat(api().get().uri("/api/companies/{id}/sandbox/invoices", created.get("id")).retrieve()
			.toBodilessEntity().getStatusCode().value()).isEqualTo(404);
		assertThat(api().post()
			.uri("/api/companies/{id}/sandbox/invoices", created.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("customer", "Anyone", "lines", List.of(Map.of("item", "Mowing"))))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	private long createSandbox(String name) {
		Map<String, Object> created = api().post()
			.uri("/api/sandbox-companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name))
			.retrieve()
			.body(Map.class);
		assertThat(created).containsEntry("sandbox", true);
		return ((Number) created.get("id")).longValue();
	}

	private ResponseEntity<Map> postInvoice(long company, Map<String, Object> invoice) {
		return api().post()
			.uri("/api/companies/{id}/sandbox/invoices", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(invoice)
			.retrieve()
			.toEntity(Map.class);
	}

	private List<Map<String, Object>> invoices(long company) {
		return api().get().uri("/api/companies/{id}/sandbox/invoices", company).retrieve().body(List.class);
	}

	private void put(long company, String type, String externalId, String json) {
		api().put()
			.uri("/api/companies/{id}/records/{type}/{ext}", company, type, externalId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toBodilessEntity();
	}

	private Map<String, Object> record(long company, String type, String externalId) {
		return api().get()
			.uri("/api/companies/{id}/records/{type}/{ext}", company, type, externalId)
			.retrieve()
			.body(Map.class);
	}

	private void scanAndApproveAll(long company) {
		api().post().uri("/api/companies/{id}/scans", company).retrieve().toBodilessEntity();
		List<Map<String, Object>> export = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard", company)
			.retrieve()
			.body(Map.class)
			.get("export");
		assertThat(export).isNotEmpty();
		api().post()
			.uri("/api/companies/{id}/wizard/approve", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", export.stream().map((i) -> i.get("id")).toList(), "unchecked", "KEEP"))
			.retrieve()
			.toBodilessEntity();
	}

}
