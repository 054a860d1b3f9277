package io.qbsync.schedule;

import java.util.List;

import javax.sql.DataSource;

import io.qbsync.company.CompanyService;

import org.springframework.amqp.core.AmqpTemplate;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.config.annotation.EnableBatchIntegration;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilderFactory;
import org.springframework.batch.integration.partition.RemotePartitioningWorkerStepBuilderFactory;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Where the partitions of the fan-out jobs run: on this node's threads ({@code qbsync.cluster.rabbitmq=false}, the
 * default, no broker needed), or on every node through one RabbitMQ queue ({@code qbsync.cluster.rabbitmq=true}).
 */
@Configuration(proxyBeanMethods = false)
class PartitioningConfiguration {

	@Bean
	@ConditionalOnProperty(name = "qbsync.cluster.rabbitmq", havingValue = "false", matchIfMissing = true)
	CompanyPartitions localCompanyPartitions(JobRepository jobRepository, PlatformTransactionManager tx,
			CompanyService companies, ClusterSettings settings) {
		return new CompanyPartitions(jobRepository, tx, companies, settings, null);
	}

	/**
	 * The cluster: the node that starts a fan-out job sends one message per partition to the queue, and every node
	 * (that one too) takes them one at a time per worker thread. A message is acknowledged only once its partition has
	 * run, so the partition of a node that dies goes back to the queue and on to another node, which takes it over;
	 * a partition runs on one node at a time ({@link PartitionTurns}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "qbsync.cluster.rabbitmq", havingValue = "true")
	@EnableBatchIntegration
	static class RabbitPartitioning {

		@Bean
		CompanyPartitions clusterCompanyPartitions(JobRepository jobRepository, PlatformTransactionManager tx,
				CompanyService companies, ClusterSettings settings, RemotePartitioningManagerStepBuilderFactory managers,
				RemotePartitioningWorkerStepBuilderFactory workers, DirectChannel partitionRequests,
				DirectChannel partitionsToRun) {
			return new CompanyPartitions(jobRepository, tx, companies, settings,
					new CompanyPartitions.Remote(managers, workers, partitionRequests, partitionsToRun));
		}

		@Bean
		Queue partitionQueue(ClusterSettings settings) {
			return new Queue(settings.queue(), true);
		}

		/** Partition requests (a step execution's id and step name) as Java-serialized messages, that class only. */
		@Bean
		MessageConverter partitionRequestConverter() {
			SimpleMessageConverter converter = new SimpleMessageConverter();
			converter.setAllowedListPatterns(List.of(StepExecutionRequest.class.getName(), "java.lang.*"));
			return converter;
		}

		@Bean
		DirectChannel partitionRequests() {
			return new DirectChannel();
		}

		@Bean
		DirectChannel partitionsToRun() {
			return new DirectChannel();
		}

		@Bean
		IntegrationFlow partitionRequestsToRabbit(DirectChannel partitionRequests, AmqpTemplate rabbit,
				ClusterSettings settings) {
			return IntegrationFlow.from(partitionRequests)
				.handle(Amqp.outboundAdapter(rabbit).routingKey(settings.queue()))
				.get();
		}

		@Bean
		SimpleMessageListenerContainer partitionListener(ConnectionFactory connections, ClusterSettings settings) {
			SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
			container.setQueueNames(settings.queue());
			container.setConcurrentConsumers(settings.workerThreads());
			// one partition at a time per thread: the others stay in the queue for the other nodes
			container.setPrefetchCount(1);
			// a request no node can run (its step execution is gone) is dropped, not redelivered forever
			container.setDefaultRequeueRejected(false);
			// a node shutting down lets the company a partition is on finish (the partition then fails, for a restart)
			container.setShutdownTimeout(30_000);
			return container;
		}

		/** Requests from the queue to the worker steps, each partition on one node at a time ({@link PartitionTurns}). */
		@Bean
		IntegrationFlow partitionsFromRabbit(SimpleMessageListenerContainer partitionListener,
				MessageConverter partitionRequestConverter, DirectChannel partitionsToRun, JobRepository jobRepository,
				DataSource dataSource, CompanyPartitions partitions) {
			return IntegrationFlow
				.from(Amqp.inboundAdapter(partitionListener).messageConverter(partitionRequestConverter))
				.handle(StepExecutionRequest.class,
						new PartitionTurns(dataSource, jobRepository, partitions, partitionsToRun))
				.get();
		}

	}

}
