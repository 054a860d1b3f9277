package io.qbsync.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.qbsync.report.JobRestarts;
import io.qbsync.support.TestBroker;
import io.qbsync.support.TestDatabase;
import io.qbsync.wizard.ScanService;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static io.qbsync.schedule.PartitionFixture.companiesByNode;
import static io.qbsync.schedule.PartitionFixture.companiesOf;
import static io.qbsync.schedule.PartitionFixture.partitions;
import static io.qbsync.schedule.PartitionFixture.reconcileAll;
import static io.qbsync.schedule.PartitionFixture.reload;
import static io.qbsync.schedule.PartitionFixture.scansPerCompany;
import static io.qbsync.schedule.PartitionFixture.wizardItems;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * reconcile-all-companies across two nodes (two application contexts) on one database and one RabbitMQ queue, beside a
 * single node with no broker on a database of its own holding the same companies: every company is scanned once per
 * run, the partitions run on both nodes, and the wizard ends up with exactly the items of the single node. Then one
 * node stops in the middle of a partition: the job fails, and its restart has the other node finish that partition
 * from the first company not done, still one scan per company and the same items.
 *
 * <p>
 * The second node runs one partition at a time, and can be told to stop at its next scan: it throws there (the
 * partition fails with the companies before it done) and closes itself, as a node that went away. Needs RabbitMQ
 * ({@link TestBroker}); the queue is this run's own and is deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemotePartitioningTests {

	private static final int COMPANIES = 200;

	private static final int CUSTOMERS = 3;

	private static final int GRID_SIZE = 8;

	/** The second node's scans still to do before it stops; not counting while negative. */
	private final AtomicInteger scansBeforeStop = new AtomicInteger(-1);

	private final String queue = TestBroker.uniqueQueue("qbsync.partitions.test");

	private JdbcClient clusterSql;

	private JdbcClient singleSql;

	private ConfigurableApplicationContext node1;

	private ConfigurableApplicationContext node2;

	private ConfigurableApplicationContext single;

	private List<Long> companies;

	@BeforeAll
	void startNodes() throws Exception {
		TestBroker.require();
		TestDatabase.Connection clusterDb = TestDatabase.freshDatabase("qbsync_partition_cluster");
		TestDatabase.Connection singleDb = TestDatabase.freshDatabase("qbsync_partition_single");
		this.clusterSql = JdbcClient
			.create(new DriverManagerDataSource(clusterDb.url(), clusterDb.username(), clusterDb.password()));
		this.singleSql = JdbcClient
			.create(new DriverManagerDataSource(singleDb.url(), singleDb.username(), singleDb.password()));
		List<String> grid = List.of("--qbsync.cluster.grid-size=" + GRID_SIZE);
		this.node1 = PartitionFixture.node("node-1", clusterDb, TestBroker.nodeArguments(this.queue), grid);
		this.node2 = PartitionFixture.node("node-2", clusterDb, TestBroker.nodeArguments(this.queue),
				List.of("--qbsync.cluster.grid-size=" + GRID_SIZE, "--qbsync.cluster.worker-threads=1"),
				stopsWhenTold());
		this.single = PartitionFixture.node("single", singleDb, List.of(), grid);
		this.companies = PartitionFixture.companies(this.node1, COMPANIES, CUSTOMERS);
		List<Long> same = PartitionFixture.companies(this.single, COMPANIES, CUSTOMERS);
		assertThat(same).as("the single node's companies").hasSize(COMPANIES);
	}

	@AfterAll
	void stopNodes() {
		try {
			for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { this.node1, this.node2,
					this.single }) {
				if (node != null && node.isActive()) {
					node.close();
				}
			}
		}
		finally {
			TestBroker.deleteQueues(this.queue);
		}
	}

	@Test
	@Order(1)
	void twoNodesReconcileEveryCompanyOnceWithTheItemsOfOneNode() throws Exception {
		long before = PartitionFixture.lastJobExecution(this.clusterSql);
		JobExecution cluster = reconcileAll(this.node1);
		JobExecution alone = reconcileAll(this.single);

		assertThat(cluster.getStatus()).as("the cluster's run: %s", cluster.getExitStatus())
			.isEqualTo(BatchStatus.COMPLETED);
		assertThat(alone.getStatus()).as("the single node's run: %s", alone.getExitStatus())
			.isEqualTo(BatchStatus.COMPLETED);
		List<StepExecution> partitions = partitions(reload(this.node1, cluster));
		assertThat(partitions).as("partitions").hasSize(GRID_SIZE).allSatisfy((partition) -> {
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partition.getWriteCount()).isEqualTo(companiesOf(partition).size());
		});
		assertThat(partitions.stream().flatMap((p) -> companiesOf(p).stream()))
			.as("the companies of all partitions together")
			.containsExactlyInAnyOrderElementsOf(this.companies);
		Map<String, Integer> split = companiesByNode(partitions);
		assertThat(split).as("companies by the node that reconciled them").containsOnlyKeys("node-1", "node-2");
		System.out.printf("RemotePartitioningTests: %d companies in %d partitions, by node: %s%n", COMPANIES,
				partitions.size(), describe(partitions));

		assertThat(scansPerCompany(this.clusterSql, before)).as("scans per company")
			.containsOnlyKeys(this.companies)
			.allSatisfy((company, scans) -> assertThat(scans).as("scans of company %d", company).isEqualTo(1));
		List<String> items = wizardItems(this.clusterSql);
		assertThat(items).as("wizard items").hasSize(COMPANIES * CUSTOMERS);
		assertThat(items).as("the cluster's wizard items against the single node's")
			.containsExactlyElementsOf(wizardItems(this.singleSql));
	}

	@Test
	@Order(2)
	void aPartitionWhoseNodeStoppedIsFinishedByTheOtherNodeOnRestart() throws Exception {
		long before = PartitionFixture.lastJobExecution(this.clusterSql);
		this.scansBeforeStop.set(3);
		JobExecution failed = reconcileAll(this.node1);

		assertThat(failed.getStatus()).as("the run the second node stopped in").isEqualTo(BatchStatus.FAILED);
		assertThat(this.node2.isActive()).as("the second node after stopping").isFalse();
		List<StepExecution> first = partitions(reload(this.node1, failed));
		List<StepExecution> broken = first.stream().filter((p) -> p.getStatus() != BatchStatus.COMPLETED).toList();
		assertThat(broken).as("partitions not completed").singleElement().satisfies((partition) -> {
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(partition.getExecutionContext().getString(CompanyPartitions.NODE)).isEqualTo("node-2");
			assertThat(partition.getExecutionContext().getInt(CompanyPartitions.DONE)).as("companies done").isEqualTo(3);
		});
		System.out.printf("RemotePartitioningTests: the run node-2 stopped in, by node: %s%n", describe(first));

		JobExecution restarted = this.node1.getBean(JobRestarts.class).restart(reload(this.node1, failed));

		assertThat(restarted.getStatus()).as("the restart: %s", restarted.getExitStatus())
			.isEqualTo(BatchStatus.COMPLETED);
		List<StepExecution> rerun = partitions(reload(this.node1, restarted));
		assertThat(rerun).as("partitions run again").singleElement().satisfies((partition) -> {
			assertThat(partition.getStepName()).isEqualTo(broken.get(0).getStepName());
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partition.getExecutionContext().getString(CompanyPartitions.NODE)).isEqualTo("node-1");
			assertThat(partition.getReadCount()).as("companies it did")
				.isEqualTo(companiesOf(partition).size() - 3);
		});
		System.out.printf("RemotePartitioningTests: the restart, by node: %s%n", describe(rerun));

		// the same run on the single node, so that both have reconciled twice
		assertThat(reconcileAll(this.single).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(scansPerCompany(this.clusterSql, before)).as("scans per company, the failed run and its restart")
			.containsOnlyKeys(this.companies)
			.allSatisfy((company, scans) -> assertThat(scans).as("scans of company %d", company).isEqualTo(1));
		assertThat(wizardItems(this.clusterSql)).as("the cluster's wizard items against the single node's")
			.hasSize(COMPANIES * CUSTOMERS)
			.containsExactlyElementsOf(wizardItems(this.singleSql));
		assertThat(TestBroker.messagesIn(this.queue)).as("requests left in the queue").isZero();
	}

	/**
	 * Wraps the node's scans: once told ({@link #scansBeforeStop} set), the scan after that many throws instead of
	 * scanning, and the node closes itself.
	 */
	private ApplicationContextInitializer<ConfigurableApplicationContext> stopsWhenTold() {
		return (context) -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (!(bean instanceof ScanService)) {
					return bean;
				}
				ProxyFactory proxy = new ProxyFactory(bean);
				proxy.setProxyTargetClass(true);
				proxy.addAdvice((MethodInterceptor) (call) -> {
					if (call.getMethod().getName().equals("scan")
							&& RemotePartitioningTests.this.scansBeforeStop.getAndDecrement() == 0) {
						Thread stop = new Thread(context::close, "node-2-stops");
						stop.start();
						throw new IllegalStateException("node-2 stopped in the middle of its partition");
					}
					return call.proceed();
				});
				return proxy.getProxy();
			}
		});
	}

	private static String describe(List<StepExecution> partitions) {
		List<String> parts = new ArrayList<>();
		for (StepExecution p : partitions) {
			parts.add(p.getStepName().substring(p.getStepName().indexOf(':') + 1) + "="
					+ p.getExecutionContext().getString(CompanyPartitions.NODE, "?") + "(" + companiesOf(p).size()
					+ ")");
		}
		return companiesByNode(partitions) + " " + parts;
	}

}
