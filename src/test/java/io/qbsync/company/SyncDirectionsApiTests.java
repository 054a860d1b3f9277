package io.qbsync.company;

import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class SyncDirectionsApiTests extends IntegrationTest {

	@Test
	void defaultsFollowTheFieldServiceAppsRules() {
		TestCompany company = TestCompanies.create(api(), "Directions");
		Map<String, Map<String, Object>> byType = directions(company);
		assertThat(byType.get("Customer")).containsEntry("exportOn", true).containsEntry("importOn", true);
		assertThat(byType.get("Vendor")).containsEntry("exportOn", true).containsEntry("importOn", true);
		assertThat(byType.get("ItemService")).containsEntry("exportOn", true).containsEntry("importOn", true);
		assertThat(byType.get("Invoice")).containsEntry("exportOn", true).containsEntry("importOn", false);
		assertThat(byType.get("ReceivePayment")).containsEntry("exportOn", true).containsEntry("importOn", false);
		for (String importOnly : List.of("Account", "Class", "StandardTerms", "ItemSalesTax")) {
			assertThat(byType.get(importOnly)).containsEntry("exportOn", false)
				.containsEntry("importOn", true)
				.containsEntry("canExport", false);
		}
		assertThat(byType.values()).allSatisfy((d) -> assertThat(d).containsEntry("isDefault", true));
	}

	@Test
	void aCompanyCanChangeThemWithinWhatQbsyncCanDo() {
		TestCompany company = TestCompanies.create(api(), "Own Directions");
		TestCompany other = TestCompanies.create(api(), "Other Directions");
		ResponseEntity<List> changed = put(company, Map.of("Invoice", Map.of("import", true), "Vendor",
				Map.of("export", false)));
		assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
		Map<String, Map<String, Object>> byType = directions(company);
		assertThat(byType.get("Invoice")).containsEntry("exportOn", true).containsEntry("importOn", true)
			.containsEntry("isDefault", false);
		assertThat(byType.get("Vendor")).containsEntry("exportOn", false).containsEntry("importOn", true);
		assertThat(directions(other).get("Invoice")).containsEntry("importOn", false);
	}

	@Test
	void impossibleOrUnknownDirectionsAreRefusedAndChangeNothing() {
		TestCompany company = TestCompanies.create(api(), "Bad Directions");
		ResponseEntity<Map> refused = api().put()
			.uri("/api/companies/{id}/directions", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("Account", Map.of("export", true), "Estimate", Map.of("import", true), "Customer",
					Map.of("import", false)))
			.retrieve()
			.toEntity(Map.class);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		List<Map<String, String>> errors = (List<Map<String, String>>) refused.getBody().get("errors");
		assertThat(errors).extracting((e) -> e.get("field")).containsExactlyInAnyOrder("Account.export", "Estimate");
		assertThat(directions(company).get("Customer")).containsEntry("importOn", true);
	}

	@Test
	void aNullDirectionIsABadRequestNotAServerError() {
		TestCompany company = TestCompanies.create(api(), "Null Directions");
		java.util.Map<String, Object> body = new java.util.HashMap<>();
		java.util.Map<String, Boolean> customer = new java.util.HashMap<>();
		customer.put("export", null);
		body.put("Customer", customer);
		ResponseEntity<Map> refused = api().put()
			.uri("/api/companies/{id}/directions", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(Map.class);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	private ResponseEntity<List> put(TestCompany company, Map<String, Object> body) {
		return api().put()
			.uri("/api/companies/{id}/directions", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(List.class);
	}

	private Map<String, Map<String, Object>> directions(TestCompany company) {
		List<Map<String, Object>> list = api().get().uri("/api/companies/{id}/directions", company.id()).retrieve()
			.body(List.class);
		Map<String, Map<String, Object>> byType = new java.util.LinkedHashMap<>();
		list.forEach((d) -> byType.put((String) d.get("objectType"), d));
		return byType;
	}

}
