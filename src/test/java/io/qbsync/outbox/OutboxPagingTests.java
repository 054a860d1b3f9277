package io.qbsync.outbox;

import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox list pages by id and shows summaries without bodies; one document is read on its own. */
class OutboxPagingTests extends IntegrationTest {

	@Test
	void listsSummariesPageByPageAndReadsOneDocumentWithItsBody() {
		TestCompany company = TestCompanies.create(api(), "Outbox Pages");
		List<Long> ids = List.of(1, 2, 3, 4, 5)
			.stream()
			.map((i) -> TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "page-" + i)))
			.toList();

		ResponseEntity<List> first = list(company, "?limit=2");
		assertThat(ids(first)).containsExactlyElementsOf(ids.subList(0, 2));
		assertThat((List<Map<String, Object>>) first.getBody()).allSatisfy((d) -> {
			assertThat(d).doesNotContainKeys("request", "response").containsKeys("state", "source", "createdAt");
		});
		assertThat(first.getHeaders().getFirst(HttpHeaders.LINK))
			.isEqualTo("</api/companies/" + company.id() + "/outbox?after=" + ids.get(1) + "&limit=2>; rel=\"next\"");

		assertThat(ids(list(company, "?limit=2&after=" + ids.get(1)))).containsExactlyElementsOf(ids.subList(2, 4));
		ResponseEntity<List> last = list(company, "?limit=2&after=" + ids.get(3));
		assertThat(ids(last)).containsExactly(ids.get(4));
		assertThat(last.getHeaders().getFirst(HttpHeaders.LINK)).isNull();

		Map<String, Object> one = api().get()
			.uri("/api/companies/{c}/outbox/{d}", company.id(), ids.get(2))
			.retrieve()
			.body(Map.class);
		assertThat((String) one.get("request")).contains("page-3");
	}

	@Test
	void badPagingIsRefusedWithWhatWasWrong() {
		TestCompany company = TestCompanies.create(api(), "Outbox Bad Pages");
		assertRefused(company, "?limit=0", "limit", "1 to 500");
		assertRefused(company, "?limit=501", "limit", "1 to 500");
		assertRefused(company, "?after=-1", "after", "0 (from the start)");
		assertRefused(company, "?limit=lots", "limit", "whole number");
		assertRefused(company, "?state=DONE", "state", "QUEUED, SENT, ANSWERED, FAILED, UNCERTAIN");
	}

	private void assertRefused(TestCompany company, String query, String field, String message) {
		ResponseEntity<Map> answer = api().get()
			.uri("/api/companies/{id}/outbox" + query, company.id())
			.retrieve()
			.toEntity(Map.class);
		assertThat(answer.getStatusCode().value()).as(query).isEqualTo(400);
		assertThat((List<Map<String, Object>>) answer.getBody().get("errors")).as(query).anySatisfy((e) -> {
			assertThat(e).containsEntry("field", field);
			assertThat((String) e.get("message")).contains(message);
		});
	}

	private ResponseEntity<List> list(TestCompany company, String query) {
		return api().get().uri("/api/companies/{id}/outbox" + query, company.id()).retrieve().toEntity(List.class);
	}

	private static List<Long> ids(ResponseEntity<List> page) {
		return ((List<Map<String, Object>>) page.getBody()).stream()
			.map((d) -> ((Number) d.get("id")).longValue())
			.toList();
	}

}
