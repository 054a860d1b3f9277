package io.qbsync.delivery;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.RunOptions;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** What the sync tests share: records in, scan, Approve Checked, Web Connector sessions, and reading the results. */
abstract class SyncFixture extends IntegrationTest {

	static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	@Autowired
	JdbcClient jdbc;

	TestCompany company(String name) {
		return TestCompanies.create(api(), name);
	}

	FakeQuickBooks booksFor(TestCompany company) {
		FakeQuickBooks books = FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("12.0", "13.0")
			.build();
		books.seed("Account", "<Name>Sales</Name><AccountType>Income</AccountType>");
		return books;
	}

	void put(TestCompany company, String type, String externalId, String json) {
		ResponseEntity<Map> response = api().put()
			.uri(URI.create(baseUri() + "/api/companies/" + company.id() + "/records/" + type + "/" + externalId))
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode().is2xxSuccessful()).as(String.valueOf(response.getBody())).isTrue();
	}

	/** NDJSON lines: type, externalId, record JSON. */
	void bulk(TestCompany company, List<String[]> lines) {
		ResponseEntity<Map> response = api().post()
			.uri("/api/companies/{id}/records:bulk", company.id())
			.contentType(NDJSON)
			.body((out) -> {
				Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
				for (String[] l : lines) {
					writer.write("{\"type\":\"" + l[0] + "\",\"externalId\":\"" + l[1] + "\",\"record\":" + l[2] + "}\n");
				}
				writer.flush();
			})
			.retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode().is2xxSuccessful()).as(String.valueOf(response.getBody())).isTrue();
	}

	Map<String, Object> scan(TestCompany company) {
		ResponseEntity<Map> response = api().post().uri("/api/companies/{id}/scans", company.id()).retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode().is2xxSuccessful()).as(String.valueOf(response.getBody())).isTrue();
		return response.getBody();
	}

	/** Every export item waiting, through all the wizard's pages. */
	@SuppressWarnings("unchecked")
	List<Map<String, Object>> exportItems(TestCompany company) {
		List<Map<String, Object>> all = new ArrayList<>();
		for (int page = 0;; page++) {
			Map<String, Object> wizard = api().get()
				.uri("/api/companies/{id}/wizard?exportPage={p}&size=500", company.id(), page)
				.retrieve()
				.body(Map.class);
			all.addAll((List<Map<String, Object>>) wizard.get("export"));
			Map<String, Object> paging = (Map<String, Object>) wizard.get("exportPaging");
			if (paging == null || page + 1 >= ((Number) paging.get("pages")).intValue()) {
				return all;
			}
		}
	}

	Map<String, Object> wizard(TestCompany company) {
		return api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve().body(Map.class);
	}

	List<Long> ids(List<Map<String, Object>> items) {
		return items.stream().map((i) -> ((Number) i.get("id")).longValue()).toList();
	}

	/** Approve Checked with the given items checked and one rule for the rest. */
	ResponseEntity<Map> approve(TestCompany company, List<Long> checked, String unchecked, Map<Long, String> resolutions) {
		Map<String, Object> body = new HashMap<>();
		body.put("checked", checked);
		body.put("unchecked", unchecked);
		body.put("resolutions", resolutions);
		return api().post()
			.uri("/api/companies/{id}/wizard/approve", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(Map.class);
	}

	/** Scans and approves everything in the wizard. */
	void scanAndApproveAll(TestCompany company) {
		scan(company);
		ResponseEntity<Map> approved = approve(company, ids(exportItems(company)), "KEEP", Map.of());
		assertThat(approved.getStatusCode().is2xxSuccessful()).as(String.valueOf(approved.getBody())).isTrue();
	}

	Transcript session(TestCompany company, FakeQuickBooks books) {
		return session(company, books, RunOptions.of(company.username(), company.password()));
	}

	Transcript session(TestCompany company, FakeQuickBooks books, RunOptions options) {
		return new WebConnectorRunner(new WebConnectorClient(endpoint()), books).run(options);
	}

	/** Runs sessions until the company has nothing left to deliver; answers how many ran. */
	int sessionsUntilIdle(TestCompany company, FakeQuickBooks books) {
		int runs = 0;
		while (runs < 20) {
			Transcript run = session(company, books);
			runs++;
			if ("none".equals(run.authenticateStatus())) {
				return runs;
			}
		}
		throw new AssertionError("Still work to deliver after 20 sessions");
	}

	Map<String, Object> syncs(TestCompany company, String state) {
		return api().get().uri("/api/companies/{id}/syncs?state={s}&size=500", company.id(), state).retrieve()
			.body(Map.class);
	}

	@SuppressWarnings("unchecked")
	List<Map<String, Object>> unsynced(TestCompany company) {
		return api().get().uri("/api/companies/{id}/unsynced", company.id()).retrieve().body(List.class);
	}

	Map<String, Object> item(long id) {
		return this.jdbc.sql("SELECT * FROM wizard_items WHERE id = ?").param(id).query().singleRow();
	}

	String itemState(long id) {
		return (String) item(id).get("state");
	}

	long itemOf(TestCompany company, String externalId) {
		return this.jdbc.sql("SELECT MAX(id) FROM wizard_items WHERE company_id = ? AND external_id = ? AND direction = 'EXPORT'")
			.params(company.id(), externalId)
			.query(Long.class)
			.single();
	}

	/** An Add whose answer was lost and whose lookup could not tell: FAILED LOST, for a person under Unsynced Entities. */
	void failAsLost(long itemId) {
		this.jdbc.sql("UPDATE wizard_items SET state = 'FAILED', result_code = 'LOST', lookup = NULL WHERE id = ?")
			.param(itemId)
			.update();
	}

	String linkOf(TestCompany company, String type, String externalId) {
		return this.jdbc.sql("SELECT qb_id FROM singleops_records WHERE company_id = ? AND record_type = ? AND external_id = ?")
			.params(company.id(), type, externalId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/** As if the retry wait had passed. */
	void retryWaitOver(TestCompany company) {
		this.jdbc.sql("UPDATE wizard_items SET next_attempt_at = '2000-01-01' WHERE company_id = ? AND next_attempt_at IS NOT NULL")
			.param(company.id())
			.update();
	}

	static List<String[]> lines(String type, int from, int to, java.util.function.IntFunction<String> json) {
		List<String[]> lines = new ArrayList<>();
		for (int i = from; i <= to; i++) {
			lines.add(new String[] { type, type.substring(0, 1).toUpperCase() + "-" + i, json.apply(i) });
		}
		return lines;
	}

}
