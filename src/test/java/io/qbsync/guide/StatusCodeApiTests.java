package io.qbsync.guide;

import java.util.List;
import java.util.Map;

import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCodeApiTests extends IntegrationTest {

	@Test
	void listsTheWholeGuide() {
		List<Map<String, Object>> all = api().get().uri("/api/status-codes").retrieve().body(List.class);

		assertThat(all).hasSize(StatusGuide.standard().entries().size());
		assertThat(all).extracting((e) -> e.get("code")).contains("0", "3200", "2000-2040", "0x80040400");
		assertThat(all).allSatisfy((e) -> {
			assertThat((String) e.get("meaning")).isNotBlank();
			assertThat((List<?>) e.get("steps")).isNotEmpty();
			assertThat(e.get("handling")).isNotNull();
		});
	}

	@Test
	void searchesByTextAndKind() {
		List<Map<String, Object>> found = api().get().uri("/api/status-codes?q={q}", "closing date").retrieve()
			.body(List.class);
		assertThat(found).extracting((e) -> e.get("code")).contains("3171").doesNotContain("3200");

		List<Map<String, Object>> hresults = api().get().uri("/api/status-codes?kind=hresult").retrieve()
			.body(List.class);
		assertThat(hresults).hasSize(StatusGuide.standard().search(null, GuideEntry.Kind.HRESULT).size())
			.extracting((e) -> e.get("kind"))
			.containsOnly("HRESULT");

		List<Map<String, Object>> both = api().get().uri("/api/status-codes?q=lock&kind=QBXML_STATUS").retrieve()
			.body(List.class);
		assertThat(both).extracting((e) -> e.get("code")).contains("3176").doesNotContain("0x8004041B");

		ResponseEntity<Map> badKind = api().get().uri("/api/status-codes?kind=colour").retrieve().toEntity(Map.class);
		assertThat(badKind.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void answersOneCodeByNumberOrHresult() {
		Map<String, Object> stale = api().get().uri("/api/status-codes/3200").retrieve().body(Map.class);
		assertThat(stale).containsEntry("code", "3200")
			.containsEntry("kind", "QBXML_STATUS")
			.containsEntry("severity", "ERROR")
			.containsEntry("handling", "REFRESH_AND_RETRY");
		assertThat((List<String>) stale.get("steps")).isNotEmpty();

		Map<String, Object> busy = api().get().uri("/api/status-codes/0x8004041b").retrieve().body(Map.class);
		assertThat(busy).containsEntry("code", "0x8004041B")
			.containsEntry("kind", "HRESULT")
			.containsEntry("handling", "RETRY_LATER");
		assertThat((String) busy.get("meaning")).contains("lock");

		Map<String, Object> duplicate = api().get().uri("/api/status-codes/3100").retrieve().body(Map.class);
		assertThat(duplicate).containsEntry("handling", "NEEDS_PERSON");
		assertThat((List<Map<String, Object>>) duplicate.get("refinements")).singleElement()
			.satisfies((r) -> assertThat(r).containsEntry("when", "OPERATION")
				.containsEntry("anyOf", List.of("Add"))
				.containsEntry("handling", "CHECK_DUPLICATE"));

		assertThat(api().get().uri("/api/status-codes/2015").retrieve().body(Map.class)).containsEntry("code",
				"2000-2040");
	}

	@Test
	void anUnknownCodeIs404WithAClearMessage() {
		ResponseEntity<Map> response = api().get().uri("/api/status-codes/4242").retrieve().toEntity(Map.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat((String) response.getBody().get("detail")).contains("no entry for '4242'").contains("0x80040400");
	}

	@Test
	void needsAnAdminLogin() {
		assertThat(anonymous().get().uri("/api/status-codes").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(anonymous().get().uri("/api/status-codes/3200").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

}
