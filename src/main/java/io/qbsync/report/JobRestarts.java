package io.qbsync.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.qbsync.system.InvalidInputException;
import io.qbsync.wizard.ScanService;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Restarts a failed or stopped job execution, the one way for the REST API and the Jobs page: only what failed or
 * never ran runs again (a company's scan also takes that company's scan turn, so it never runs beside another).
 */
@Service
public class JobRestarts {

	private final JobOperator operator;

	private final JobRepository repository;

	private final ScanService scans;

	JobRestarts(JobOperator operator, JobRepository repository, ScanService scans) {
		this.operator = operator;
		this.repository = repository;
		this.scans = scans;
	}

	/** The execution, or empty when there is none of that id (never run, or purged since). */
	public Optional<JobExecution> find(long id) {
		try {
			return Optional.ofNullable(this.repository.getJobExecution(id));
		}
		catch (EmptyResultDataAccessException ex) {
			// the JDBC job repository reads an execution that is not there as an empty result, not as null
			return Optional.empty();
		}
	}

	/** Answers the new execution; refuses (nothing changed) one that is not failed or stopped, or cannot restart. */
	public JobExecution restart(JobExecution failed) {
		BatchStatus status = failed.getStatus();
		if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "Only a failed or stopped job can be restarted, and "
					+ "this one is " + status.name().toLowerCase(Locale.ROOT) + ". Nothing was changed.", List.of());
		}
		Long companyId = failed.getJobParameters().getLong("companyId");
		try {
			if (ScanService.JOB_NAME.equals(failed.getJobInstance().getJobName()) && companyId != null) {
				return this.scans.restart(companyId, failed);
			}
			return this.operator.restart(failed);
		}
		catch (InvalidInputException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "It could not be restarted: " + reason(ex)
					+ ". Nothing was changed.", List.of());
		}
	}

	private static String reason(Exception ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return message.replaceAll("\\.$", "");
	}

}
