package io.qbsync.outbox;

import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxApiTests extends IntegrationTest {

	@Test
	void queuesADocumentAndListsItWithItsState() {
		TestCompany company = TestCompanies.create(api(), "Outbox");
		long first = TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "ob-1"));
		long second = TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("16.0", "ob-2"));

		List<Map<String, Object>> all = api().get().uri("/api/companies/{id}/outbox", company.id()).retrieve()
			.body(List.class);
		assertThat(all).extracting((d) -> ((Number) d.get("id")).longValue()).containsExactly(first, second);
		assertThat(all).extracting((d) -> d.get("state")).containsOnly("QUEUED");
		assertThat(all).extracting((d) -> d.get("qbxmlVersion")).containsExactly("13.0", "16.0");
		assertThat(all).extracting((d) -> d.get("source")).containsOnly("api");

		List<Map<String, Object>> page = api().get()
			.uri("/api/companies/{id}/outbox?after={after}&limit=1", company.id(), first)
			.retrieve()
			.body(List.class);
		assertThat(page).extracting((d) -> ((Number) d.get("id")).longValue()).containsExactly(second);
		List<Map<String, Object>> answered = api().get()
			.uri("/api/companies/{id}/outbox?state=ANSWERED", company.id())
			.retrieve()
			.body(List.class);
		assertThat(answered).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"''|is empty",
			"not xml at all|not well-formed XML",
			"<QBXML><QBXMLMsgsRq/></QBXML>|<?qbxml version",
			"<?xml version=\"1.0\"?><?qbxml version=\"9.9\"?><QBXML><QBXMLMsgsRq/></QBXML>|version QuickBooks does not know",
			"<?xml version=\"1.0\"?><?qbxml version=\"13.0\"?><Other><QBXMLMsgsRq/></Other>|<QBXML> as its root",
			"<?xml version=\"1.0\"?><?qbxml version=\"13.0\"?><QBXML><Nothing/></QBXML>|<QBXMLMsgsRq>",
			"<?xml version=\"1.0\"?><!DOCTYPE QBXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><?qbxml version=\"13.0\"?><QBXML><QBXMLMsgsRq>&x;</QBXMLMsgsRq></QBXML>|DOCTYPE" })
	void refusesWhatQuickBooksCouldNotReadAndQueuesNothing(String body, String problem) {
		TestCompany company = TestCompanies.create(api(), "Picky");
		ResponseEntity<Map> response = api().post()
			.uri("/api/companies/{id}/outbox", company.id())
			.contentType(MediaType.TEXT_XML)
			.body(body)
			.retrieve()
			.toEntity(Map.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat((String) response.getBody().get("detail")).contains("not queued");
		List<Map<String, String>> errors = (List<Map<String, String>>) response.getBody().get("errors");
		assertThat(errors).anySatisfy((e) -> assertThat(e.get("message")).contains(problem));
		assertThat(api().get().uri("/api/companies/{id}/outbox", company.id()).retrieve().body(List.class)).isEmpty();
	}

	@Test
	void anUnknownCompanyOrDocumentIs404() {
		ResponseEntity<Map> unknownCompany = api().post()
			.uri("/api/companies/987654321/outbox")
			.contentType(MediaType.TEXT_XML)
			.body(TestCompanies.customerQuery("13.0", "nobody"))
			.retrieve()
			.toEntity(Map.class);
		assertThat(unknownCompany.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

		TestCompany owner = TestCompanies.create(api(), "Owner");
		TestCompany other = TestCompanies.create(api(), "Other");
		long doc = TestCompanies.enqueue(api(), owner.id(), TestCompanies.customerQuery("13.0", "private"));
		ResponseEntity<Map> wrongCompany = api().get()
			.uri("/api/companies/{c}/outbox/{d}", other.id(), doc)
			.retrieve()
			.toEntity(Map.class);
		assertThat(wrongCompany.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void plainTextIsRefusedSoNoCrossSiteFormCanQueueADocument() {
		TestCompany company = TestCompanies.create(api(), "No Forms");
		ResponseEntity<Map> response = api().post()
			.uri("/api/companies/{id}/outbox", company.id())
			.contentType(MediaType.TEXT_PLAIN)
			.body(TestCompanies.customerQuery("13.0", "form-post"))
			.retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(api().get().uri("/api/companies/{id}/outbox", company.id()).retrieve().body(List.class)).isEmpty();
	}

	@Test
	void theOutboxNeedsAnAdminLogin() {
		TestCompany company = TestCompanies.create(api(), "Guarded");
		ResponseEntity<Void> response = anonymous().post()
			.uri("/api/companies/{id}/outbox", company.id())
			.contentType(MediaType.TEXT_XML)
			.body(TestCompanies.customerQuery("13.0", "sneaky"))
			.retrieve()
			.toBodilessEntity();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

}
