package io.qbsync.release;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Starts the release of a company's approved export items: after an approval or a Resync ({@link ReleaseOnEvents}),
 * before a Web Connector session asks for its next document (where a parent that reached QuickBooks frees its
 * children), and on the schedule. Must be called outside a transaction (a job cannot start inside one). Two releases
 * of one company at once are safe: each item goes to one of them only.
 */
@Service
public class ReleaseService {

	private static final Logger log = LoggerFactory.getLogger(ReleaseService.class);

	/** Written for this version until a session has told us what the company's QuickBooks reads. */
	static final QbxmlVersion FIRST_GUESS = QbxmlVersion.of(13, 0);

	private final JobOperator jobOperator;

	private final Job releaseJob;

	private final ItemTransitions items;

	private final ItemQueries queries;

	private final CompanyService companies;

	private final AgreedVersions agreed;

	private final Clock clock;

	ReleaseService(JobOperator jobOperator, @Qualifier("releaseApprovedChangesJob") Job releaseJob,
			ItemTransitions items, ItemQueries queries, CompanyService companies, AgreedVersions agreed, Clock clock) {
		this.jobOperator = jobOperator;
		this.releaseJob = releaseJob;
		this.items = items;
		this.queries = queries;
		this.companies = companies;
		this.agreed = agreed;
		this.clock = clock;
	}

	/** Releases what is ready now; answers the job execution, or empty when nothing was ready. */
	public Optional<JobExecution> release(long companyId) {
		this.items.releaseStaleBlocks(companyId, this.clock.instant());
		if (!this.queries.hasReleasable(companyId, this.clock.instant())) {
			return Optional.empty();
		}
		Company company = this.companies.get(companyId);
		try {
			JobExecution execution = this.jobOperator.start(this.releaseJob,
					new JobParametersBuilder().addLong("companyId", companyId)
						.addString("run", UUID.randomUUID().toString())
						.addString("qbxmlVersion", version(company).toString(), false)
						.toJobParameters());
			log.info("Release for company {}: execution {} {}", companyId, execution.getId(), execution.getStatus());
			return Optional.of(execution);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The release for company " + companyId + " could not start", ex);
		}
	}

	/**
	 * The qbXML version to write in: the one agreed in the company's latest session (QuickBooks told us what it reads),
	 * else 13.0 (read by every QuickBooks qbsync supports), or the company's setting if lower.
	 */
	QbxmlVersion version(Company company) {
		Optional<QbxmlVersion> agreed = this.agreed.latest(company.id());
		if (agreed.isPresent()) {
			return agreed.get();
		}
		QbxmlVersion cap = QbxmlVersion.parse(company.qbxmlVersion()).orElse(FIRST_GUESS);
		return (cap.compareTo(FIRST_GUESS) < 0) ? cap : FIRST_GUESS;
	}

}
