package io.qbsync.webconnector;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.qbsync.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code expire-webconnector-sessions} job against the database: stale sessions end, fresh ones stay. */
class ExpireSessionsJobTests extends IntegrationTest {

	private final JdbcClient jdbc;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final WebConnectorSettings settings;

	ExpireSessionsJobTests(@Autowired JdbcClient jdbc, @Autowired JobOperator jobOperator,
			@Autowired JobRepository jobRepository, @Autowired List<Job> jobs,
			@Autowired WebConnectorSettings settings) {
		this.jdbc = jdbc;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = jobs.stream()
			.filter((j) -> j.getName().equals(ExpireSessionsJobConfiguration.JOB_NAME))
			.findFirst()
			.orElseThrow();
		this.settings = settings;
	}

	@Test
	void expiresQuietSessionsAndMarksTheirSentDocumentsUncertain() {
		Instant now = Instant.now();
		long company = aCompany(now);
		long stale = anOpenSession(company, now.minus(this.settings.sessionTimeout()).minus(Duration.ofMinutes(10)));
		long staleDocument = aSentDocument(company, stale, now.minus(Duration.ofHours(1)));
		long fresh = anOpenSession(company, now);
		long freshDocument = aSentDocument(company, fresh, now);

		JobExecution execution = this.jobOperator.startNextInstance(this.job);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(sessionState(stale)).isEqualTo("EXPIRED");
		assertThat(this.jdbc.sql("SELECT ended_at FROM webconnector_sessions WHERE id = ?")
			.param(stale)
			.query(Timestamp.class)
			.single()).isNotNull();
		assertThat(documentState(staleDocument)).isEqualTo("UNCERTAIN");
		assertThat(this.jdbc.sql("SELECT message FROM outbox_documents WHERE id = ?")
			.param(staleDocument)
			.query(String.class)
			.single()).isNotBlank();
		assertThat(sessionState(fresh)).isEqualTo("OPEN");
		assertThat(documentState(freshDocument)).isEqualTo("SENT");

		JobExecution stored = this.jobRepository.getJobExecution(execution.getId());
		assertThat(stored.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(stored.getStepExecutions()).singleElement().satisfies((step) -> {
			assertThat(step.getStepName()).isEqualTo(ExpireSessionsJobConfiguration.STEP_NAME);
			assertThat(step.getWriteCount()).isGreaterThanOrEqualTo(1);
			assertThat(expiredCount(step)).isEqualTo(step.getWriteCount());
		});
	}

	@Test
	void aRunWithNothingStaleCompletesWithACountOfZeroAndTouchesNothing() {
		Instant now = Instant.now();
		long company = aCompany(now);
		long fresh = anOpenSession(company, now);
		this.jobOperator.startNextInstance(this.job);

		JobExecution execution = this.jobOperator.startNextInstance(this.job);

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(sessionState(fresh)).isEqualTo("OPEN");
		StepExecution step = this.jobRepository.getJobExecution(execution.getId())
			.getStepExecutions()
			.iterator()
			.next();
		assertThat(step.getWriteCount()).isZero();
		assertThat(expiredCount(step)).isZero();
	}

	private static long expiredCount(StepExecution step) {
		return step.getExecutionContext().getLong(ExpireSessionsJobConfiguration.EXPIRED_COUNT);
	}

	private long aCompany(Instant now) {
		String username = "expire-" + UUID.randomUUID().toString().substring(0, 18);
		this.jdbc.sql("""
				INSERT INTO companies (name, wc_username, wc_password_hash, company_file, qbxml_version, owner_id,
					file_id, run_every_minutes, created_at, updated_at, password_changed_at)
				VALUES (:name, :username, 'not-a-hash', '', '16.0', :owner, :file, 15, :now, :now, :now)
				""")
			.param("name", "Expire Sessions " + username)
			.param("username", username)
			.param("owner", "{" + UUID.randomUUID() + "}")
			.param("file", "{" + UUID.randomUUID() + "}")
			.param("now", Timestamp.from(now))
			.update();
		return this.jdbc.sql("SELECT id FROM companies WHERE wc_username = ?")
			.param(username)
			.query(Long.class)
			.single();
	}

	private long anOpenSession(long company, Instant lastSeen) {
		byte[] random = new byte[32];
		ThreadLocalRandom.current().nextBytes(random);
		String ticketHash = HexFormat.of().formatHex(random);
		this.jdbc.sql("""
				INSERT INTO webconnector_sessions (ticket_hash, company_id, state, started_at, last_seen_at,
					documents_sent)
				VALUES (:hash, :company, 'OPEN', :seen, :seen, 1)
				""")
			.param("hash", ticketHash)
			.param("company", company)
			.param("seen", Timestamp.from(lastSeen))
			.update();
		return this.jdbc.sql("SELECT id FROM webconnector_sessions WHERE ticket_hash = ?")
			.param(ticketHash)
			.query(Long.class)
			.single();
	}

	private long aSentDocument(long company, long session, Instant sentAt) {
		this.jdbc.sql("""
				INSERT INTO outbox_documents (company_id, state, source, qbxml_version, request, session_id,
					created_at, sent_at)
				VALUES (:company, 'SENT', 'test', '16.0', '<?xml version="1.0"?><QBXML/>', :session, :sent, :sent)
				""")
			.param("company", company)
			.param("session", session)
			.param("sent", Timestamp.from(sentAt))
			.update();
		return this.jdbc.sql("SELECT MAX(id) FROM outbox_documents WHERE session_id = ?")
			.param(session)
			.query(Long.class)
			.single();
	}

	private String sessionState(long id) {
		return this.jdbc.sql("SELECT state FROM webconnector_sessions WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
	}

	private String documentState(long id) {
		return this.jdbc.sql("SELECT state FROM outbox_documents WHERE id = ?").param(id).query(String.class).single();
	}

}
