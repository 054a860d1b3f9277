package io.qbsync.retention;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code purge-old-data} job against the database: old rows of every kind go, new ones and everything the Sync
 * Report, Unsynced Entities, the audit trail and job restarts read stay, and those answer the same afterwards.
 */
class RetentionJobTests extends IntegrationTest {

	private static final Duration OLD = Duration.ofDays(100);

	private static final Duration ANCIENT = Duration.ofDays(200);

	private final JdbcClient jdbc;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job purge;

	private final Job expire;

	private final Purges purges;

	RetentionJobTests(@Autowired JdbcClient jdbc, @Autowired JobOperator jobOperator,
			@Autowired JobRepository jobRepository, @Autowired List<Job> jobs, @Autowired Purges purges) {
		this.purges = purges;
		this.jdbc = jdbc;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.purge = job(jobs, RetentionJobConfiguration.JOB_NAME);
		this.expire = job(jobs, "expire-webconnector-sessions");
	}

	@Test
	void purgesExactlyTheOldRowsAndTheReportsAnswerTheSame() {
		Instant now = Instant.now();
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Retention");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps.put(company, "customers", "C-1", "{\"name\": \"Retained One\"}");
		steps.put(company, "customers", "C-2", "{\"name\": \"Retained Two\"}");
		steps.put(company, "customers", "C-3", "{\"name\": \"Retained Three\"}");
		steps.scanAndApproveAll(company);
		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Retained One\".");
		steps.session(company, books);
		long deliverySession = single("SELECT MAX(id) FROM webconnector_sessions WHERE company_id = ?", company.id());
		long failedItem = single("SELECT id FROM wizard_items WHERE company_id = ? AND state = 'FAILED'", company.id());
		long failedDelivery = single("SELECT delivery_execution_id FROM wizard_items WHERE id = ?", failedItem);

		// everything the sync wrote is made old: its documents, its session, its job executions
		this.jdbc.sql("UPDATE outbox_documents SET answered_at = ? WHERE company_id = ?")
			.params(Timestamp.from(now.minus(OLD)), company.id())
			.update();
		List<Long> syncDocuments = list("SELECT id FROM outbox_documents WHERE company_id = ?", company.id());
		age("UPDATE webconnector_sessions SET last_seen_at = ?, ended_at = ? WHERE id = ?", OLD, now, deliverySession);
		List<Long> companyExecutions = list("""
				SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION_PARAMS
				WHERE PARAMETER_NAME = 'companyId' AND PARAMETER_VALUE = ?
				""", String.valueOf(company.id()));
		assertThat(companyExecutions).contains(failedDelivery).hasSizeGreaterThan(1);
		companyExecutions.forEach((e) -> ageExecution(e, ANCIENT, now));

		// an old answered document a pending item still waits on, and a fresh one
		long waitedOn = aDocument(company.id(), "ANSWERED", now.minus(OLD));
		aPendingItem(company.id(), waitedOn, now);
		long fresh = aDocument(company.id(), "ANSWERED", now.minus(Duration.ofDays(1)));

		// job metadata: finished long ago, finished lately, failed within and beyond the restart window, running
		// (real runs of the session expiry job, so before the sessions below exist)
		long completedOld = anExecution(BatchStatus.COMPLETED, OLD, now);
		long completedNew = anExecution(BatchStatus.COMPLETED, Duration.ofDays(10), now);
		long failedRestartable = anExecution(BatchStatus.FAILED, OLD, now);
		long failedAncient = anExecution(BatchStatus.FAILED, ANCIENT, now);
		long running = anExecution(BatchStatus.STARTED, ANCIENT, now);
		this.jdbc.sql("UPDATE BATCH_JOB_EXECUTION SET END_TIME = NULL WHERE JOB_EXECUTION_ID = ?").param(running).update();

		// ended sessions: old ones with nothing pointing at them, a fresh one; the company's latest stays too
		long oldNoWork = aSession(company.id(), "NO_WORK", now.minus(OLD), null);
		long oldClosedWithVersion = aSession(company.id(), "CLOSED", now.minus(OLD), "13.0");
		long oldOpen = aSession(company.id(), "OPEN", now.minus(OLD), null);
		long freshNoWork = aSession(company.id(), "NO_WORK", now.minus(Duration.ofDays(1)), null);
		long latest = aSession(company.id(), "NO_WORK", now.minus(OLD), null);

		// login failures: past their window, within it, and locked still
		String adminLocked = aLoginFailure("admin_login_failures", now.minus(Duration.ofHours(1)),
				now.plus(Duration.ofMinutes(5)));
		String adminOld = aLoginFailure("admin_login_failures", now.minus(Duration.ofHours(1)),
				now.minus(Duration.ofMinutes(30)));
		String adminNew = aLoginFailure("admin_login_failures", now.minus(Duration.ofMinutes(1)), null);

		Map<String, Object> before = reports(company);

		JobExecution execution = this.jobOperator.startNextInstance(this.purge);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(reports(company)).isEqualTo(before);

		// outbox: the rows stay; old bodies go unless an item waits on them
		assertThat(count("SELECT COUNT(*) FROM outbox_documents WHERE company_id = ?", company.id()))
			.isEqualTo(syncDocuments.size() + 2);
		for (long document : syncDocuments) {
			assertThat(body(document)).as("document %d", document).isEqualTo("purged");
		}
		assertThat(body(waitedOn)).isEqualTo("kept");
		assertThat(body(fresh)).isEqualTo("kept");

		// sessions
		assertThat(exists("webconnector_sessions", oldNoWork)).isFalse();
		assertThat(exists("webconnector_sessions", oldClosedWithVersion)).as("the latest with an agreed version")
			.isTrue();
		assertThat(exists("webconnector_sessions", deliverySession)).as("named by its documents").isTrue();
		assertThat(exists("webconnector_sessions", oldOpen)).isTrue();
		assertThat(exists("webconnector_sessions", freshNoWork)).isTrue();
		assertThat(exists("webconnector_sessions", latest)).isTrue();

		// login failures
		assertThat(loginFailure("admin_login_failures", adminLocked)).isTrue();
		assertThat(loginFailure("admin_login_failures", adminOld)).isFalse();
		assertThat(loginFailure("admin_login_failures", adminNew)).isTrue();

		// job metadata: executions with their steps, contexts and parameters; the instance too
		assertThat(executionGone(completedOld)).isTrue();
		assertThat(executionGone(failedAncient)).isTrue();
		assertThat(executionGone(completedNew)).isFalse();
		assertThat(executionGone(failedRestartable)).isFalse();
		assertThat(executionGone(running)).isFalse();
		assertThat(executionGone(failedDelivery)).as("the delivery of a failed item can still be restarted").isFalse();
		assertThat(companyExecutions.stream().filter((e) -> e != failedDelivery).filter(this::executionGone))
			.as("the company's scan and release").isNotEmpty();
		assertThat(this.jobRepository.getJobExecution(execution.getId())).isNotNull();

		long purged = this.jobRepository.getJobExecution(execution.getId())
			.getStepExecutions()
			.stream()
			.mapToLong((s) -> s.getExecutionContext().getLong(RetentionJobConfiguration.PURGED_COUNT))
			.sum();
		assertThat(purged).isGreaterThanOrEqualTo(syncDocuments.size() + 1 + 1 + 4);

		// a second run finds nothing of this test's left to purge, and the reports still answer the same
		assertThat(this.jobOperator.startNextInstance(this.purge).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(reports(company)).isEqualTo(before);
		assertThat(exists("webconnector_sessions", latest)).isTrue();
	}

	@Test
	void supersededChangeVersionsAndOldFeedEntriesGoAndTheNightlyReconciliationPlansTheSame() {
		Instant now = Instant.now();
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Versions");
		for (String email : List.of("a", "b", "c")) {
			steps.put(company, "customers", "C-1", "{\"name\": \"Versioned One\", \"email\": \"" + email + "@one.example\"}");
		}
		steps.put(company, "customers", "C-2", "{\"name\": \"Versioned Two\"}");
		// an object edited twice and then deleted in QuickBooks, and one read once
		long quarry1 = aQuickBooksVersion(company.id(), "80000001-1", "1", false, "Quarry Lane");
		long quarry2 = aQuickBooksVersion(company.id(), "80000001-1", "2", false, "Quarry Lane Inc");
		long quarryGone = aQuickBooksVersion(company.id(), "80000001-1", "deleted:1", true, "Quarry Lane Inc");
		long quince = aQuickBooksVersion(company.id(), "80000002-1", "1", false, "Quince Court");
		steps.scan(company);
		steps.put(company, "customers", "C-2", "{\"name\": \"Versioned Two\", \"email\": \"x@two.example\"}");
		steps.put(company, "customers", "C-2", "{\"name\": \"Versioned Two\", \"email\": \"y@two.example\"}");
		steps.scan(company);
		// and versions the scan has not read yet: C-3 twice
		steps.put(company, "customers", "C-3", "{\"name\": \"Versioned Three\"}");
		steps.put(company, "customers", "C-3", "{\"name\": \"Versioned Three\", \"email\": \"z@three.example\"}");
		List<Long> one = versions(company.id(), "C-1");
		List<Long> two = versions(company.id(), "C-2");
		List<Long> three = versions(company.id(), "C-3");
		this.jdbc.sql("UPDATE singleops_changes SET created_at = ? WHERE company_id = ?")
			.params(Timestamp.from(now.minus(OLD)), company.id())
			.update();
		this.jdbc.sql("UPDATE quickbooks_changes SET received_at = ? WHERE company_id = ?")
			.params(Timestamp.from(now.minus(OLD)), company.id())
			.update();
		long offered = aFeedEntry(company.id(), "NEW_IN_QUICKBOOKS", now.minus(Duration.ofDays(400)));
		long oldChange = aFeedEntry(company.id(), "CHANGED_IN_QUICKBOOKS", now.minus(Duration.ofDays(400)));
		long newChange = aFeedEntry(company.id(), "CHANGED_IN_QUICKBOOKS", now.minus(Duration.ofDays(10)));

		assertThat(this.jobOperator.startNextInstance(this.purge).getStatus()).isEqualTo(BatchStatus.COMPLETED);

		assertThat(list("SELECT id FROM singleops_changes WHERE company_id = ? ORDER BY id", company.id()))
			.as("each record's latest version stays, and so does what the scan has not read")
			.containsExactly(one.get(2), two.get(2), three.get(0), three.get(1));
		assertThat(list("SELECT id FROM quickbooks_changes WHERE company_id = ? ORDER BY id", company.id()))
			.as("the latest version, the latest before the deletion, and the object read once stay")
			.containsExactly(quarry2, quarryGone, quince)
			.doesNotContain(quarry1);
		assertThat(exists("quickbooks_feed", offered)).as("an offer of a new object stays").isTrue();
		assertThat(exists("quickbooks_feed", oldChange)).isFalse();
		assertThat(exists("quickbooks_feed", newChange)).isTrue();
		steps.scan(company);
		List<Map<String, Object>> planned = openItems(company.id());
		assertThat(planned).extracting((i) -> i.get("external_id")).contains("C-1", "C-2", "C-3");

		// the nightly reconciliation reads both change sets from the start: it plans what it planned before
		this.jdbc.sql("UPDATE wizard_scan_cursors SET singleops_change_id = 0, quickbooks_change_id = 0 WHERE company_id = ?")
			.param(company.id())
			.update();
		steps.scan(company);
		assertThat(openItems(company.id())).isEqualTo(planned);
	}

	private List<Long> versions(long company, String externalId) {
		return this.jdbc.sql("SELECT id FROM singleops_changes WHERE company_id = ? AND external_id = ? ORDER BY id")
			.params(company, externalId)
			.query(Long.class)
			.list();
	}

	private long aQuickBooksVersion(long company, String qbId, String editSequence, boolean deleted, String name) {
		this.jdbc.sql("""
				INSERT INTO quickbooks_changes (company_id, object_type, qb_id, edit_sequence, deleted, display_name,
					time_modified, data, document_id, received_at)
				VALUES (?, 'Customer', ?, ?, ?, ?, '2026-11-26T09:00:00-05:00', ?, 0, NOW())
				""")
			.params(company, qbId, editSequence, deleted, name, deleted ? null
					: "{\"fields\": {\"ListID\": \"" + qbId + "\", \"EditSequence\": \"" + editSequence + "\", \"Name\": \""
							+ name + "\"}, \"lines\": []}")
			.update();
		return single("SELECT MAX(id) FROM quickbooks_changes WHERE company_id = ?", company);
	}

	private long aFeedEntry(long company, String action, Instant publishedAt) {
		this.jdbc.sql("""
				INSERT INTO quickbooks_feed (company_id, item_id, action, object_type, qb_id, published_at)
				VALUES (?, ?, ?, 'Customer', '80000009-1', ?)
				""")
			.params(company, ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), action, Timestamp.from(publishedAt))
			.update();
		return single("SELECT MAX(id) FROM quickbooks_feed WHERE company_id = ?", company);
	}

	/** What the wizard holds for a company, without ids and times: the plan a scan made. */
	private List<Map<String, Object>> openItems(long company) {
		return this.jdbc.sql("""
				SELECT direction, object_type, external_id, qb_id, action, summary, changes, problems, source_version
				FROM wizard_items WHERE company_id = ? AND state = 'OPEN' ORDER BY direction, external_id, qb_id
				""").param(company).query().listOfRows();
	}

	@Test
	void eachCallPurgesAtMostOneBatch() {
		Instant now = Instant.now();
		// what other tests left past the cutoff on a database used before would be purged first
		while (this.purges.adminLoginFailures(now.minus(Duration.ofHours(1)), now, 1000) > 0) {
		}
		List<String> old = List.of(1, 2, 3, 4, 5)
			.stream()
			.map((i) -> aLoginFailure("admin_login_failures", now.minus(Duration.ofHours(2)), null))
			.toList();

		assertThat(this.purges.adminLoginFailures(now.minus(Duration.ofHours(1)), now, 2)).isEqualTo(2);
		assertThat(old.stream().filter((u) -> loginFailure("admin_login_failures", u))).hasSize(3);
		assertThat(this.purges.adminLoginFailures(now.minus(Duration.ofHours(1)), now, 10)).isEqualTo(3);
		assertThat(old.stream().filter((u) -> loginFailure("admin_login_failures", u))).isEmpty();
	}

	/** What the admin sees: the Sync Report's three tabs and chart, Unsynced Entities and the audit trail. */
	private Map<String, Object> reports(TestCompany company) {
		Map<String, Object> all = new LinkedHashMap<>();
		for (String path : List.of("/syncs?state=PENDING", "/syncs?state=SUCCEEDED", "/syncs?state=FAILED",
				"/syncs/per-day", "/unsynced", "/wizard/decisions")) {
			all.put(path, api().get().uri("/api/companies/{id}" + path, company.id()).retrieve().body(Object.class));
		}
		return all;
	}

	private long aDocument(long company, String state, Instant answeredAt) {
		this.jdbc.sql("""
				INSERT INTO outbox_documents (company_id, state, source, qbxml_version, request, response, created_at,
					sent_at, answered_at)
				VALUES (?, ?, 'test', '13.0', '<?xml version="1.0"?><QBXML/>', '<QBXML/>', ?, ?, ?)
				""")
			.params(company, state, Timestamp.from(answeredAt), Timestamp.from(answeredAt), Timestamp.from(answeredAt))
			.update();
		return single("SELECT MAX(id) FROM outbox_documents WHERE company_id = ?", company);
	}

	private void aPendingItem(long company, long document, Instant now) {
		this.jdbc.sql("""
				INSERT INTO wizard_items (company_id, direction, object_type, action, state, summary, changes, problems,
					document_id, created_at, updated_at)
				VALUES (?, 'EXPORT', 'Customer', 'ADD', 'PENDING', 'Waiting on an old document', '[]', '[]', ?, ?, ?)
				""")
			.params(company, document, Timestamp.from(now), Timestamp.from(now))
			.update();
	}

	private long aSession(long company, String state, Instant lastSeen, String qbxmlVersion) {
		byte[] random = new byte[32];
		ThreadLocalRandom.current().nextBytes(random);
		String hash = HexFormat.of().formatHex(random);
		this.jdbc.sql("""
				INSERT INTO webconnector_sessions (ticket_hash, company_id, state, started_at, last_seen_at, ended_at,
					qbxml_version)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				""")
			.params(hash, company, state, Timestamp.from(lastSeen), Timestamp.from(lastSeen),
					state.equals("OPEN") ? null : Timestamp.from(lastSeen), qbxmlVersion)
			.update();
		return single("SELECT id FROM webconnector_sessions WHERE ticket_hash = ?", hash);
	}

	private String aLoginFailure(String table, Instant first, Instant lockedUntil) {
		String username = TestCompanies.uniqueUsername("ret");
		this.jdbc.sql("INSERT INTO " + table
				+ " (username, address, failures, first_failure_at, locked_until) VALUES (?, '203.0.113.5', 2, ?, ?)")
			.params(username, Timestamp.from(first), (lockedUntil != null) ? Timestamp.from(lockedUntil) : null)
			.update();
		return username;
	}

	/** A real execution (of the session expiry job), then set to the status and age wanted. */
	private long anExecution(BatchStatus status, Duration age, Instant now) {
		long id = this.jobOperator.startNextInstance(this.expire).getId();
		this.jdbc.sql("UPDATE BATCH_JOB_EXECUTION SET STATUS = ?, EXIT_CODE = ? WHERE JOB_EXECUTION_ID = ?")
			.params(status.name(), status.name(), id)
			.update();
		ageExecution(id, age, now);
		return id;
	}

	private void ageExecution(long id, Duration age, Instant now) {
		Timestamp at = Timestamp.from(now.minus(age));
		this.jdbc.sql("""
				UPDATE BATCH_JOB_EXECUTION SET CREATE_TIME = ?, START_TIME = ?, END_TIME = ?, LAST_UPDATED = ?
				WHERE JOB_EXECUTION_ID = ?
				""").params(at, at, at, at, id).update();
	}

	private void age(String sql, Duration age, Instant now, long id) {
		Timestamp at = Timestamp.from(now.minus(age));
		this.jdbc.sql(sql).params(at, at, id).update();
	}

	private boolean executionGone(long execution) {
		return count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?", execution) == 0
				&& count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = ?", execution) == 0
				&& count("SELECT COUNT(*) FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID = ?", execution) == 0
				&& count("SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?", execution) == 0;
	}

	private String body(long document) {
		return this.jdbc.sql("""
				SELECT CASE WHEN request = '' AND response IS NULL AND bodies_purged_at IS NOT NULL THEN 'purged'
					WHEN request <> '' AND bodies_purged_at IS NULL THEN 'kept' ELSE 'inconsistent' END
				FROM outbox_documents WHERE id = ?
				""").param(document).query(String.class).single();
	}

	private boolean exists(String table, long id) {
		return count("SELECT COUNT(*) FROM " + table + " WHERE id = ?", id) == 1;
	}

	private boolean loginFailure(String table, String username) {
		return count("SELECT COUNT(*) FROM " + table + " WHERE username = ?", username) == 1;
	}

	private long count(String sql, Object param) {
		return this.jdbc.sql(sql).param(param).query(Long.class).single();
	}

	private long single(String sql, Object param) {
		return this.jdbc.sql(sql).param(param).query(Long.class).single();
	}

	private List<Long> list(String sql, Object param) {
		return this.jdbc.sql(sql).param(param).query(Long.class).list();
	}

	private static Job job(List<Job> jobs, String name) {
		return jobs.stream().filter((j) -> j.getName().equals(name)).findFirst().orElseThrow();
	}

}
