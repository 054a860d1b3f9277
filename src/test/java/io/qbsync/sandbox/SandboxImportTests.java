package io.qbsync.sandbox;

import java.util.List;
import java.util.Map;

import io.qbsync.support.ImportEnabled;
import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bookkeeper does in a sandbox company's QuickBooks reaches the Sync Wizard's Import section: read by the
 * next run of its built-in Web Connector (reading QuickBooks' changes is on, as it is for a sandbox in use) and
 * offered by the scan. Invoices come back only where the company has switched their import on (their default is from
 * the field-service app into QuickBooks only).
 */
@SuppressWarnings({ "unchecked", "rawtypes" })
@ImportEnabled
class SandboxImportTests extends IntegrationTest {

	@Autowired
	private SandboxService sandboxes;

	@Test
	void anInvoiceTheBookkeeperAddsIsOfferedForImport() {
		long company = this.sandboxes.create(new SandboxService.NewSandboxCompany("Import Sandbox", null, null, null),
				(books) -> books.seed("ItemService", "<Name>Mowing</Name><SalesOrPurchase><Price>45.00</Price>"
						+ "</SalesOrPurchase>"))
			.id();
		// invoices go only from the field-service app into QuickBooks by default: their import is switched on
		api().put()
			.uri("/api/companies/{id}/directions", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("Invoice", Map.of("import", true)))
			.retrieve()
			.toBodilessEntity();
		api().post()
			.uri("/api/companies/{id}/sandbox/customers", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Cedar Row Dental"))
			.retrieve()
			.toBodilessEntity();
		ResponseEntity<Map> added = api().post()
			.uri("/api/companies/{id}/sandbox/invoices", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("customer", "Cedar Row Dental", "refNumber", "8001", "lines",
					List.of(Map.of("item", "Mowing", "quantity", 3))))
			.retrieve()
			.toEntity(Map.class);
		assertThat(added.getStatusCode().value()).isEqualTo(201);
		assertThat(added.getBody()).containsEntry("total", "135.00");
		String txnId = (String) added.getBody().get("txnId");

		Map<String, Object> run = api().post().uri("/api/companies/{id}/sandbox/run", company).retrieve().body(Map.class);
		assertThat(run).containsEntry("endReason", "COMPLETED");
		api().post().uri("/api/companies/{id}/scans", company).retrieve().toBodilessEntity();

		List<Map<String, Object>> imports = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard?size=100", company)
			.retrieve()
			.body(Map.class)
			.get("import");
		assertThat(imports).as(String.valueOf(imports))
			.filteredOn((i) -> txnId.equals(i.get("qbId")))
			.singleElement()
			.satisfies((i) -> assertThat(i).containsEntry("objectType", "Invoice")
				.containsEntry("action", "NEW_IN_QUICKBOOKS"));
	}

}
