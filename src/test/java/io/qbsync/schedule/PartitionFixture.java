package io.qbsync.schedule;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.qbsync.QbsyncApplication;
import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.NewCompany;
import io.qbsync.singleops.BulkLoad;
import io.qbsync.support.TestDatabase;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the partitioning tests and the benchmark share: nodes started on a database of their own (on one RabbitMQ
 * queue or alone), many companies with customers to scan, and what a run of a fan-out job left behind (its
 * partitions, the scans per company, the wizard items).
 */
final class PartitionFixture {

	static final String RECONCILE_ALL = "reconcile-all-companies";

	static final String WORKER_STEP = "reconcile-company";

	private PartitionFixture() {
	}

	/**
	 * An empty database for these tests, named after the test database ({@code QBSYNC_TEST_DB_URL}'s) so that two
	 * checkouts testing on one server keep apart.
	 */
	static TestDatabase.Connection database(String suffix) {
		String url = TestDatabase.get().url();
		String name = url.replaceFirst("^jdbc:mariadb://[^/]+/([^?;]+).*$", "$1");
		return TestDatabase.freshDatabase(name + "_" + suffix);
	}

	/** Starts a node on {@code db}; {@code cluster} are the broker's arguments, or none for a node on its own. */
	@SafeVarargs
	static ConfigurableApplicationContext node(String name, TestDatabase.Connection db, List<String> cluster,
			List<String> more, ApplicationContextInitializer<ConfigurableApplicationContext>... initializers) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + db.url(),
				"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
				"--spring.quartz.auto-startup=false",
				// Quartz keeps data sources in a JVM-wide registry by scheduler name (see ClusterTests): each node
				// here has its own, so that closing one node never takes another node's scheduler with it
				"--spring.quartz.scheduler-name=qbsync-" + name, "--qbsync.import.enabled=false",
				"--qbsync.admin.username=admin", "--qbsync.admin.password=partition-tests-admin",
				"--qbsync.company.public-url=http://localhost", "--qbsync.cluster.node-name=" + name,
				"--qbsync.cluster.poll-interval=200ms", "--logging.level.root=WARN",
				"--logging.level.io.qbsync.schedule=INFO"));
		args.addAll(cluster);
		args.addAll(more);
		return new SpringApplicationBuilder(QbsyncApplication.class).logStartupInfo(false)
			.initializers(initializers)
			.run(args.toArray(String[]::new));
	}

	/** Makes {@code count} companies named "Partitioned n", each with {@code customers} customers to export. */
	static List<Long> companies(ConfigurableApplicationContext node, int count, int customers) throws Exception {
		List<Long> ids = new ArrayList<>();
		for (int c = 0; c < count; c++) {
			Company company = node.getBean(CompanyService.class)
				.create(new NewCompany("Partitioned " + c, "partitioned-" + c, "partitioned-password-" + c, "", "13.0",
						60, false)).company();
			StringBuilder ndjson = new StringBuilder();
			for (int i = 1; i <= customers; i++) {
				ndjson.append("{\"type\":\"customers\",\"externalId\":\"C-")
					.append(i)
					.append("\",\"record\":{\"name\":\"Company ")
					.append(c)
					.append(" Customer ")
					.append(i)
					.append("\"}}\n");
			}
			node.getBean(BulkLoad.class)
				.load(company.id(), new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
			ids.add(company.id());
		}
		return ids;
	}

	/** Starts reconcile-all-companies on {@code node} and answers its execution once it has ended. */
	static JobExecution reconcileAll(ConfigurableApplicationContext node) throws Exception {
		Job job = node.getBean("reconcileAllCompaniesJob", Job.class);
		return node.getBean(JobOperator.class).startNextInstance(job);
	}

	/** The execution as the repository holds it now, with its step executions and their contexts. */
	static JobExecution reload(ConfigurableApplicationContext node, JobExecution execution) {
		return node.getBean(JobRepository.class).getJobExecution(execution.getId());
	}

	/** The partitions (worker step executions) of one job execution. */
	static List<StepExecution> partitions(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(WORKER_STEP + ":"))
			.sorted((a, b) -> a.getStepName().compareTo(b.getStepName()))
			.toList();
	}

	/** The node each partition ran on last, and how many companies that partition had. */
	static Map<String, Integer> companiesByNode(List<StepExecution> partitions) {
		return partitions.stream()
			.collect(Collectors.groupingBy((p) -> p.getExecutionContext().getString(CompanyPartitions.NODE, "?"),
					TreeMap::new, Collectors.summingInt((p) -> companiesOf(p).size())));
	}

	static List<Long> companiesOf(StepExecution partition) {
		String ids = partition.getExecutionContext().getString(CompanyPartitions.COMPANIES, "");
		return ids.isEmpty() ? List.of() : java.util.Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
	}

	/** How many times scan-changes ran for each company in job executions after {@code afterExecution}. */
	static Map<Long, Integer> scansPerCompany(JdbcClient sql, long afterExecution) {
		Map<Long, Integer> scans = new TreeMap<>();
		sql.sql("""
				SELECT p.PARAMETER_VALUE AS company_id, COUNT(*) AS scans
				FROM BATCH_JOB_EXECUTION e
				JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
				JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
				WHERE i.JOB_NAME = 'scan-changes' AND p.PARAMETER_NAME = 'companyId' AND e.JOB_EXECUTION_ID > ?
				GROUP BY p.PARAMETER_VALUE
				""")
			.param(afterExecution)
			.query((rs, row) -> scans.put(Long.valueOf(rs.getString("company_id")), rs.getInt("scans")))
			.list();
		return scans;
	}

	static long lastJobExecution(JdbcClient sql) {
		return sql.sql("SELECT COALESCE(MAX(JOB_EXECUTION_ID), 0) FROM BATCH_JOB_EXECUTION").query(Long.class).single();
	}

	/** Every wizard item of the companies {@link #companies} made, by company name, in a stable order. */
	static List<String> wizardItems(JdbcClient sql) {
		return sql.sql("""
				SELECT c.name, w.direction, w.object_type, w.external_id, w.action, w.state, w.summary, w.changes,
					w.problems
				FROM wizard_items w JOIN companies c ON c.id = w.company_id
				WHERE c.name LIKE 'Partitioned %'
				ORDER BY c.name, w.direction, w.object_type, w.external_id, w.action, w.state
				""")
			.query((rs, row) -> String.join(" | ", rs.getString(1), rs.getString(2), rs.getString(3),
					String.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
					rs.getString(8), rs.getString(9)))
			.list();
	}

}
