package io.qbsync.web;

import java.util.regex.Pattern;

import io.qbsync.schedule.ClusterSettings;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import static org.assertj.core.api.Assertions.assertThat;

/** A company's Jobs page also lists the runs for every company, each partition with the node that ran it. */
class FanOutJobsPageTests extends IntegrationTest {

	@Autowired
	JobOperator jobOperator;

	@Autowired
	@Qualifier("scanAllCompaniesJob")
	Job scanAll;

	@Autowired
	ClusterSettings settings;

	@Test
	void theScanOfEveryCompanyIsListedWithItsPartitionsAndTheNodeOfEach() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Fan Out Shown");
		JobExecution run = this.jobOperator.startNextInstance(this.scanAll);
		assertThat(run.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();

		String page = admin.open("/companies/" + company.id() + "/jobs").body();

		String row = page.substring(page.indexOf("id=\"execution-" + run.getId() + "\""));
		row = row.substring(0, row.indexOf("</tr>"));
		assertThat(row).contains("Scan of every company", "Finished")
			.containsPattern("Partition \\d+, on " + Pattern.quote(this.settings.nodeName()) + ": \\d+ companies, \\d+ done")
			.doesNotContain("Restart");
	}

}
