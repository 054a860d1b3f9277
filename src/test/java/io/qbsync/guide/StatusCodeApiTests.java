package io.qbsync.guide;

import java.util.List;
import java.util.Map;

import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.company.CompanyService;
import io.qbsync.system.AdminUsers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide over REST, on the web layer alone: the controller, the guide shipped in the jar, and the API's error
 * answers. That the API needs an admin login is the whole server's to show ({@code ApiSecurityTests}).
 */
@WebMvcTest(controllers = StatusCodeController.class,
		includeFilters = @Filter(type = FilterType.REGEX, pattern = "io\\.qbsync\\.web\\.CompanyAccess"))
@Import(StatusGuideConfiguration.class)
@WithMockUser(roles = AdminUsers.ROLE_ADMIN)
class StatusCodeApiTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JsonMapper json;

	/** Behind the REST API's company limits ({@code ApiCompanyAccess}, {@code CompanyAccess}), which run here too. */
	@MockitoBean
	AdminUsers users;

	@MockitoBean
	CompanyService companies;

	@Test
	void listsTheWholeGuide() {
		List<Map<String, Object>> all = get("/api/status-codes", List.class).getBody();

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
		List<Map<String, Object>> found = get("/api/status-codes?q={q}", List.class, "closing date").getBody();
		assertThat(found).extracting((e) -> e.get("code")).contains("3171").doesNotContain("3200");

		List<Map<String, Object>> hresults = get("/api/status-codes?kind=hresult", List.class).getBody();
		assertThat(hresults).hasSize(StatusGuide.standard().search(null, GuideEntry.Kind.HRESULT).size())
			.extracting((e) -> e.get("kind"))
			.containsOnly("HRESULT");

		List<Map<String, Object>> both = get("/api/status-codes?q=lock&kind=QBXML_STATUS", List.class).getBody();
		assertThat(both).extracting((e) -> e.get("code")).contains("3176").doesNotContain("0x8004041B");

		ResponseEntity<Map> badKind = get("/api/status-codes?kind=colour", Map.class);
		assertThat(badKind.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	@Test
	void answersOneCodeByNumberOrHresult() {
		Map<String, Object> stale = get("/api/status-codes/3200", Map.class).getBody();
		assertThat(stale).containsEntry("code", "3200")
			.containsEntry("kind", "QBXML_STATUS")
			.containsEntry("severity", "ERROR")
			.containsEntry("handling", "REFRESH_AND_RETRY");
		assertThat((List<String>) stale.get("steps")).isNotEmpty();

		Map<String, Object> busy = get("/api/status-codes/0x8004041b", Map.class).getBody();
		assertThat(busy).containsEntry("code", "0x8004041B")
			.containsEntry("kind", "HRESULT")
			.containsEntry("handling", "RETRY_LATER");
		assertThat((String) busy.get("meaning")).contains("lock");

		Map<String, Object> duplicate = get("/api/status-codes/3100", Map.class).getBody();
		assertThat(duplicate).containsEntry("handling", "NEEDS_PERSON");
		assertThat((List<Map<String, Object>>) duplicate.get("refinements")).singleElement()
			.satisfies((r) -> assertThat(r).containsEntry("when", "OPERATION")
				.containsEntry("anyOf", List.of("Add"))
				.containsEntry("handling", "CHECK_DUPLICATE"));

		assertThat(get("/api/status-codes/2015", Map.class).getBody()).containsEntry("code",
				"2000-2040");
	}

	@Test
	void anUnknownCodeIs404WithAClearMessage() {
		ResponseEntity<Map> response = get("/api/status-codes/4242", Map.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat((String) response.getBody().get("detail")).contains("no entry for '4242'").contains("0x80040400");
	}

	/** GET {@code uri}, as the API's clients do: the answer's status and its JSON body read as {@code type}. */
	private <T> ResponseEntity<T> get(String uri, Class<T> type, Object... variables) {
		try {
			MockHttpServletResponse response = this.mvc.perform(MockMvcRequestBuilders.get(uri, variables)).andReturn().getResponse();
			T body = response.getContentAsString().isEmpty() ? null
					: this.json.readValue(response.getContentAsString(), type);
			return ResponseEntity.status(response.getStatus()).body(body);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
