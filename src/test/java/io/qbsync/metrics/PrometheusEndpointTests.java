package io.qbsync.metrics;

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

}
