package io.qbsync.webconnector;

import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With the server at its session limit, a Web Connector with work is asked to come back later, and nothing is lost. */
@TestPropertySource(properties = { "qbsync.webconnector.max-active-sessions=1", "qbsync.webconnector.busy-postpone=7m" })
class WebConnectorThrottleTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aBusyServerAsksTheWebConnectorToComeBackLater() {
		// close whatever other tests left open in this shared database
		this.jdbc.sql("UPDATE webconnector_sessions SET state = 'EXPIRED' WHERE state = 'OPEN'").update();
		TestCompany first = TestCompanies.create(api(), "First In");
		TestCompany second = TestCompanies.create(api(), "Second In");
		long firstDoc = TestCompanies.enqueue(api(), first.id(), TestCompanies.customerQuery("13.0", "first"));
		long secondDoc = TestCompanies.enqueue(api(), second.id(), TestCompanies.customerQuery("13.0", "second"));
		WebConnectorClient wc = new WebConnectorClient(endpoint());

		List<String> admitted = wc.authenticate(first.username(), first.password());
		List<String> turnedAway = wc.authenticate(second.username(), second.password());

		assertThat(admitted.get(1)).isEmpty();
		assertThat(turnedAway.get(1)).isEqualTo("none");
		assertThat(turnedAway.get(2)).isEqualTo("420");
		List<Map<String, Object>> sessions = api().get()
			.uri("/api/companies/{id}/sessions", second.id())
			.retrieve()
			.body(List.class);
		assertThat(sessions).hasSize(1).allSatisfy((s) -> assertThat(s.get("state")).isEqualTo("NO_WORK"));

		// once the first session is over, the second company gets in and its document is still waiting
		wc.closeConnection(admitted.get(0));
		assertThat(wc.authenticate(second.username(), second.password()).get(1)).isEmpty();
		assertThat(state(second, secondDoc)).isEqualTo("QUEUED");
		assertThat(state(first, firstDoc)).isEqualTo("QUEUED");
	}

	private String state(TestCompany company, long doc) {
		return (String) api().get()
			.uri("/api/companies/{c}/outbox/{d}", company.id(), doc)
			.retrieve()
			.body(Map.class)
			.get("state");
	}

}
