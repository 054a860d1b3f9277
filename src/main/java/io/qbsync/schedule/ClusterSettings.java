package io.qbsync.schedule;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the fan-out jobs (scan and reconcile every company) split their companies, and where the parts run: on this
 * node's threads, or on every node of a cluster through RabbitMQ.
 *
 * @param rabbitmq {@code false} (the default): one node, its partitions run on its own threads and no broker is
 * needed; {@code true}: partitions are sent to {@link #queue} on the RabbitMQ server of {@code spring.rabbitmq.*}, and
 * every node takes them from there
 * @param gridSize how many partitions a fan-out job splits the companies into (by company id, in order)
 * @param workerThreads how many partitions this node runs at once
 * @param queue the RabbitMQ queue the partitions go through (every node of one cluster names the same queue)
 * @param pollInterval how often the node that started a fan-out job looks in the job repository for finished
 * partitions
 * @param partitionTimeout how long it waits for them all before the job fails (a restart then runs only the
 * partitions that did not complete)
 * @param restarts how many times a scheduled fan-out job that failed in its partitions is restarted straight away
 * (only the partitions that did not complete run again); 0 leaves it failed, for a restart by hand or the next run
 * @param nodeName this node's name, written into each partition it runs (host name and process id by default)
 */
@ConfigurationProperties("qbsync.cluster")
public record ClusterSettings(@DefaultValue("false") boolean rabbitmq, @DefaultValue("8") int gridSize,
		@DefaultValue("2") int workerThreads, @DefaultValue("qbsync.partitions") String queue,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("6h") Duration partitionTimeout,
		@DefaultValue("2") int restarts, @Nullable String nodeName) {

	public ClusterSettings {
		if (gridSize < 1 || workerThreads < 1 || restarts < 0) {
			throw new IllegalArgumentException(
					"qbsync.cluster.grid-size and worker-threads must be at least 1, and restarts at least 0");
		}
		if (nodeName == null || nodeName.isBlank()) {
			nodeName = ManagementFactory.getRuntimeMXBean().getName();
		}
	}

}
