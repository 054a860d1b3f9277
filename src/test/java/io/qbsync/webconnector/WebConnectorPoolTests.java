package io.qbsync.webconnector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many Web Connectors delivering at once never exhaust the connection pool: a delivery's first document needs a
 * connection beside its call's own, so calls take turns, and a small pool serves them all.
 */
@TestPropertySource(properties = { "spring.datasource.hikari.maximum-pool-size=4",
		"spring.datasource.hikari.connection-timeout=3000", "qbsync.webconnector.concurrent-calls=1" })
class WebConnectorPoolTests extends IntegrationTest {

	@Test
	void twelveCompaniesDeliveringAtOnceThroughAPoolOfFourAllFinishWithoutAnError() throws Exception {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		List<TestCompany> companies = new ArrayList<>();
		List<FakeQuickBooks> books = new ArrayList<>();
		for (int c = 0; c < 12; c++) {
			TestCompany company = TestCompanies.create(api(), "Pool " + c);
			for (int i = 1; i <= 3; i++) {
				steps.put(company, "customers", "C-" + i, "{\"name\": \"Pool " + c + " Customer " + i + "\"}");
			}
			steps.scanAndApproveAll(company);
			companies.add(company);
			books.add(SyncSteps.booksFor(company));
		}
		ExecutorService pool = Executors.newFixedThreadPool(companies.size());
		List<Future<List<String>>> runs = new ArrayList<>();
		for (int c = 0; c < companies.size(); c++) {
			TestCompany company = companies.get(c);
			FakeQuickBooks fake = books.get(c);
			runs.add(pool.submit(() -> {
				List<String> errors = new ArrayList<>();
				WebConnectorRunner runner = new WebConnectorRunner(new WebConnectorClient(endpoint()), fake);
				for (int i = 0; i < 5; i++) {
					Transcript run = runner.run(company.username(), company.password());
					run.calls().stream().filter((call) -> call.error() != null)
						.forEach((call) -> errors.add(call.operation() + ": " + call.error()));
					if ("none".equals(run.authenticateStatus())) {
						break;
					}
				}
				return errors;
			}));
		}
		List<String> errors = new ArrayList<>();
		for (Future<List<String>> run : runs) {
			errors.addAll(run.get(3, TimeUnit.MINUTES));
		}
		pool.shutdown();

		assertThat(errors).isEmpty();
		for (FakeQuickBooks fake : books) {
			assertThat(fake.list("Customer")).hasSize(3);
		}
	}

}
