package io.qbsync.web;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.qbsync.company.CompanyService;
import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.system.AdminUsers;
import io.qbsync.webconnector.ConnectorHealth;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * The Status Code Reference Guide page on the web layer alone: the page, its header and the company limits are real,
 * what they read (companies, users, connector health) is a mock. Which users may open it is
 * {@link WebSecurityTests}'.
 */
@WebMvcTest(controllers = GuidePage.class, includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE,
		classes = { Header.class, CompanyAccess.class, Formats.class }))
@WithMockUser(username = "office", roles = AdminUsers.ROLE_ADMIN)
class GuidePageTests {

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WebSettings.class)
	static class Settings {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

	}

	@Autowired
	MockMvcTester mvc;

	@MockitoBean
	AdminUsers users;

	@MockitoBean
	CompanyService companies;

	@MockitoBean
	ConnectorHealth health;

	@Test
	void listsWhatTheSearchFindsEachEntryAnchoredByItsCode() {
		given(this.users.companiesOf("office")).willReturn(Optional.empty());
		List<GuideEntry> all = StatusGuide.standard().entries();
		List<GuideEntry> found = StatusGuide.standard().search("locked", null);
		assertThat(found).isNotEmpty().hasSizeLessThan(all.size());

		MvcTestResult page = this.mvc.get().uri("/guide?q={q}", "locked").exchange();

		assertThat(page).hasStatusOk();
		assertThat(page).bodyText().contains(found.size() + " code(s)", "value=\"locked\"");
		for (GuideEntry entry : all) {
			if (found.contains(entry)) {
				assertThat(page).bodyText().contains("id=\"code-" + entry.code() + "\"");
			}
			else {
				assertThat(page).bodyText().doesNotContain("id=\"code-" + entry.code() + "\"");
			}
		}
	}

	@Test
	void withoutASearchListsTheWholeGuide() {
		given(this.users.companiesOf("office")).willReturn(Optional.empty());
		int all = StatusGuide.standard().entries().size();

		MvcTestResult page = this.mvc.get().uri("/guide").exchange();

		assertThat(page).hasStatusOk();
		assertThat(page).bodyText().contains(all + " code(s)");
		for (GuideEntry entry : StatusGuide.standard().entries()) {
			assertThat(page).bodyText().contains("id=\"code-" + entry.code() + "\"");
		}
	}

	@Test
	void aCompanyTheUserMayNotSeeIsNotFoundAsIfItDidNotExist() {
		given(this.users.companiesOf("office")).willReturn(Optional.of(Set.of(8L)));

		MvcTestResult page = this.mvc.get().uri("/guide?company=7").exchange();

		assertThat(page).hasStatus(404);
		assertThat(page).bodyText().doesNotContain("guide-entry");
	}

}
