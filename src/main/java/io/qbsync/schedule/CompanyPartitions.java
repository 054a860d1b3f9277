package io.qbsync.schedule;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.system.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilderFactory;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilderFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.MessageChannel;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of a fan-out job (scan or reconcile every company): a manager step splits the companies by id into
 * {@code qbsync.cluster.grid-size} partitions, and a worker step does each company of a partition in turn, outside
 * the step's transaction (Spring Batch refuses to start a job inside another job's transaction). Each company is one
 * chunk: the partition's context keeps how far it got, so a partition run again (a restart, or a node that died)
 * goes on from the first company not done. Partitions run on this node's threads, or, in a cluster, go through
 * RabbitMQ to whichever node takes them, and the manager follows them in the job repository.
 */
public final class CompanyPartitions implements ApplicationListener<ContextClosedEvent> {

	/** A partition's context: its company ids, in order, comma-separated. */
	public static final String COMPANIES = "companies";

	/** A partition's context: how many of its companies are done. */
	public static final String DONE = "done";

	/** A partition's context: the node that ran it last. */
	public static final String NODE = "node";

	private static final Logger log = LoggerFactory.getLogger(CompanyPartitions.class);

	private final JobRepository jobRepository;

	private final PlatformTransactionManager tx;

	private final CompanyService companies;

	private final ClusterSettings settings;

	private final @Nullable Remote remote;

	/** The names of the manager steps made here. */
	private final Set<String> managers = ConcurrentHashMap.newKeySet();

	/** Set as the node begins to shut down: its partitions stop before their next company. */
	private volatile boolean stopping;

	/** The cluster's side: the builders of Spring Batch Integration, and the channels to and from RabbitMQ. */
	record Remote(RemotePartitioningManagerStepBuilderFactory managers,
			RemotePartitioningWorkerStepBuilderFactory workers, MessageChannel requests, MessageChannel incoming) {
	}

	CompanyPartitions(JobRepository jobRepository, PlatformTransactionManager tx, CompanyService companies,
			ClusterSettings settings, @Nullable Remote remote) {
		this.jobRepository = jobRepository;
		this.tx = tx;
		this.companies = companies;
		this.settings = settings;
		this.remote = remote;
	}

	/**
	 * The worker step, to be a bean named {@code name} (a node finds it by that name). {@code action} answers whether
	 * it did its work for the company; the companies it did are the step's write count.
	 */
	public Step worker(String name, Predicate<Company> action) {
		Tasklet tasklet = tasklet(action);
		if (this.remote == null) {
			return new StepBuilder(name, this.jobRepository).tasklet(tasklet, this.tx).build();
		}
		return this.remote.workers().get(name).inputChannel(this.remote.incoming()).tasklet(tasklet, this.tx).build();
	}

	/** The manager step: splits the companies and waits until every partition has run. */
	public Step manager(String name, Step worker) {
		this.managers.add(name);
		if (this.remote == null) {
			SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(name + "-");
			threads.setConcurrencyLimit(this.settings.workerThreads());
			return new StepBuilder(name, this.jobRepository).partitioner(worker.getName(), partitioner())
				.step(worker)
				.gridSize(this.settings.gridSize())
				.taskExecutor(threads)
				.build();
		}
		return this.remote.managers()
			.get(name)
			.partitioner(worker.getName(), partitioner())
			.gridSize(this.settings.gridSize())
			.outputChannel(this.remote.requests())
			.pollInterval(this.settings.pollInterval().toMillis())
			.timeout(this.settings.partitionTimeout().toMillis())
			.build();
	}

	/** Whether the execution failed in a manager step made here: one of its partitions did not complete. */
	boolean failedInPartitions(JobExecution execution) {
		JobExecution stored = this.jobRepository.getJobExecution(execution.getId());
		return stored != null && stored.getStatus() == BatchStatus.FAILED && stored.getStepExecutions()
			.stream()
			.anyMatch((step) -> step.getStatus() == BatchStatus.FAILED && this.managers.contains(step.getStepName()));
	}

	/**
	 * The node is shutting down: a partition it runs fails before its next company (the one it is on finishes), so
	 * that a restart goes on from there, on whichever node takes it.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.stopping = true;
	}

	boolean stopping() {
		return this.stopping;
	}

	/** Splits the companies, ordered by id, into at most {@code gridSize} runs of consecutive ids. */
	Partitioner partitioner() {
		return (gridSize) -> {
			List<Long> ids = this.companies.list().stream().map(Company::id).sorted().toList();
			int parts = Math.max(1, Math.min(gridSize, ids.size()));
			Map<String, ExecutionContext> partitions = new HashMap<>();
			for (int i = 0; i < parts; i++) {
				List<Long> part = ids.subList(i * ids.size() / parts, (i + 1) * ids.size() / parts);
				ExecutionContext context = new ExecutionContext();
				context.putString(COMPANIES, part.stream().map(String::valueOf).collect(Collectors.joining(",")));
				context.putInt(DONE, 0);
				partitions.put("partition" + i, context);
			}
			return partitions;
		};
	}

	private Tasklet tasklet(Predicate<Company> action) {
		TransactionTemplate outsideTransaction = new TransactionTemplate(this.tx);
		outsideTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		return (contribution, chunk) -> {
			StepExecution step = chunk.getStepContext().getStepExecution();
			ExecutionContext context = step.getExecutionContext();
			long[] ids = ids(context.getString(COMPANIES, ""));
			int done = context.getInt(DONE, 0);
			// each company: a partition redelivered after its node died names the node that goes on with it
			context.putString(NODE, this.settings.nodeName());
			if (step.getReadCount() == 0) {
				context.putLong(Progress.TOTAL, ids.length - done);
				log.info("{} runs on {}: {} of its {} companies to do", step.getStepName(), this.settings.nodeName(),
						ids.length - done, ids.length);
			}
			if (done >= ids.length) {
				return RepeatStatus.FINISHED;
			}
			if (this.stopping) {
				throw new IllegalStateException(this.settings.nodeName() + " is shutting down: " + step.getStepName()
						+ " stopped after " + done + " of its " + ids.length + " companies; a restart goes on from there");
			}
			Optional<Company> company = find(ids[done]);
			if (company.isPresent()
					&& Boolean.TRUE.equals(outsideTransaction.execute((status) -> action.test(company.get())))) {
				contribution.incrementWriteCount(1);
			}
			contribution.incrementReadCount();
			context.putInt(DONE, done + 1);
			return RepeatStatus.continueIf(done + 1 < ids.length);
		};
	}

	/** The company, or none if it was deleted since the companies were split. */
	private Optional<Company> find(long id) {
		try {
			return Optional.of(this.companies.get(id));
		}
		catch (NotFoundException ex) {
			return Optional.empty();
		}
	}

	private static long[] ids(String companies) {
		return companies.isEmpty() ? new long[0]
				: Arrays.stream(companies.split(",")).mapToLong(Long::parseLong).toArray();
	}

}
