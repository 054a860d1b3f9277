package io.qbsync.schedule;

import java.util.List;
import java.util.Map;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node with no broker configured (as every other test and {@code spring-boot:run} on a laptop): the fan-out jobs
 * split the companies into partitions and run them on this node's threads, nothing listens to RabbitMQ, and the
 * health endpoint has no broker to be down about.
 */
class LocalPartitionsTests extends IntegrationTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	@Qualifier("scanAllCompaniesJob")
	Job scanAll;

	@Test
	void withNoBrokerTheHealthIsUpAndNothingListensToRabbitMq() {
		ResponseEntity<Map> health = anonymous().get().uri("/actuator/health").retrieve().toEntity(Map.class);

		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).containsEntry("status", "UP");
		assertThat((Map<String, Object>) health.getBody().get("components")).doesNotContainKey("rabbit");
		assertThat(this.context.getBeansOfType(SimpleMessageListenerContainer.class)).isEmpty();
		assertThat(this.context.getBean(ClusterSettings.class).rabbitmq()).isFalse();
	}

	@Test
	void scanAllCompaniesRunsItsPartitionsOnThisNode() throws Exception {
		TestCompany first = TestCompanies.create(api(), "Local Partitions A");
		TestCompany second = TestCompanies.create(api(), "Local Partitions B");
		put(first, "L-1", "Local One");
		put(second, "L-2", "Local Two");

		JobExecution execution = this.jobOperator.startNextInstance(this.scanAll);

		assertThat(execution.getStatus()).as("%s", execution.getExitStatus()).isEqualTo(BatchStatus.COMPLETED);
		List<StepExecution> partitions = this.jobRepository.getJobExecution(execution.getId())
			.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith("scan-company:partition"))
			.toList();
		String node = this.context.getBean(ClusterSettings.class).nodeName();
		assertThat(partitions).isNotEmpty().allSatisfy((partition) -> {
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partition.getExecutionContext().getString(CompanyPartitions.NODE)).isEqualTo(node);
		});
		assertThat(partitions.stream().flatMap((p) -> PartitionFixture.companiesOf(p).stream()))
			.as("companies of the partitions")
			.contains(first.id(), second.id())
			.doesNotHaveDuplicates();
		for (TestCompany company : List.of(first, second)) {
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'OPEN'")
				.param(company.id())
				.query(Long.class)
				.single()).as("open items of %s", company.name()).isEqualTo(1);
		}
	}

	private void put(TestCompany company, String externalId, String name) {
		ResponseEntity<String> response = api().put()
			.uri("/api/companies/{id}/records/customers/{externalId}", company.id(), externalId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name))
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
	}

}
