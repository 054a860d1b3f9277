package io.qbsync.metrics;

import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /actuator/prometheus} is secured like Actuator's other private endpoints: an admin login (HTTP Basic). */
class PrometheusEndpointTests extends IntegrationTest {

	@Test
	void anonymousScrapesAreRefusedAndAnAdminMayScrape() {
		ResponseEntity<String> anonymous = anonymous().get().uri("/actuator/prometheus").retrieve()
			.toEntity(String.class);
		assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(anonymous.getBody()).doesNotContain("jvm_memory_used_bytes");

		ResponseEntity<String> admin = api().get().uri("/actuator/prometheus").retrieve().toEntity(String.class);
		assertThat(admin.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(admin.getHeaders().getContentType().toString()).startsWith("text/plain");
		assertThat(Scrape.parse(admin.getBody()).names()).contains("jvm_memory_used_bytes");
	}

	@Test
	void aViewerMayNotScrapeLikeAnyPrivateActuatorEndpoint() {
		String viewer = TestCompanies.uniqueUsername("scraper");
		api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", viewer, "password", "viewer-password-1", "role", "VIEWER"))
			.retrieve()
			.toBodilessEntity();
		ResponseEntity<String> scraped = anonymous().get()
			.uri("/actuator/prometheus")
			.headers((h) -> h.setBasicAuth(viewer, "viewer-password-1"))
			.retrieve()
			.toEntity(String.class);
		assertThat(scraped.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
	}

	@Test
	void anAdminOfSomeCompaniesMayNotScrapeTheOthersFiguresAndNames() {
		TestCompanies.TestCompany own = TestCompanies.create(api(), "Scraper's Own");
		TestCompanies.create(api(), "Someone Else's Books");
		String admin = TestCompanies.uniqueUsername("scoped");
		api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", admin, "password", "scoped-password-1", "role", "ADMIN", "companies",
					List.of(own.id())))
			.retrieve()
			.toBodilessEntity();
		ResponseEntity<String> scraped = anonymous().get()
			.uri("/actuator/prometheus")
			.headers((h) -> h.setBasicAuth(admin, "scoped-password-1"))
			.accept(MediaType.TEXT_PLAIN)
			.retrieve()
			.toEntity(String.class);
		assertThat(scraped.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(String.valueOf(scraped.getBody())).doesNotContain("Someone Else's Books");
	}

}
