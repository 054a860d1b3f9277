package io.qbsync.singleops;

import java.util.Map;

import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTests extends IntegrationTest {

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void theOpenApiDocumentDescribesTheRecordsApiForAdmins() {
		Map<String, Object> document = api().get().uri("/v3/api-docs").retrieve().body(Map.class);
		Map<String, Object> paths = (Map<String, Object>) document.get("paths");
		assertThat(paths).containsKeys("/api/companies/{companyId}/records/{type}/{externalId}",
				"/api/companies/{companyId}/records/{type}", "/api/companies/{companyId}/records:bulk");
		Map<String, Object> record = (Map<String, Object>) paths.get("/api/companies/{companyId}/records/{type}/{externalId}");
		assertThat(record).containsKeys("put", "get", "delete");
		assertThat((Map) ((Map) record.get("put")).get("requestBody")).isNotNull();
		assertThat((Map<String, Object>) ((Map) document.get("components")).get("schemas")).containsKeys("Customer",
				"Vendor", "Item", "Invoice", "InvoiceLine", "Payment", "AppliedTo", "Address");
		assertThat(anonymous().get().uri("/v3/api-docs").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

}
