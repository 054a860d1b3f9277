package io.qbsync.schedule;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.qbsync.QbsyncApplication;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import io.qbsync.support.TestDatabase;
import io.qbsync.system.InvalidInputException;
import io.qbsync.wizard.ScanService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real servers (two application contexts, each with its own connection pool, Quartz scheduler and Batch
 * infrastructure) on one database of their own, the way two nodes of a cluster run: every schedule fires once per
 * fire time across both nodes, and a company's scans never overlap however many nodes start one.
 *
 * <p>
 * Both schedules are overridden on the command line to fire every 2 seconds ({@value #EXPIRE} on even seconds,
 * {@value #SCAN_ALL} on odd ones). A global Quartz {@link JobListener} (added through Boot's
 * {@link SchedulerFactoryBeanCustomizer}, so it sees the very first fire) records every fire on each node: which node,
 * which trigger, its scheduled fire time. The scan test runs first, while both schedules keep firing (so
 * {@value #SCAN_ALL} competes for the company too). The schedule test then makes each node stand by in turn until
 * the other has fired both schedules, lets both run side by side until 10 seconds after the second start, puts both
 * schedulers in standby and checks the whole history of fires against the Batch repository. Both nodes are closed
 * after the class, also when a start fails.
 *
 * <p>
 * Two nodes in one JVM share one oddity: Spring's {@code LocalDataSourceJobStore} registers its DataSource in Quartz's
 * JVM-wide {@code DBConnectionManager} under the scheduler's name, so both Quartz schedulers end up on the second
 * node's pool (the Batch repositories, the scans and the REST APIs keep their own). That is why the first node is
 * closed first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTests {

	private static final String EXPIRE = "expire-webconnector-sessions";

	private static final String SCAN_ALL = "scan-all-companies";

	private static final String SCAN = "scan-changes";

	private static final long PERIOD = 2_000;

	/** How long both nodes run side by side before the fires are counted. */
	private static final long BOTH_NODES_FOR = 10_000;

	private static final String ADMIN_PASSWORD = "cluster-admin-password";

	private static final int RECORDS = 300;

	private static final int ROUNDS = 6;

	private static final int CALLERS_PER_NODE = 2;

	/** Every fire on either node, as Quartz reported it. */
	private final List<Fire> fires = new CopyOnWriteArrayList<>();

	/** Fires begun and not yet recorded. */
	private final AtomicInteger firing = new AtomicInteger();

	private TestDatabase.Connection db;

	private JdbcClient sql;

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	private Instant firstStarting;

	private Instant firstStarted;

	private Instant secondStarted;

	@BeforeAll
	void startTwoNodes() {
		this.db = TestDatabase.freshDatabase("qbsync_cluster_test");
		this.sql = JdbcClient.create(new DriverManagerDataSource(this.db.url(), this.db.username(), this.db.password()));
		this.firstStarting = Instant.now();
		this.first = start("node-1");
		this.firstStarted = Instant.now();
		this.second = start("node-2");
		this.secondStarted = Instant.now();
	}

	@AfterAll
	void stopBothNodes() {
		// the first node first: both Quartz schedulers use the second node's pool (see the class comment)
		try {
			if (this.first != null) {
				this.first.close();
			}
		}
		finally {
			if (this.second != null) {
				this.second.close();
			}
		}
	}

	@Test
	@Order(1)
	void aCompanysScansNeverOverlapAcrossNodes() throws Exception {
		RestClient api1 = api(this.first);
		RestClient api2 = api(this.second);
		TestCompany company = TestCompanies.create(api1, "Cluster Scan");
		bulkLoad(api2, company.id());
		Set<String> records = new HashSet<>();
		for (int i = 0; i < RECORDS; i++) {
			records.add("C-" + i);
		}
		List<ScanService> nodes = List.of(this.first.getBean(ScanService.class),
				this.second.getBean(ScanService.class));
		List<Long> completed = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		List<Throwable> unexpected = new ArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(nodes.size() * CALLERS_PER_NODE);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				// changes between rounds through either node, so every scan has something to read
				for (int i = 0; i < 6; i++) {
					String externalId = "R" + round + "-" + i;
					put((i % 2 == 0) ? api1 : api2, company.id(), externalId, "Round " + round + " Customer " + i);
					records.add(externalId);
				}
				put(api1, company.id(), "C-" + round, "Renamed In Round " + round);

				CountDownLatch go = new CountDownLatch(1);
				List<Future<JobExecution>> calls = new ArrayList<>();
				for (ScanService node : nodes) {
					for (int c = 0; c < CALLERS_PER_NODE; c++) {
						calls.add(callers.submit(() -> {
							go.await();
							return node.scan(company.id());
						}));
					}
				}
				go.countDown();
				for (Future<JobExecution> call : calls) {
					try {
						JobExecution execution = call.get(30, TimeUnit.SECONDS);
						if (execution.getStatus() == BatchStatus.COMPLETED) {
							completed.add(execution.getId());
						}
						else {
							unexpected.add(new AssertionError("scan execution " + execution.getId() + " ended "
									+ execution.getStatus() + ": " + execution.getExitStatus()));
						}
					}
					catch (ExecutionException ex) {
						if (ex.getCause() instanceof InvalidInputException refusal
								&& refusal.status() == HttpStatus.CONFLICT
								&& refusal.getMessage().contains("already running")) {
							refused.add(refusal.getMessage());
						}
						else {
							unexpected.add(ex.getCause());
						}
					}
				}
			}
		}
		finally {
			callers.shutdownNow();
		}
		// one more scan once nobody else holds the company, so that every change above has been read
		completed.add(scanWhenFree(nodes.get(1), company.id()).getId());

		assertThat(unexpected).as("every call either completes or is refused with 409 'already running'").isEmpty();
		assertThat(completed).as("completed scans").isNotEmpty();
		assertThat(refused).as("refused scans: the calls did run into each other").isNotEmpty();

		List<Execution> scans = scanExecutions(company.id());
		assertThat(scans).extracting(Execution::id).containsAll(completed);
		assertThat(scans).allSatisfy((scan) -> {
			assertThat(scan.status()).as("scan execution %d", scan.id()).isEqualTo("COMPLETED");
			assertThat(scan.end()).as("end of scan execution %d", scan.id()).isNotNull();
		});
		for (int i = 1; i < scans.size(); i++) {
			Execution before = scans.get(i - 1);
			Execution after = scans.get(i);
			assertThat(after.start()).as("scan execution %d starts after execution %d ended", after.id(), before.id())
				.isAfterOrEqualTo(before.end());
		}

		List<Map<String, Object>> open = this.sql.sql("""
				SELECT external_id, direction, COUNT(*) AS items FROM wizard_items
				WHERE company_id = ? AND state = 'OPEN' GROUP BY external_id, direction
				""").param(company.id()).query().listOfRows();
		assertThat(open).extracting((row) -> (String) row.get("external_id"))
			.containsExactlyInAnyOrderElementsOf(records);
		assertThat(open).allSatisfy((row) -> {
			assertThat(row.get("direction")).isEqualTo("EXPORT");
			assertThat(((Number) row.get("items")).longValue()).as("open items of %s", row.get("external_id"))
				.isEqualTo(1);
		});
		System.out.printf("ClusterTests: %d scan executions (%d from direct calls), %d calls refused%n", scans.size(),
				completed.size(), refused.size());
	}

	@Test
	@Order(2)
	void bothNodesRunAndEachScheduleFiresOncePerFireTime() throws Exception {
		Scheduler scheduler1 = this.first.getBean(Scheduler.class);
		Scheduler scheduler2 = this.second.getBean(Scheduler.class);
		String node1 = scheduler1.getSchedulerInstanceId();
		String node2 = scheduler2.getSchedulerInstanceId();
		assertThat(node1).isNotEqualTo(node2);
		assertThat(scheduler1.isStarted()).isTrue();
		assertThat(scheduler2.isStarted()).isTrue();

		// each node stands by for a moment, so that the other one has to take over both schedules: fires are
		// handed from node to node while the history below is checked for a fire time that ran twice or not at all
		handOver(scheduler1, node2);
		handOver(scheduler2, node1);

		long wait = this.secondStarted.toEpochMilli() + BOTH_NODES_FOR - System.currentTimeMillis();
		if (wait > 0) {
			Thread.sleep(wait);
		}
		assertThat(this.sql
			.sql("SELECT INSTANCE_NAME FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = 'qbsync-cluster-test'")
			.query(String.class)
			.list()).as("nodes checked in to the cluster").containsExactlyInAnyOrder(node1, node2);

		// stop firing on both nodes, and let what already fired finish, so the repository and the fires agree
		Instant stopped = Instant.now();
		scheduler1.standby();
		scheduler2.standby();
		Thread.sleep(500); // a fire handed to a worker thread just before the standby has begun by now
		long deadline = System.currentTimeMillis() + 15_000;
		while (!(this.firing.get() == 0 && scheduler1.getCurrentlyExecutingJobs().isEmpty()
				&& scheduler2.getCurrentlyExecutingJobs().isEmpty()) && System.currentTimeMillis() < deadline) {
			Thread.sleep(50);
		}
		assertThat(this.firing).as("fires still running").hasValue(0);

		for (String job : List.of(EXPIRE, SCAN_ALL)) {
			List<Fire> ofJob = this.fires.stream()
				.filter((fire) -> fire.job().equals(job))
				.sorted(Comparator.comparing(Fire::scheduled))
				.toList();
			assertThat(ofJob).as("fires of %s", job).isNotEmpty();
			assertThat(ofJob).as("nodes that fired %s", job).extracting(Fire::node).contains(node1, node2);
			assertThat(ofJob).as("fires of %s, each finished", job).allSatisfy((fire) -> {
				assertThat(fire.finished()).isNotNull();
				assertThat(fire.error()).isNull();
			});

			// once per fire time: no scheduled fire time ran twice, on one node or on both
			Map<Instant, List<String>> nodesByFireTime = ofJob.stream()
				.collect(Collectors.groupingBy(Fire::scheduled, Collectors.mapping(Fire::node, Collectors.toList())));
			assertThat(nodesByFireTime).as("nodes that ran each fire time of %s", job)
				.allSatisfy((time, nodes) -> assertThat(nodes).hasSize(1));
			// and none was left out: one fire every 2 seconds from the first to the last
			for (int i = 1; i < ofJob.size(); i++) {
				assertThat(ofJob.get(i).scheduled().toEpochMilli() - ofJob.get(i - 1).scheduled().toEpochMilli())
					.as("time between fire %d and %d of %s", i - 1, i, job)
					.isEqualTo(PERIOD);
			}
			// from the first node's start to the standby: every 2-second fire time ran, once
			assertThat(ofJob.get(0).scheduled()).as("first fire time of %s", job)
				.isBeforeOrEqualTo(this.firstStarted.plusMillis(PERIOD));
			assertThat(ofJob.get(ofJob.size() - 1).scheduled()).as("last fire time of %s", job)
				.isAfterOrEqualTo(stopped.minusMillis(2 * PERIOD));
			long elapsed = stopped.toEpochMilli() - this.firstStarting.toEpochMilli();
			long afterStart = stopped.toEpochMilli() - this.firstStarted.toEpochMilli();
			assertThat((long) ofJob.size()).as("fires of %s in %d ms", job, elapsed)
				.isBetween(afterStart / PERIOD - 2, elapsed / PERIOD + 1);

			// each fire is one job execution in the shared Batch repository, started while that fire ran
			List<Execution> executions = executions(job);
			assertThat(executions).as("executions of %s", job).hasSameSizeAs(ofJob);
			Set<Long> matched = new HashSet<>();
			for (Fire fire : ofJob) {
				List<Execution> during = executions.stream()
					.filter((e) -> !e.start().isBefore(fire.fired().minusMillis(1))
							&& !e.start().isAfter(fire.finished().plusMillis(1)))
					.toList();
				assertThat(during).as("executions of %s started during its fire at %s", job, fire.scheduled())
					.singleElement()
					.satisfies((e) -> {
						assertThat(e.status()).isEqualTo("COMPLETED");
						assertThat(matched.add(e.id())).isTrue();
					});
			}
			// and no run overlaps the one before it, on either node
			for (int i = 1; i < executions.size(); i++) {
				assertThat(executions.get(i).start()).as("start of execution %d of %s", executions.get(i).id(), job)
					.isAfterOrEqualTo(executions.get(i - 1).end());
			}
			System.out.printf("ClusterTests: %s fired %d times in %d ms: %d on node 1, %d on node 2%n", job,
					ofJob.size(), elapsed, ofJob.stream().filter((f) -> f.node().equals(node1)).count(),
					ofJob.stream().filter((f) -> f.node().equals(node2)).count());
		}
	}

	/** Puts one node in standby until the other has fired each schedule once more, then starts it again. */
	private void handOver(Scheduler standingBy, String taker) throws Exception {
		Map<String, Long> before = firesBy(taker);
		standingBy.standby();
		try {
			long deadline = System.currentTimeMillis() + 4 * PERIOD + 2_000;
			while (!tookOver(before, firesBy(taker)) && System.currentTimeMillis() < deadline) {
				Thread.sleep(50);
			}
			assertThat(firesBy(taker)).as("fires by %s while the other node stood by", taker)
				.satisfies((after) -> assertThat(tookOver(before, after)).isTrue());
		}
		finally {
			standingBy.start();
		}
	}

	private Map<String, Long> firesBy(String node) {
		return this.fires.stream()
			.filter((fire) -> fire.node().equals(node))
			.collect(Collectors.groupingBy(Fire::job, Collectors.counting()));
	}

	private static boolean tookOver(Map<String, Long> before, Map<String, Long> after) {
		return List.of(EXPIRE, SCAN_ALL)
			.stream()
			.allMatch((job) -> after.getOrDefault(job, 0L) > before.getOrDefault(job, 0L));
	}

	/**
	 * Starts one node: Quartz on, both schedules every 2 seconds, a fixed admin password. Quartz's idle wait (how
	 * long a scheduler that found no trigger to acquire sleeps, 30 s by default) is cut to 1 s, so that both nodes
	 * keep competing for every fire and a node takes over within a fire or two.
	 */
	private ConfigurableApplicationContext start(String name) {
		SchedulerFactoryBeanCustomizer listen = (factory) -> factory.setGlobalJobListeners(new FireRecorder(name));
		return new SpringApplicationBuilder(QbsyncApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("clusterTestsFireRecorder", listen))
			.run("--server.port=0", "--spring.datasource.url=" + this.db.url(),
					"--spring.datasource.username=" + this.db.username(),
					"--spring.datasource.password=" + this.db.password(), "--spring.quartz.auto-startup=true",
					// its own scheduler name: Quartz keeps data sources in a JVM-wide registry by scheduler name, and
					// the other test classes share a cached context whose scheduler is called qbsync
					"--spring.quartz.scheduler-name=qbsync-cluster-test",
					"--qbsync.import.enabled=false", "--qbsync.admin.username=admin",
					"--qbsync.admin.password=" + ADMIN_PASSWORD,
					"--qbsync.schedule.jobs." + EXPIRE + ".cron=0/2 * * * * ?",
					"--qbsync.schedule.jobs." + SCAN_ALL + ".cron=1/2 * * * * ?",
					"--spring.quartz.properties.org.quartz.scheduler.idleWaitTime=1000");
	}

	/** Retries a scan that is refused because another one holds the company. */
	private static JobExecution scanWhenFree(ScanService scans, long companyId) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 10_000;
		while (true) {
			try {
				return scans.scan(companyId);
			}
			catch (InvalidInputException ex) {
				if (System.currentTimeMillis() > deadline) {
					throw ex;
				}
				Thread.sleep(50);
			}
		}
	}

	private List<Execution> scanExecutions(long companyId) {
		return this.sql.sql("""
				SELECT e.JOB_EXECUTION_ID, e.START_TIME, e.END_TIME, e.STATUS
				FROM BATCH_JOB_EXECUTION e
				JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
				JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
				WHERE i.JOB_NAME = ? AND p.PARAMETER_NAME = 'companyId' AND p.PARAMETER_VALUE = ?
				ORDER BY e.START_TIME, e.JOB_EXECUTION_ID
				""").params(SCAN, String.valueOf(companyId)).query(ClusterTests::execution).list();
	}

	private List<Execution> executions(String job) {
		return this.sql.sql("""
				SELECT e.JOB_EXECUTION_ID, e.START_TIME, e.END_TIME, e.STATUS
				FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
				WHERE i.JOB_NAME = ? ORDER BY e.START_TIME, e.JOB_EXECUTION_ID
				""").param(job).query(ClusterTests::execution).list();
	}

	private static Execution execution(ResultSet rs, int row) throws SQLException {
		Timestamp start = rs.getTimestamp("START_TIME");
		Timestamp end = rs.getTimestamp("END_TIME");
		return new Execution(rs.getLong("JOB_EXECUTION_ID"), (start != null) ? start.toInstant() : null,
				(end != null) ? end.toInstant() : null, rs.getString("STATUS"));
	}

	private static void bulkLoad(RestClient api, long companyId) {
		StringBuilder ndjson = new StringBuilder();
		for (int i = 0; i < RECORDS; i++) {
			ndjson.append("{\"type\": \"customers\", \"externalId\": \"C-")
				.append(i)
				.append("\", \"record\": {\"name\": \"Cluster Customer ")
				.append(i)
				.append("\"}}\n");
		}
		ResponseEntity<String> response = api.post()
			.uri("/api/companies/{id}/records:bulk", companyId)
			.contentType(MediaType.parseMediaType("application/x-ndjson"))
			.body(ndjson.toString())
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).contains("\"accepted\":" + RECORDS);
	}

	private static void put(RestClient api, long companyId, String externalId, String name) {
		ResponseEntity<String> response = api.put()
			.uri("/api/companies/{id}/records/customers/{externalId}", companyId, externalId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", name))
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
	}

	private static RestClient api(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return RestClient.builder()
			.baseUrl(URI.create("http://localhost:" + port).toString())
			.defaultHeaders((h) -> h.setBasicAuth("admin", ADMIN_PASSWORD))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	/** One Batch job execution as the repository holds it. */
	private record Execution(long id, Instant start, Instant end, String status) {
	}

	/** One fire of a qbsync trigger on one node: when it was due, when it ran, when it ended and how. */
	private record Fire(String node, String job, Instant scheduled, Instant fired, Instant finished,
			JobExecutionException error) {
	}

	/** Records every fire of the {@value ScheduleReconciler#GROUP} jobs on one node. */
	private final class FireRecorder implements JobListener {

		private final String name;

		FireRecorder(String name) {
			this.name = "cluster-tests-" + name;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public void jobToBeExecuted(JobExecutionContext context) {
			if (ScheduleReconciler.GROUP.equals(context.getJobDetail().getKey().getGroup())) {
				ClusterTests.this.firing.incrementAndGet();
			}
		}

		@Override
		public void jobExecutionVetoed(JobExecutionContext context) {
		}

		@Override
		public void jobWasExecuted(JobExecutionContext context, JobExecutionException error) {
			if (!ScheduleReconciler.GROUP.equals(context.getJobDetail().getKey().getGroup())) {
				return;
			}
			String node;
			try {
				node = context.getScheduler().getSchedulerInstanceId();
			}
			catch (SchedulerException ex) {
				node = "? " + ex.getMessage();
			}
			ClusterTests.this.fires.add(new Fire(node, context.getJobDetail().getKey().getName(),
					context.getScheduledFireTime().toInstant(), context.getFireTime().toInstant(), Instant.now(),
					error));
			ClusterTests.this.firing.decrementAndGet();
		}

	}

}
