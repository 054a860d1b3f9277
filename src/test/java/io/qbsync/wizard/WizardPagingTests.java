package io.qbsync.wizard;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wizard with 5,000 open items: {@code GET .../wizard} answers one page per section with its total, bad paging is
 * refused with what was wrong, and Approve Checked reads, locks and decides only the items it names (the rows the
 * database reads are counted, and printed).
 */
class WizardPagingTests extends IntegrationTest {

	static final int N = 5000;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final ApprovalService approvals;

	private final TransactionTemplate tx;

	WizardPagingTests(@Autowired JdbcClient jdbc, @Autowired JdbcTemplate batch, @Autowired ApprovalService approvals,
			@Autowired PlatformTransactionManager transactions) {
		this.tx = new TransactionTemplate(transactions);
		this.jdbc = jdbc;
		this.batch = batch;
		this.approvals = approvals;
	}

	@Test
	void eachSectionIsPagedWithItsTotal() {
		TestCompany company = TestCompanies.create(api(), "Paged Wizard");
		List<Long> ids = openItems(company.id(), N, Instant.now());

		Map<String, Object> first = wizard(company, "");
		assertThat(first).containsEntry("waiting", N);
		assertThat(ids(first, "export")).containsExactlyElementsOf(ids.subList(0, 200));
		assertThat((Map<String, Object>) first.get("exportPaging")).containsEntry("page", 0)
			.containsEntry("size", 200)
			.containsEntry("total", N)
			.containsEntry("pages", 25);
		assertThat((List<?>) first.get("import")).isEmpty();
		assertThat((Map<String, Object>) first.get("importPaging")).containsEntry("total", 0).containsEntry("pages", 0);

		assertThat(ids(wizard(company, "?page=24"), "export")).containsExactlyElementsOf(ids.subList(4800, 5000));
		assertThat(ids(wizard(company, "?page=25"), "export")).isEmpty();
		assertThat(ids(wizard(company, "?exportPage=3&size=500"), "export"))
			.containsExactlyElementsOf(ids.subList(1500, 2000));
	}

	@Test
	void badPagingIsRefusedWithWhatWasWrong() {
		TestCompany company = TestCompanies.create(api(), "Bad Paging");
		assertRefused(company, "?page=-1", "page", "0 or more");
		assertRefused(company, "?size=0", "size", "1 to 500");
		assertRefused(company, "?size=501", "size", "1 to 500");
		assertRefused(company, "?importPage=-2", "importPage", "0 or more");
		assertRefused(company, "?page=first", "page", "whole number");
		// the other paged lists answer the same way, not with a page they chose instead
		assertRefused(company, "/cleared?limit=0", "limit", "1 to 500");
		assertRefused(company, "/cleared?limit=501", "limit", "1 to 500");
		assertRefusedAt("/api/companies/{id}/unsynced?page=-1", company, "page", "0 or more");
		assertRefusedAt("/api/companies/{id}/unsynced?size=1000", company, "size", "1 to 500");
	}

	@Test
	void approvingAPageReadsAndDecidesOnlyThatPage() {
		TestCompany company = TestCompanies.create(api(), "Paged Approval");
		Instant seeded = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
		List<Long> ids = openItems(company.id(), N, seeded);
		List<Long> shown = ids.subList(0, 200);
		List<Long> checked = List.of(ids.get(0), ids.get(1), ids.get(2));

		// one transaction, so the approval runs on the connection whose handler counters are read around it
		long[] reads = new long[1];
		ApprovalService.Outcome outcome = this.tx.execute((status) -> {
			long first = rowsRead();
			long overhead = rowsRead() - first;
			long before = rowsRead();
			ApprovalService.Outcome decided = this.approvals.approve(company.id(), ADMIN, new ApprovalService.Approval(
					checked, ApprovalService.Unchecked.CLEAR, Map.of(), Map.of(), shown, false));
			reads[0] = rowsRead() - before - overhead;
			return decided;
		});
		long rowsRead = reads[0];
		System.out.printf("Approve Checked of a 200-item page out of %d open: %d rows read%n", N, rowsRead);

		assertThat(outcome.approved()).isEqualTo(3);
		assertThat(outcome.cleared()).isEqualTo(197);
		assertThat(outcome.kept()).isZero();
		// approval announces its exports and release takes them after the commit: these items have no record, so
		// release withdraws them
		assertThat(count(company, "WITHDRAWN")).isEqualTo(3);
		assertThat(count(company, "CLEARED")).isEqualTo(197);
		assertThat(count(company, "OPEN")).isEqualTo(N - 200);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'OPEN' "
				+ "AND updated_at = ?").params(company.id(), Timestamp.from(seeded)).query(Long.class).single())
			.as("the other 4,800 are not touched").isEqualTo(N - 200);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM wizard_decisions WHERE company_id = ?")
			.param(company.id())
			.query(Long.class)
			.single()).isEqualTo(200);
		// reading every open item (as approval did before) would read at least 5,000 rows
		assertThat(rowsRead).isLessThan(1000);

		// without shown, the rule applies to no other item: only the checked ones are decided
		List<Long> later = List.of(ids.get(300), ids.get(301));
		ApprovalService.Outcome unshown = this.approvals.approve(company.id(), ADMIN,
				new ApprovalService.Approval(later, ApprovalService.Unchecked.CLEAR, Map.of(), Map.of(), null, null));
		assertThat(unshown.approved()).isEqualTo(2);
		assertThat(unshown.cleared()).isZero();
		assertThat(count(company, "OPEN")).isEqualTo(N - 202);
	}

	@Test
	void allOpenMustBeAskedForAloneAndTooManyIdsAreRefused() {
		TestCompany company = TestCompanies.create(api(), "Approval Shape");
		List<Long> ids = openItems(company.id(), 3, Instant.now());

		ResponseEntity<Map> both = approve(company,
				Map.of("checked", List.of(), "unchecked", "CLEAR", "shown", ids, "allOpen", true));
		assertThat(both.getStatusCode().value()).isEqualTo(400);
		assertThat(String.valueOf(both.getBody())).contains("allOpen", "not both");

		java.util.List<Long> withNull = new ArrayList<>();
		withNull.add(null);
		ResponseEntity<Map> empty = approve(company, Map.of("checked", withNull, "unchecked", "KEEP"));
		assertThat(empty.getStatusCode().value()).isEqualTo(400);
		assertThat(String.valueOf(empty.getBody())).contains("empty id");

		List<Long> tooMany = LongStream.rangeClosed(1, ApprovalService.MAX_NAMED + 1).boxed().toList();
		ResponseEntity<Map> many = approve(company, Map.of("checked", List.of(), "unchecked", "KEEP", "shown", tooMany));
		assertThat(many.getStatusCode().value()).isEqualTo(400);
		assertThat(String.valueOf(many.getBody())).contains("at most " + ApprovalService.MAX_NAMED);
		assertThat(count(company, "OPEN")).isEqualTo(3);

		ResponseEntity<Map> all = approve(company, Map.of("checked", List.of(ids.get(0)), "unchecked", "CLEAR",
				"allOpen", true));
		assertThat(all.getBody()).containsEntry("approved", 1).containsEntry("cleared", 2);
	}

	private void assertRefused(TestCompany company, String query, String field, String message) {
		assertRefusedAt("/api/companies/{id}/wizard" + query, company, field, message);
	}

	private void assertRefusedAt(String uri, TestCompany company, String field, String message) {
		String query = uri;
		ResponseEntity<Map> answer = api().get()
			.uri(uri, company.id())
			.retrieve()
			.toEntity(Map.class);
		assertThat(answer.getStatusCode().value()).as(query).isEqualTo(400);
		assertThat((List<Map<String, Object>>) answer.getBody().get("errors")).as(query)
			.anySatisfy((e) -> {
				assertThat(e).containsEntry("field", field);
				assertThat((String) e.get("message")).contains(message);
			});
	}

	private ResponseEntity<Map> approve(TestCompany company, Map<String, Object> body) {
		return api().post()
			.uri("/api/companies/{id}/wizard/approve", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(Map.class);
	}

	private Map<String, Object> wizard(TestCompany company, String query) {
		ResponseEntity<Map> answer = api().get()
			.uri("/api/companies/{id}/wizard" + query, company.id())
			.retrieve()
			.toEntity(Map.class);
		assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(200);
		return answer.getBody();
	}

	private static List<Long> ids(Map<String, Object> wizard, String section) {
		return ((List<Map<String, Object>>) wizard.get(section)).stream()
			.map((i) -> ((Number) i.get("id")).longValue())
			.toList();
	}

	/** {@code n} open export Adds, as a scan would leave them; answers their ids, oldest first. */
	private List<Long> openItems(long company, int n, Instant at) {
		List<Object[]> rows = new ArrayList<>();
		Timestamp time = Timestamp.from(at);
		for (int i = 0; i < n; i++) {
			rows.add(new Object[] { company, "EXPORT:qCustomer:P-" + i, "Paged customer " + i, time, time });
		}
		this.batch.batchUpdate("""
				INSERT INTO wizard_items (company_id, direction, object_type, action, state, open_key, summary, changes,
					problems, created_at, updated_at)
				VALUES (?, 'EXPORT', 'Customer', 'ADD', 'OPEN', ?, ?, '[]', '[]', ?, ?)
				""", rows);
		return this.jdbc.sql("SELECT id FROM wizard_items WHERE company_id = ? ORDER BY id")
			.param(company)
			.query(Long.class)
			.list();
	}

	private long count(TestCompany company, String state) {
		return this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = ?")
			.params(company.id(), state)
			.query(Long.class)
			.single();
	}

	/** Rows this connection's statements have read so far (its Handler_read counters, summed). */
	private long rowsRead() {
		return this.jdbc.sql("SHOW SESSION STATUS LIKE 'Handler_read%'")
			.query((rs, row) -> rs.getLong(2))
			.list()
			.stream()
			.mapToLong(Long::longValue)
			.sum();
	}

}
