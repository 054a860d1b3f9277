package io.qbsync.schedule;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.NewCompany;
import io.qbsync.release.ReleaseService;
import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.RunOptions;
import io.qbsync.sandbox.SoapResponse;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.singleops.BulkLoad;
import io.qbsync.support.TestBroker;
import io.qbsync.support.TestDatabase;
import io.qbsync.wizard.ApprovalService;
import io.qbsync.wizard.ScanService;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItems;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.impl.JobExecutionContextImpl;
import org.quartz.spi.OperableTrigger;
import org.quartz.spi.TriggerFiredBundle;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

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
 * from the first company not done, still one scan per company and the same items. In between, 50 more companies'
 * Web Connectors, each call of a session to the other node than the call before, deliver their approved customers
 * while a reconciliation runs: each customer reaches its QuickBooks once.
 *
 * <p>
 * The second node runs one partition at a time, and can be told to shut down during a scan: that company finishes,
 * and the partition fails before its next one, as a node that was stopped. Needs RabbitMQ
 * ({@link TestBroker}); the queue is this run's own and is deleted afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemotePartitioningTests {

	private static final int COMPANIES = 200;

	private static final int CUSTOMERS = 3;

	private static final int GRID_SIZE = 8;

	private static final int SESSION_COMPANIES = 50;

	/** The second node's scans still to do before it stops; not counting while negative. */
	private final AtomicInteger scansBeforeStop = new AtomicInteger(-1);

	private final String queue = TestBroker.uniqueQueue("qbsync.partitions.test");

	/** What the second node is told to hold, or null. */
	private volatile Hold hold;

	private TestDatabase.Connection clusterDb;

	private JdbcClient clusterSql;

	private JdbcClient singleSql;

	private ConfigurableApplicationContext node1;

	private ConfigurableApplicationContext node2;

	private ConfigurableApplicationContext single;

	/** The second node after it was killed: its threads stay held until the end. */
	private ConfigurableApplicationContext killed;

	private Hold killedHold;

	private List<Long> companies;

	private boolean brokerFound;

	@BeforeAll
	void startNodes() throws Exception {
		if (!TestBroker.available()) {
			return; // each test is skipped, and says why
		}
		this.brokerFound = true;
		this.clusterDb = PartitionFixture.database("partition_cluster");
		TestDatabase.Connection clusterDb = this.clusterDb;
		TestDatabase.Connection singleDb = PartitionFixture.database("partition_single");
		this.clusterSql = JdbcClient
			.create(new DriverManagerDataSource(clusterDb.url(), clusterDb.username(), clusterDb.password()));
		this.singleSql = JdbcClient
			.create(new DriverManagerDataSource(singleDb.url(), singleDb.username(), singleDb.password()));
		List<String> grid = List.of("--qbsync.cluster.grid-size=" + GRID_SIZE);
		this.node1 = PartitionFixture.node("node-1", clusterDb, TestBroker.nodeArguments(this.queue), grid);
		this.node2 = PartitionFixture.node("node-2", clusterDb, TestBroker.nodeArguments(this.queue),
				List.of("--qbsync.cluster.grid-size=" + GRID_SIZE, "--qbsync.cluster.worker-threads=1"),
				holdsOrStopsWhenTold());
		this.single = PartitionFixture.node("single", singleDb, List.of(), grid);
		this.companies = PartitionFixture.companies(this.node1, COMPANIES, CUSTOMERS);
		List<Long> same = PartitionFixture.companies(this.single, COMPANIES, CUSTOMERS);
		assertThat(same).as("the single node's companies").hasSize(COMPANIES);
	}

	@BeforeEach
	void needsTheBroker() {
		TestBroker.require();
	}

	@AfterAll
	void stopNodes() {
		try {
			if (this.killedHold != null) {
				this.killedHold.letGo().countDown();
			}
			for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { this.node1, this.node2,
					this.single, this.killed }) {
				if (node != null && node.isActive()) {
					node.close();
				}
			}
		}
		finally {
			if (this.brokerFound) {
				TestBroker.deleteQueues(this.queue);
			}
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
	@Order(3)
	void aPartitionWhoseNodeWasKilledIsFinishedByTheOtherNodeInTheSameRun() throws Exception {
		long before = PartitionFixture.lastJobExecution(this.clusterSql);
		this.killedHold = new Hold(3, true);
		this.hold = this.killedHold;
		ConfigurableApplicationContext second = secondNode();
		ExecutorService manager = Executors.newSingleThreadExecutor();
		try {
			Future<JobExecution> run = manager.submit(() -> reconcileAll(this.node1));
			StepExecution held = this.killedHold.awaitHeld();
			kill(second);
			this.killed = second;
			this.node2 = null;
			this.hold = null;

			JobExecution execution = run.get(10, TimeUnit.MINUTES);

			assertThat(execution.getStatus()).as("the run node-2 was killed in: %s", execution.getExitStatus())
				.isEqualTo(BatchStatus.COMPLETED);
			List<StepExecution> partitions = partitions(reload(this.node1, execution));
			assertThat(partitions).as("partitions").hasSize(GRID_SIZE).allSatisfy((partition) -> {
				assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
				assertThat(partition.getExecutionContext().getString(CompanyPartitions.NODE)).isEqualTo("node-1");
				assertThat(partition.getReadCount()).as("companies read").isEqualTo(companiesOf(partition).size());
				assertThat(partition.getWriteCount()).as("companies reconciled")
					.isEqualTo(companiesOf(partition).size());
			});
			assertThat(partitions).extracting(StepExecution::getId).contains(held.getId());
			System.out.printf("RemotePartitioningTests: node-2 killed in %s after 3 companies, by node: %s%n",
					held.getStepName(), describe(partitions));
		}
		finally {
			manager.shutdownNow();
		}
		assertEveryCompanyScannedOnceWithTheSingleNodesItems(before);
		assertThat(TestBroker.messagesIn(this.queue)).as("requests left in the queue").isZero();
	}

	/** The second node, or, once it was killed, a new one in its place (node-3). */
	private ConfigurableApplicationContext secondNode() {
		if (this.node2 == null) {
			this.node2 = PartitionFixture.node("node-3", this.clusterDb, TestBroker.nodeArguments(this.queue),
					List.of("--qbsync.cluster.grid-size=" + GRID_SIZE, "--qbsync.cluster.worker-threads=1"),
					holdsOrStopsWhenTold());
		}
		return this.node2;
	}

	@Test
	@Order(4)
	void aRequestDeliveredAgainWhileItsNodeRunsItWaitsForThatNodeAndIsDropped() throws Exception {
		String second = secondNode().getBean(ClusterSettings.class).nodeName();
		long before = PartitionFixture.lastJobExecution(this.clusterSql);
		Hold held = new Hold(3, false);
		this.hold = held;
		ExecutorService manager = Executors.newSingleThreadExecutor();
		try {
			Future<JobExecution> run = manager.submit(() -> reconcileAll(this.node1));
			StepExecution partition = held.awaitHeld();
			long version = version(partition);
			// the request again, as the manager sent it and RabbitMQ sends it when the node's connection broke
			this.node1.getBean("partitionRequests", MessageChannel.class)
				.send(MessageBuilder
					.withPayload(new StepExecutionRequest(PartitionFixture.WORKER_STEP, partition.getId()))
					.build());
			// node-3's one worker holds the partition, so node-1 takes the request: wait until it is on it
			await("node-1 on the partition again", () -> version(partition) != version || waitingForTheLock() > 0);
			held.letGo().countDown();

			JobExecution execution = run.get(10, TimeUnit.MINUTES);

			assertThat(execution.getStatus()).as("the run: %s", execution.getExitStatus())
				.isEqualTo(BatchStatus.COMPLETED);
			List<StepExecution> partitions = partitions(reload(this.node1, execution));
			assertThat(partitions).as("partitions").hasSize(GRID_SIZE)
				.allSatisfy((p) -> assertThat(p.getStatus()).isEqualTo(BatchStatus.COMPLETED));
			assertThat(partitions).filteredOn((p) -> p.getId() == partition.getId())
				.singleElement()
				.satisfies((p) -> {
					assertThat(p.getExecutionContext().getString(CompanyPartitions.NODE)).isEqualTo(second);
					assertThat(p.getReadCount()).as("companies read").isEqualTo(companiesOf(p).size());
				});
			System.out.printf("RemotePartitioningTests: %s sent again while %s ran it, by node: %s%n",
					partition.getStepName(), second, describe(partitions));
		}
		finally {
			held.letGo().countDown();
			this.hold = null;
			manager.shutdownNow();
		}
		assertEveryCompanyScannedOnceWithTheSingleNodesItems(before);
		await("the second request dropped", () -> TestBroker.messagesIn(this.queue) == 0 && waitingForTheLock() == 0);
	}

	@Test
	@Order(5)
	void aPartitionWhoseNodeStoppedIsRestartedOnTheOtherNodeWithoutAnyone() throws Exception {
		secondNode();
		long before = PartitionFixture.lastJobExecution(this.clusterSql);
		this.scansBeforeStop.set(3);
		fire(this.node1, PartitionFixture.RECONCILE_ALL);

		JobRepository repository = this.node1.getBean(JobRepository.class);
		List<JobExecution> runs = repository
			.getJobExecutions(repository.getLastJobInstance(PartitionFixture.RECONCILE_ALL))
			.stream()
			.sorted(java.util.Comparator.comparing(JobExecution::getId))
			.toList();
		assertThat(runs).as("the run and its restart").hasSize(2);
		JobExecution failed = runs.get(0);
		assertThat(failed.getStatus()).as("the run node-3 stopped in").isEqualTo(BatchStatus.FAILED);
		long deadline = System.currentTimeMillis() + 60_000;
		while (this.node2.isActive() && System.currentTimeMillis() < deadline) {
			Thread.sleep(100);
		}
		assertThat(this.node2.isActive()).as("node-3, shut down").isFalse();
		List<StepExecution> first = partitions(reload(this.node1, failed));
		List<StepExecution> broken = first.stream().filter((p) -> p.getStatus() != BatchStatus.COMPLETED).toList();
		assertThat(broken).as("partitions not completed").singleElement().satisfies((partition) -> {
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.FAILED);
			assertThat(partition.getExecutionContext().getString(CompanyPartitions.NODE)).isEqualTo("node-3");
			assertThat(partition.getExecutionContext().getInt(CompanyPartitions.DONE)).as("companies done").isEqualTo(4);
		});
		System.out.printf("RemotePartitioningTests: the run node-3 stopped in, by node: %s%n", describe(first));

		JobExecution restarted = runs.get(1);
		assertThat(restarted.getStatus()).as("the restart: %s", restarted.getExitStatus())
			.isEqualTo(BatchStatus.COMPLETED);
		List<StepExecution> rerun = partitions(reload(this.node1, restarted));
		assertThat(rerun).as("partitions run again").singleElement().satisfies((partition) -> {
			assertThat(partition.getStepName()).isEqualTo(broken.get(0).getStepName());
			assertThat(partition.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partition.getExecutionContext().getString(CompanyPartitions.NODE)).isEqualTo("node-1");
			assertThat(partition.getReadCount()).as("companies it did")
				.isEqualTo(companiesOf(partition).size() - 4);
		});
		System.out.printf("RemotePartitioningTests: the restart, by node: %s%n", describe(rerun));

		// the same run on the single node, so that both have reconciled as often
		assertThat(reconcileAll(this.single).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(scansPerCompany(this.clusterSql, before)).as("scans per company, the failed run and its restart")
			.containsKeys(this.companies.toArray(Long[]::new))
			.allSatisfy((company, scans) -> assertThat(scans).as("scans of company %d", company).isEqualTo(1));
		assertThat(wizardItems(this.clusterSql)).as("the cluster's wizard items against the single node's")
			.hasSize(COMPANIES * CUSTOMERS)
			.containsExactlyElementsOf(wizardItems(this.singleSql));
		assertThat(TestBroker.messagesIn(this.queue)).as("requests left in the queue").isZero();
	}

	/** The partition's version in the job repository: it moves when a node starts it or commits a company of it. */
	private long version(StepExecution partition) {
		return this.clusterSql.sql("SELECT VERSION FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = ?")
			.param(partition.getId())
			.query(Long.class)
			.single();
	}

	/** How many connections to the cluster's database wait for a partition's lock. */
	private long waitingForTheLock() {
		return this.clusterSql.sql("""
				SELECT COUNT(*) FROM information_schema.PROCESSLIST
				WHERE DB = DATABASE() AND INFO LIKE 'SELECT COALESCE(GET_LOCK(%'
				""").query(Long.class).single();
	}

	/** Fires the job as its Quartz schedule does, through {@link LaunchJob}, and waits for it (and any restart). */
	private static void fire(ConfigurableApplicationContext node, String jobName) throws Exception {
		LaunchJob launcher = node.getAutowireCapableBeanFactory().createBean(LaunchJob.class);
		JobDetail detail = org.quartz.JobBuilder.newJob(LaunchJob.class)
			.withIdentity(jobName, "remote-partitioning-tests")
			.usingJobData(new JobDataMap(Map.of(LaunchJob.JOB_NAME, jobName)))
			.build();
		OperableTrigger trigger = (OperableTrigger) org.quartz.TriggerBuilder.newTrigger()
			.withIdentity(jobName, "remote-partitioning-tests")
			.forJob(detail)
			.startNow()
			.build();
		Date now = new Date();
		launcher.execute(new JobExecutionContextImpl(node.getBean(Scheduler.class),
				new TriggerFiredBundle(detail, trigger, null, false, now, now, null, null), launcher));
	}

	@Test
	@Order(2)
	void webConnectorSessionsAlternatingBetweenNodesDeliverEverythingOnceWhileReconciliationRuns() throws Exception {
		List<SessionCompany> sessionCompanies = new ArrayList<>();
		for (int c = 0; c < SESSION_COMPANIES; c++) {
			sessionCompanies.add(approvedAndReleased(c));
		}
		URI[] endpoints = { endpoint(this.node1), endpoint(this.node2) };
		Map<Integer, AtomicInteger> callsByNode = Map.of(0, new AtomicInteger(), 1, new AtomicInteger());

		ExecutorService threads = Executors.newFixedThreadPool(11);
		try {
			Future<JobExecution> reconcile = threads.submit(() -> reconcileAll(this.node1));
			List<Future<List<String>>> sessions = new ArrayList<>();
			for (SessionCompany company : sessionCompanies) {
				sessions.add(threads.submit(() -> runUntilNothingToDo(company, endpoints, callsByNode)));
			}
			List<String> problems = new ArrayList<>();
			for (Future<List<String>> session : sessions) {
				problems.addAll(session.get(10, TimeUnit.MINUTES));
			}
			JobExecution reconciled = reconcile.get(10, TimeUnit.MINUTES);

			assertThat(problems).as("Web Connector calls that failed or were refused").isEmpty();
			assertThat(reconciled.getStatus()).as("the reconciliation beside the sessions: %s",
					reconciled.getExitStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(partitions(reload(this.node1, reconciled))).as("its partitions")
				.allSatisfy((p) -> assertThat(p.getStatus()).isEqualTo(BatchStatus.COMPLETED));
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(callsByNode.get(0)).as("calls answered by node-1").hasPositiveValue();
		assertThat(callsByNode.get(1)).as("calls answered by node-2").hasPositiveValue();
		for (SessionCompany company : sessionCompanies) {
			List<String> names = company.books().list("Customer").stream().map((n) -> n.text("Name")).toList();
			assertThat(names).as("customers in the QuickBooks of %s", company.company().name())
				.containsExactlyInAnyOrderElementsOf(company.customers());
			assertThat(this.clusterSql
				.sql("SELECT COUNT(*) FROM singleops_records WHERE company_id = ? AND qb_id IS NOT NULL")
				.param(company.company().id())
				.query(Long.class)
				.single()).as("records of %s linked to QuickBooks", company.company().name())
				.isEqualTo(company.customers().size());
		}
		System.out.printf("RemotePartitioningTests: %d companies' Web Connector sessions, calls answered by node-1: "
				+ "%d, by node-2: %d%n", SESSION_COMPANIES, callsByNode.get(0).get(), callsByNode.get(1).get());
	}

	/** A company with customers approved and released, and its own simulated QuickBooks. */
	private record SessionCompany(Company company, String password, FakeQuickBooks books, List<String> customers) {
	}

	private SessionCompany approvedAndReleased(int c) throws Exception {
		String password = "session-password-" + c;
		Company company = this.node1.getBean(CompanyService.class)
			.create(new NewCompany("Session " + c, "session-" + c, password, "", "13.0", 60, false)).company();
		List<String> customers = new ArrayList<>();
		StringBuilder ndjson = new StringBuilder();
		for (int i = 1; i <= CUSTOMERS; i++) {
			String name = "Session " + c + " Customer " + i;
			customers.add(name);
			ndjson.append("{\"type\":\"customers\",\"externalId\":\"S-")
				.append(i)
				.append("\",\"record\":{\"name\":\"")
				.append(name)
				.append("\"}}\n");
		}
		this.node1.getBean(BulkLoad.class)
			.load(company.id(), new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
		this.node2.getBean(ScanService.class).scan(company.id());
		List<Long> items = this.node1.getBean(WizardItems.class)
			.open(company.id())
			.stream()
			.map(WizardItem::id)
			.toList();
		this.node1.getBean(ApprovalService.class)
			.approve(company.id(), "partition-tests", new ApprovalService.Approval(items,
					ApprovalService.Unchecked.KEEP, Map.of(), Map.of(), null, null));
		this.node2.getBean(ReleaseService.class).release(company.id());
		FakeQuickBooks books = FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("13.0")
			.build();
		return new SessionCompany(company, password, books, customers);
	}

	/** Runs the company's Web Connector, each call to the other node than the one before, until it has nothing. */
	private static List<String> runUntilNothingToDo(SessionCompany company, URI[] endpoints,
			Map<Integer, AtomicInteger> callsByNode) {
		WebConnectorRunner runner = new WebConnectorRunner(new AlternatingClient(endpoints, callsByNode),
				company.books());
		List<String> problems = new ArrayList<>();
		for (int session = 0; session < 30; session++) {
			Transcript run = runner.run(RunOptions.of(company.company().username(), company.password()));
			run.calls()
				.stream()
				.filter((call) -> call.error() != null)
				.forEach((call) -> problems.add(company.company().name() + " " + call.operation() + ": " + call.error()));
			if ("nvu".equals(run.authenticateStatus())) {
				problems.add(company.company().name() + " was refused (nvu)");
				return problems;
			}
			if ("none".equals(run.authenticateStatus())) {
				return problems;
			}
		}
		problems.add(company.company().name() + " still had work after 30 sessions");
		return problems;
	}

	private static URI endpoint(ConfigurableApplicationContext node) {
		return URI.create("http://localhost:" + ((WebServerApplicationContext) node).getWebServer().getPort() + "/qbwc");
	}

	/** A Web Connector whose calls go to the nodes in turn, as behind a load balancer that never sticks. */
	private static final class AlternatingClient extends WebConnectorClient {

		private final WebConnectorClient other;

		private final Map<Integer, AtomicInteger> callsByNode;

		private int calls;

		AlternatingClient(URI[] endpoints, Map<Integer, AtomicInteger> callsByNode) {
			super(endpoints[0], Duration.ofSeconds(120));
			this.other = new WebConnectorClient(endpoints[1], Duration.ofSeconds(120));
			this.callsByNode = callsByNode;
		}

		@Override
		public SoapResponse post(String soapAction, String contentType, String rawBody) {
			int node = this.calls++ % 2;
			this.callsByNode.get(node).incrementAndGet();
			return (node == 0) ? super.post(soapAction, contentType, rawBody)
					: this.other.post(soapAction, contentType, rawBody);
		}

	}

	/**
	 * Wraps the node's scans: once told, the node holds its partition at the start of the scan after {@link Hold}'s
	 * count (before the scan claims its company; a node to be killed claims it first) until the test lets go, or ({@link #scansBeforeStop} set) begins to
	 * shut down during the scan after that many, and that scan goes on once the node knows it is stopping.
	 */
	private ApplicationContextInitializer<ConfigurableApplicationContext> holdsOrStopsWhenTold() {
		return (context) -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (!(bean instanceof ScanService)) {
					return bean;
				}
				ProxyFactory proxy = new ProxyFactory(bean);
				proxy.setProxyTargetClass(true);
				proxy.addAdvice((MethodInterceptor) (call) -> {
					if (!call.getMethod().getName().equals("scan")) {
						return call.proceed();
					}
					Hold hold = RemotePartitioningTests.this.hold;
					if (hold != null && hold.scansBefore().getAndDecrement() == 0) {
						hold.partition().set(StepSynchronizationManager.getContext().getStepExecution());
						if (hold.dies()) {
							// killed inside the scan: its company's lock and claim are taken, as ScanService takes them,
							// so the node that takes the partition over finds a claim only a row keeps
							beganScan(context.getBean(DataSource.class), (Long) call.getArguments()[0]);
							// Spring Batch keeps the step executions being run in a registry of the JVM, by id, and the
							// nodes here share a JVM: the node about to die takes its entries with it, as its process would
							while (StepSynchronizationManager.getContext() != null) {
								StepSynchronizationManager.close();
							}
						}
						hold.held().countDown();
						hold.letGo().await();
					}
					if (RemotePartitioningTests.this.scansBeforeStop.getAndDecrement() == 0) {
						new Thread(context::close, "node-stops").start();
						CompanyPartitions partitions = context.getBean(CompanyPartitions.class);
						long deadline = System.currentTimeMillis() + 30_000;
						while (!partitions.stopping() && System.currentTimeMillis() < deadline) {
							Thread.sleep(10);
						}
					}
					return call.proceed();
				});
				return proxy.getProxy();
			}
		});
	}

	/**
	 * A node told to hold its partition: after how many scans, whether it is to be killed there, the partition it
	 * holds, and the test's let-go.
	 */
	private record Hold(AtomicInteger scansBefore, boolean dies, AtomicReference<StepExecution> partition,
			CountDownLatch held, CountDownLatch letGo) {

		Hold(int scansBefore, boolean dies) {
			this(new AtomicInteger(scansBefore), dies, new AtomicReference<>(), new CountDownLatch(1),
					new CountDownLatch(1));
		}

		/** Waits until the node holds its partition, and answers that partition. */
		StepExecution awaitHeld() throws InterruptedException {
			assertThat(this.held.await(5, TimeUnit.MINUTES)).as("the second node holds a partition").isTrue();
			return this.partition.get();
		}

	}

	/**
	 * Makes the node vanish as a killed process does: its database connections end (nothing it does commits any more,
	 * and MariaDB lets its locks go) and its connection to RabbitMQ drops with its requests unacknowledged, never to
	 * come back. Its threads are left where they are.
	 */
	/**
	 * The single node reconciles the same companies; every company was scanned once by the cluster since
	 * {@code before}, and the cluster's wizard items are the single node's.
	 */
	private void assertEveryCompanyScannedOnceWithTheSingleNodesItems(long before) throws Exception {
		assertThat(reconcileAll(this.single).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(scansPerCompany(this.clusterSql, before)).as("scans per company")
			.containsKeys(this.companies.toArray(Long[]::new))
			.allSatisfy((company, scans) -> assertThat(scans).as("scans of company %d", company).isEqualTo(1));
		assertThat(wizardItems(this.clusterSql)).as("the cluster's wizard items against the single node's")
			.hasSize(COMPANIES * CUSTOMERS)
			.containsExactlyElementsOf(wizardItems(this.singleSql));
	}

	/** A scan's start on a node about to die: the company's named lock held, its row claimed. */
	private static void beganScan(DataSource dataSource, long companyId) throws Exception {
		Connection connection = dataSource.getConnection(); // open until the node is killed
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT GET_LOCK(CONCAT(DATABASE(), '.scan.', " + companyId + "), 0)");
			statement.executeUpdate("INSERT IGNORE INTO wizard_scan_cursors (company_id) VALUES (" + companyId + ")");
			statement.executeUpdate("UPDATE wizard_scan_cursors SET running_since = NOW(6), runs = runs + 1 "
					+ "WHERE company_id = " + companyId);
		}
	}

	private static void kill(ConfigurableApplicationContext node) {
		node.getBean(HikariDataSource.class).close();
		CachingConnectionFactory rabbit = node.getBean(CachingConnectionFactory.class);
		org.springframework.amqp.rabbit.connection.Connection connection = rabbit.createConnection();
		// as its context closing would: the factory opens no connection any more, so the node's listener cannot come back
		rabbit.onApplicationEvent(new ContextClosedEvent(node));
		connection.getDelegate().abort();
	}

	/** Waits (a few minutes at most) until {@code condition} holds. */
	private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 300_000;
		while (!condition.getAsBoolean()) {
			assertThat(System.currentTimeMillis()).as("still waiting: %s", what).isLessThan(deadline);
			Thread.sleep(100);
		}
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
