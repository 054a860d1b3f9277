package io.qbsync.wizard;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A scan that fails half-way and is restarted ends with the same items as one that never failed. */
class ScanRestartTests extends IntegrationTest {

	/** Two chunks and a part of a third. */
	private static final int RECORDS = ScanJobConfiguration.CHUNK * 2 + ScanJobConfiguration.CHUNK / 4;

	/** Half-way into the second chunk. */
	private static final String POISON = "P-" + (ScanJobConfiguration.CHUNK + ScanJobConfiguration.CHUNK / 2);

	@Autowired
	ScanService scans;

	@Autowired
	WizardItems items;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aFailedScanRestartsWhereItsLastChunkCommitted() {
		TestCompany broken = TestCompanies.create(api(), "Restart Scan");
		TestCompany clean = TestCompanies.create(api(), "Clean Scan");
		load(broken);
		load(clean);
		String good = this.jdbc.sql("SELECT data FROM singleops_records WHERE company_id = ? AND external_id = ?")
			.params(broken.id(), POISON)
			.query(String.class)
			.single();
		// a record that cannot be read stops the scan in its second chunk
		this.jdbc.sql("UPDATE singleops_records SET data = '{\"broken' WHERE company_id = ? AND external_id = ?")
			.params(broken.id(), POISON)
			.update();

		JobExecution failed = this.scans.scan(broken.id());

		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(this.items.countOpen(broken.id())).isEqualTo(ScanJobConfiguration.CHUNK);

		this.jdbc.sql("UPDATE singleops_records SET data = ? WHERE company_id = ? AND external_id = ?")
			.params(good, broken.id(), POISON)
			.update();
		JobExecution restarted = this.scans.restart(broken.id(), failed);

		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
		assertThat(this.scans.scan(clean.id()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(summaries(broken)).hasSize(RECORDS).isEqualTo(summaries(clean));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ?")
			.param(broken.id())
			.query(Long.class)
			.single()).isEqualTo(RECORDS);
	}

	private Set<String> summaries(TestCompany company) {
		return this.items.open(company.id()).stream().map(WizardItem::summary).collect(Collectors.toSet());
	}

	private void load(TestCompany company) {
		StringBuilder ndjson = new StringBuilder();
		for (int i = 0; i < RECORDS; i++) {
			ndjson.append("{\"type\": \"customers\", \"externalId\": \"P-").append(i)
				.append("\", \"record\": {\"name\": \"Property ").append(i).append("\"}}\n");
		}
		ResponseEntity<String> response = api().post()
			.uri("/api/companies/{id}/records:bulk", company.id())
			.contentType(MediaType.parseMediaType("application/x-ndjson"))
			.body(ndjson.toString())
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
		assertThat(List.of(response.getBody())).allSatisfy((b) -> assertThat(b).contains("\"accepted\":" + RECORDS));
	}

}
