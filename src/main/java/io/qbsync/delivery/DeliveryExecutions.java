package io.qbsync.delivery;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.qbsync.delivery.DeliveryCounts.Counts;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Spring Batch job execution that stands for one Web Connector session's delivery: job
 * {@value #JOB_NAME}, one step {@value #STEP_NAME}, whose counts and context record what was sent and what came back
 * (read = requests sent, write = succeeded, process skips = failed; the context also has retried and the first
 * {@value #FAILED_ITEMS_LISTED} failed item ids). The session drives it, not a job launcher: it starts with the first
 * document sent and ends with the session. While it runs, its counts are kept in {@link DeliveryCounts}, one
 * statement a call, and go into the step when it ends ({@link #live} shows them before). A failed one is restarted
 * the Spring Batch way ({@code DeliveryJobConfiguration}).
 */
@Component
public class DeliveryExecutions {

	public static final String JOB_NAME = "deliver-to-quickbooks";

	public static final String STEP_NAME = "deliver";

	/** How many failed item ids a delivery's step context lists; Unsynced Entities has them all. */
	static final int FAILED_ITEMS_LISTED = 100;

	private final JobRepository repository;

	private final TransactionTemplate outsideTransaction;

	private final DeliveryCounts counts;

	private final RunningDeliveries running;

	private final Clock clock;

	DeliveryExecutions(JobRepository repository, PlatformTransactionManager tx, DeliveryCounts counts,
			RunningDeliveries running, Clock clock) {
		this.repository = repository;
		this.counts = counts;
		this.running = running;
		this.clock = clock;
		this.outsideTransaction = new TransactionTemplate(tx);
		this.outsideTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
	}

	/**
	 * The session's delivery, started now, or the one already begun for it. Batch creates job executions only outside
	 * a caller's transaction (its guard against starting a job inside one), so this one commits on its own, before
	 * the session's: when the session's call then rolls back and is run again (a deadlock), the job instance for the
	 * same company and session already exists, and the retry carries on with its execution. Two calls with the same
	 * ticket never get here at once: the caller holds the session's row lock.
	 */
	long begin(long companyId, long sessionId) {
		return this.outsideTransaction.execute((status) -> create(companyId, sessionId));
	}

	private long create(long companyId, long sessionId) {
		JobParameters parameters = new JobParametersBuilder().addLong("companyId", companyId)
			.addLong("sessionId", sessionId)
			.toJobParameters();
		JobExecution begun = this.repository.getLastJobExecution(JOB_NAME, parameters);
		if (begun != null) {
			return begun.getId();
		}
		JobInstance instance = this.repository.createJobInstance(JOB_NAME, parameters);
		JobExecution execution = this.repository.createJobExecution(instance, parameters, new ExecutionContext());
		execution.setStartTime(now());
		execution.setStatus(BatchStatus.STARTED);
		this.repository.update(execution);
		StepExecution step = this.repository.createStepExecution(STEP_NAME, execution);
		step.setStartTime(now());
		step.setStatus(BatchStatus.STARTED);
		this.repository.update(step);
		return execution.getId();
	}

	/**
	 * Adds to the delivery's counts: one statement in the caller's transaction, so they commit with what they count.
	 * Its step gets them when it ends. {@code failedItems}: the ids of the {@code failed} items.
	 */
	void count(long executionId, int sent, int succeeded, int failed, int retried, List<Long> failedItems) {
		this.counts.add(executionId, sent, succeeded, failed, retried, failedItems);
	}

	/** The session ended: the delivery COMPLETED, or FAILED when anything failed or was left without an answer. */
	void end(long executionId, boolean failed, String why) {
		JobExecution execution = this.repository.getJobExecution(executionId);
		if (execution == null || !execution.isRunning()) {
			return;
		}
		StepExecution step = step(execution);
		BatchStatus status = failed ? BatchStatus.FAILED : BatchStatus.COMPLETED;
		ExitStatus exit = failed ? ExitStatus.FAILED.addExitDescription(why) : ExitStatus.COMPLETED;
		if (step != null) {
			Optional<Counts> counted = this.counts.take(executionId);
			counted.ifPresent((c) -> add(step, c));
			step.setStatus(status);
			step.setExitStatus(exit);
			step.setEndTime(now());
			this.repository.update(step);
			if (counted.isPresent()) {
				this.repository.updateExecutionContext(step);
			}
		}
		execution.setStatus(status);
		execution.setExitStatus(exit);
		execution.setEndTime(now());
		this.repository.update(execution);
	}

	/**
	 * Counts that came after their delivery's session (the answer to a lookup sent in a later session, for an Add
	 * whose answer was lost) go into its step now; those of a delivery no longer kept are dropped.
	 */
	void addLateCounts() {
		List<Long> counted = this.counts.executions();
		Set<Long> open = this.running.running(counted);
		for (long id : counted) {
			if (open.contains(id)) {
				continue;
			}
			Optional<Counts> late = this.counts.take(id);
			JobExecution execution = this.repository.getJobExecution(id);
			StepExecution step = (execution != null) ? step(execution) : null;
			if (late.isPresent() && step != null) {
				add(step, late.get());
				step.setLastUpdated(now());
				this.repository.update(step);
				this.repository.updateExecutionContext(step);
			}
		}
	}

	/**
	 * The execution as it stands: a running delivery's step with what it has counted so far (they go into the step
	 * itself when the delivery ends); any other execution as it is.
	 */
	public JobExecution live(JobExecution execution) {
		if (execution.isRunning() && JOB_NAME.equals(execution.getJobInstance().getJobName())) {
			StepExecution step = step(execution);
			if (step != null) {
				this.counts.find(execution.getId()).ifPresent((c) -> add(step, c));
			}
		}
		return execution;
	}

	/** Adds counts to the step as it keeps them: the first failed item ids listed in its context, the rest counted. */
	private static void add(StepExecution step, Counts counts) {
		step.setReadCount(step.getReadCount() + counts.sent());
		step.setWriteCount(step.getWriteCount() + counts.succeeded());
		step.setProcessSkipCount(step.getProcessSkipCount() + counts.failed());
		ExecutionContext context = step.getExecutionContext();
		context.putLong("sent", context.getLong("sent", 0) + counts.sent());
		context.putLong("succeeded", context.getLong("succeeded", 0) + counts.succeeded());
		context.putLong("failed", context.getLong("failed", 0) + counts.failed());
		context.putLong("retried", context.getLong("retried", 0) + counts.retried());
		if (counts.failed() > 0) {
			// the context is one row of BATCH_STEP_EXECUTION_CONTEXT: the first ids are listed, the rest only counted
			@SuppressWarnings("unchecked")
			List<Long> before = (List<Long>) context.get("failedItems");
			List<Long> listed = new ArrayList<>((before != null) ? before : List.of());
			int room = Math.max(0, FAILED_ITEMS_LISTED - listed.size());
			List<Long> failedItems = counts.failedItems();
			listed.addAll(failedItems.subList(0, Math.min(room, failedItems.size())));
			context.put("failedItems", listed);
			long unlisted = counts.failed() - Math.min(room, failedItems.size());
			if (unlisted > 0) {
				context.putLong("failedItemsNotListed", context.getLong("failedItemsNotListed", 0) + unlisted);
			}
		}
	}

	private static StepExecution step(JobExecution execution) {
		return execution.getStepExecutions().stream().findFirst().orElse(null);
	}

	/** Now, as Spring Batch's tables keep times. */
	LocalDateTime now() {
		return LocalDateTime.now(this.clock);
	}

}
