package io.qbsync.system;

import java.util.Map;

import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTests extends IntegrationTest {

	@Test
	void healthIsUpWithTheDatabaseAndOpenToMonitoring() {
		ResponseEntity<Map> health = anonymous().get().uri("/actuator/health").retrieve().toEntity(Map.class);
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).containsEntry("status", "UP");
		Map<String, Object> components = (Map<String, Object>) health.getBody().get("components");
		assertThat((Map<String, Object>) components.get("db")).containsEntry("status", "UP");
	}

	@Test
	void infoNamesTheApplication() {
		Map<String, Object> info = anonymous().get().uri("/actuator/info").retrieve().body(Map.class);
		assertThat((Map<String, Object>) info.get("app")).containsEntry("name", "qbsync");
	}

	@Test
	void otherActuatorEndpointsAreNotExposed() {
		assertThat(api().get().uri("/actuator/env").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void theSupportPageIsPublic() {
		ResponseEntity<String> page = anonymous().get().uri("/support").accept(MediaType.TEXT_HTML).retrieve().toEntity(String.class);
		assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(page.getBody()).contains("Web Connector");
	}

}
