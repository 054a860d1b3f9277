package io.qbsync.schedule;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.core.GenericHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * A partition request from RabbitMQ, run by one node at a time. A node runs a partition while holding a MariaDB named
 * lock on it, on a connection of its own; MariaDB lets the lock go when that connection ends, so it lives exactly as
 * long as the node that runs the partition. When a node dies (killed, its machine gone), RabbitMQ hands its
 * unacknowledged request to another node, which takes the lock and goes on from the partition's first company not
 * done (Spring Batch's worker runs a step execution it is given whatever its status, and this one is still STARTED).
 * When a request comes again while its first node is alive (that node's connection to RabbitMQ broke and came back),
 * the second node waits for the lock, then finds the partition ended and drops the request. A request for a partition
 * that has ended, or no longer exists, is dropped.
 */
final class PartitionTurns implements GenericHandler<StepExecutionRequest> {

	private static final Logger log = LoggerFactory.getLogger(PartitionTurns.class);

	/** One wait for the lock, in seconds; between waits the node checks whether it is shutting down. */
	private static final int WAIT = 5;

	/** Named locks are server-wide: the database's name keeps two qbsync databases on one server apart. */
	private static final String LOCK = """
			SELECT COALESCE(GET_LOCK(CONCAT(DATABASE(), '.partition.', ?), ?), -1)
			""";

	private static final String UNLOCK = """
			DO RELEASE_LOCK(CONCAT(DATABASE(), '.partition.', ?))
			""";

	private final DataSource dataSource;

	private final JobRepository jobRepository;

	private final CompanyPartitions partitions;

	private final MessageChannel worker;

	PartitionTurns(DataSource dataSource, JobRepository jobRepository, CompanyPartitions partitions,
			MessageChannel worker) {
		this.dataSource = dataSource;
		this.jobRepository = jobRepository;
		this.partitions = partitions;
		this.worker = worker;
	}

	/** Runs the request's partition on this thread, unless it has ended; waits while another node runs it. */
	@Override
	public Object handle(StepExecutionRequest request, MessageHeaders headers) {
		long id = request.getStepExecutionId();
		try (Connection connection = this.dataSource.getConnection()) {
			JdbcClient own = JdbcClient.create(new SingleConnectionDataSource(connection, true));
			int locked;
			while ((locked = own.sql(LOCK).params(id, WAIT).query(Integer.class).single()) == 0) {
				log.info("{} waits: another node runs its partition", request);
				if (this.partitions.stopping()) {
					// back to the queue: with requeue-rejected off, an exception alone would drop it
					throw new ImmediateRequeueAmqpException("This node is shutting down; " + request + " goes back");
				}
			}
			if (locked != 1) {
				throw new IllegalStateException("MariaDB could not lock the partition of " + request);
			}
			try {
				if (stillToRun(request)) {
					this.worker.send(MessageBuilder.withPayload(request).copyHeaders(headers).build());
				}
			}
			finally {
				own.sql(UNLOCK).param(id).update();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("No connection to lock the partition of " + request, ex);
		}
		return null;
	}

	private boolean stillToRun(StepExecutionRequest request) {
		StepExecution partition = this.jobRepository.getStepExecution(request.getStepExecutionId());
		if (partition == null || !partition.getStatus().isRunning()) {
			log.warn("{} dropped: its partition is {}", request, (partition != null) ? partition.getStatus() : "gone");
			return false;
		}
		return true;
	}

}
