package io.qbsync.delivery;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.qbsync.QbsyncApplication;
import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.NewCompany;
import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.RunOptions;
import io.qbsync.sandbox.SoapResponse;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.singleops.BulkLoad;
import io.qbsync.support.TestDatabase;
import io.qbsync.wizard.ApprovalService;
import io.qbsync.wizard.ScanService;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItems;
import io.qbsync.wizard.StatementCount;
import io.qbsync.release.ReleaseService;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How fast N approved customer Adds drain to QuickBooks through the Web Connector harness over HTTP: wall time, round
 * trips (documents), requests per round trip, and the server's CPU per request. Not a test (nothing runs it in
 * {@code verify}):
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/cp.txt) io.qbsync.delivery.DeliveryBenchmark 10000 250
 * </pre>
 *
 * The second argument is {@code qbsync.sync.max-requests-per-batch}. The application runs in this JVM on a database
 * of its own ({@code qbsync_delivery_bench}, or {@code -Dqbsync.bench.database=...}); the fake QuickBooks and the
 * harness run on the main thread and the JDK HTTP client's, so the server's CPU is the process's CPU time minus
 * theirs (MariaDB's own CPU is not in either). With {@code -Dqbsync.bench.warm-up=K}, K other companies' 2,000 items
 * each are released and drained before anything is timed, as on a server that has been up a while; without it the
 * server's CPU includes compiling its code. The server time is the sum of the SOAP calls' HTTP round trips as the
 * harness sees them.
 * <p>
 * Then, in the same run and on the same database, the {@link DeliveryFloor}: the same rows written with plain batched
 * JDBC and one StAX pass over the same answers. The release before the drain plus the drain's server time is printed
 * as a ratio to that floor, so that a busy machine does not hide progress or a regression.
 * <p>
 * It also counts each SOAP operation's round trips to MariaDB and the time spent in them ({@link StatementCount};
 * {@code -Dqbsync.bench.statements=true} lists them by statement): the harness makes one call at a time, so what the
 * application's data source does during a call is that call's.
 */
public final class DeliveryBenchmark {

	private DeliveryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int n = (args.length > 0) ? Integer.parseInt(args[0].replace("_", "")) : 10_000;
		int batch = (args.length > 1) ? Integer.parseInt(args[1]) : 250;
		try {
			benchmark(n, batch);
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			System.exit(1);
		}
		System.exit(0);
	}

	private static void benchmark(int n, int batch) throws Exception {
		TestDatabase.Connection db = TestDatabase
			.freshDatabase(System.getProperty("qbsync.bench.database", "qbsync_delivery_bench"));
		StatementCount statements = new StatementCount();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(QbsyncApplication.class)
			.logStartupInfo(false)
			.initializers((c) -> c.getBeanFactory().addBeanPostProcessor(statements))
			.run("--server.port=0", "--spring.quartz.auto-startup=false", "--qbsync.import.enabled=false",
					"--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
					"--spring.datasource.password=" + db.password(), "--logging.level.root=WARN",
					"--qbsync.sync.max-requests-per-batch=" + batch, "--qbsync.company.public-url=http://localhost",
					// approval and release timed apart: the release runs below, not on the approval's event
					"--qbsync.release.on-events=false");
		try {
			run(context, n, batch, statements);
		}
		finally {
			context.close();
		}
	}

	private static void run(ConfigurableApplicationContext context, int n, int batch, StatementCount statements)
			throws Exception {
		JdbcClient jdbc = context.getBean(JdbcClient.class);
		Company company = context.getBean(CompanyService.class)
			.create(new NewCompany("Delivery Benchmark", "delivery-bench", "delivery-bench-password-1", "", "13.0", 1,
					false)).company();
		StringBuilder ndjson = new StringBuilder();
		for (int i = 1; i <= n; i++) {
			ndjson.append("{\"type\":\"customers\",\"externalId\":\"C-").append(i)
				.append("\",\"record\":{\"name\":\"Customer ").append(i).append(" Landscaping\",\"email\":\"ap")
				.append(i).append("@example.test\",\"phone\":\"919-555-").append(String.format("%04d", i % 10000))
				.append("\"}}\n");
		}
		context.getBean(BulkLoad.class)
			.load(company.id(), new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
		context.getBean(ScanService.class).scan(company.id());
		List<Long> ids = context.getBean(WizardItems.class).open(company.id()).stream().map(WizardItem::id).toList();
		// -Dqbsync.bench.warm-up=K: K other companies' 2,000 items each released first, untimed, so the release timed
		// below runs compiled code, as on a server that has been up a while
		List<Long> warmUp = approvedCompanies(context, "warm-up", Integer.getInteger("qbsync.bench.warm-up", 0), 2_000);
		for (long warm : warmUp) {
			context.getBean(ReleaseService.class).release(warm);
		}
		long a0 = System.nanoTime();
		context.getBean(ApprovalService.class)
			.approve(company.id(), "benchmark",
					new ApprovalService.Approval(ids, ApprovalService.Unchecked.KEEP, Map.of(), Map.of(), null, false));
		long a1 = System.nanoTime();
		statements.start();
		context.getBean(ReleaseService.class).release(company.id());
		statements.stop();
		long a2 = System.nanoTime();
		Map<String, Long> releaseTrips = statements.counts();
		Map<String, Long> releaseNanos = statements.nanos();

		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		FakeQuickBooks books = FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("13.0")
			.build();
		Map<String, List<Long>> soap = new TreeMap<>(); // SOAPAction -> each call's nanoseconds
		Map<String, Map<String, long[]>> trips = new TreeMap<>(); // SOAPAction -> kind -> {round trips, nanoseconds}
		WebConnectorClient client = new WebConnectorClient(URI.create("http://localhost:" + port + "/qbwc")) {
			@Override
			public SoapResponse post(String soapAction, String contentType, String rawBody) {
				String op = String.valueOf(soapAction).replaceAll(".*/|\"", "");
				statements.start();
				long p0 = System.nanoTime();
				try {
					return super.post(soapAction, contentType, rawBody);
				}
				finally {
					soap.computeIfAbsent(op, (k) -> new ArrayList<>()).add(System.nanoTime() - p0);
					statements.stop();
					Map<String, Long> nanos = statements.nanos();
					statements.counts().forEach((kind, count) -> {
						long[] sum = trips.computeIfAbsent(op, (k) -> new TreeMap<>())
							.computeIfAbsent(kind, (k) -> new long[2]);
						sum[0] += count;
						sum[1] += nanos.getOrDefault(kind, 0L);
					});
				}
			}
		};
		WebConnectorRunner runner = new WebConnectorRunner(client, books);
		for (long warm : warmUp) {
			// and drained, untimed, so that the drain measured runs compiled code too
			drain(context, port, warm);
		}
		Neighbours neighbours = Neighbours.start(context, Integer.getInteger("qbsync.bench.releases-alongside", 0),
				n / 5);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		long cpu0 = os.getProcessCpuTime();
		long main0 = threads.getCurrentThreadCpuTime();
		Map<Long, Long> requestThreads0 = threadsCpu(threads, "http-nio-");
		Map<Long, Long> httpClient0 = threadsCpu(threads, "HttpClient-");
		long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
		double[] settled0 = settled(context);
		long gc0 = gcMillis();
		long t0 = System.nanoTime();
		int sessions = 0;
		int documents = 0;
		while (sessions < 50) {
			Transcript run = runner.run(RunOptions.of("delivery-bench", "delivery-bench-password-1"));
			sessions++;
			documents += run.requests().size();
			if ("none".equals(run.authenticateStatus())) {
				break;
			}
		}
		long t1 = System.nanoTime();
		String alongside = neighbours.stop();
		// the harness: the main thread (the runner and the fake QuickBooks) and the JDK HTTP client's threads
		long harnessCpu = threads.getCurrentThreadCpuTime() - main0
				+ since(httpClient0, threadsCpu(threads, "HttpClient-"));
		long requestCpu = since(requestThreads0, threadsCpu(threads, "http-nio-"));
		long serverCpu = (os.getProcessCpuTime() - cpu0) - harnessCpu;
		long jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
		long gcMillis = gcMillis() - gc0;
		long succeeded = jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'SUCCEEDED'")
			.param(company.id())
			.query(Long.class)
			.single();
		int customers = books.list("Customer").size();
		if (succeeded != n || customers != n) {
			throw new IllegalStateException("Expected " + n + " succeeded and in QuickBooks, got " + succeeded + " and "
					+ customers);
		}
		int requests = books.requestsReceived().size();
		long serverNanos = soap.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
		double wall = (t1 - t0) / 1e9;
		System.out.printf(Locale.ROOT, "%nDelivery benchmark: %s, %d CPUs, max %d requests per document%n",
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), batch);
		System.out.printf(Locale.ROOT, "approve %d items: %.2f s; release into the outbox: %.2f s (%.0f items/s)%n", n,
				(a1 - a0) / 1e9, (a2 - a1) / 1e9, n / ((a2 - a1) / 1e9));
		System.out.printf(Locale.ROOT, "  the release's round trips to MariaDB: %s, ms in them: %s%n",
				releaseTrips.entrySet().stream().filter((e) -> !e.getKey().startsWith(" ")).toList(),
				releaseNanos.entrySet()
					.stream()
					.filter((e) -> !e.getKey().startsWith(" "))
					.map((e) -> e.getKey() + "=" + e.getValue() / 1_000_000)
					.toList());
		releaseTrips.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith(" "))
			.sorted((a, b) -> Long.compare(releaseNanos.get(b.getKey()), releaseNanos.get(a.getKey())))
			.forEach((e) -> System.out.printf(Locale.ROOT, "    %7d x %8.1f ms %s%n", e.getValue(),
					releaseNanos.get(e.getKey()) / 1e6, e.getKey()));
		System.out.printf(Locale.ROOT,
				"drain: %.1f s wall (%.0f adds/s), %d session(s), %d round trips, %.0f requests per round trip, "
						+ "server CPU %.2f ms per request (%.1f s total; harness and fake QuickBooks %.1f s)%n",
				wall, n / wall, sessions, documents, (double) requests / documents, serverCpu / 1e6 / requests,
				serverCpu / 1e9, harnessCpu / 1e9);
		System.out.printf(Locale.ROOT,
				"  of which the request threads %.2f ms per request (%.1f s; the rest is the JIT, GC and other threads, "
						+ "GC for the harness too); JIT compiling %.1f s, GC pauses %.2f s during the drain%n",
				requestCpu / 1e6 / requests, requestCpu / 1e9, jitMillis / 1e3, gcMillis / 1e3);
		StringBuilder calls = new StringBuilder();
		soap.forEach((op, v) -> {
			long[] sorted = v.stream().mapToLong(Long::longValue).sorted().toArray();
			long sum = v.stream().mapToLong(Long::longValue).sum();
			calls.append(String.format(Locale.ROOT, "%n  %s %d x %.1f ms = %.2f s (p50 %.1f ms, p95 %.1f ms, max %.1f ms)",
					op, sorted.length, sum / 1e6 / sorted.length, sum / 1e9, percentile(sorted, 50) / 1e6,
					percentile(sorted, 95) / 1e6, sorted[sorted.length - 1] / 1e6));
		});
		System.out.printf(Locale.ROOT, "SOAP calls:%s%n", calls);
		if (!alongside.isEmpty()) {
			System.out.println(alongside);
		}
		trips.forEach((op, kinds) -> {
			int count = soap.get(op).size();
			System.out.printf(Locale.ROOT, "  %s round trips to MariaDB per call: %s%n", op, kinds.entrySet()
				.stream()
				.filter((e) -> !e.getKey().startsWith(" "))
				.map((e) -> String.format(Locale.ROOT, "%s %.1f (%.1f ms)", e.getKey(), e.getValue()[0] / (double) count,
						e.getValue()[1] / 1e6 / count))
				.toList());
			kinds.entrySet()
				.stream()
				.filter((e) -> e.getKey().startsWith(" "))
				.sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
				.forEach((e) -> System.out.printf(Locale.ROOT, "    %7.1f x %7.2f ms %s%n",
						e.getValue()[0] / (double) count, e.getValue()[1] / 1e6 / count, e.getKey()));
		});
		double[] settled = settled(context);
		long settles = (long) (settled[0] - settled0[0]);
		if (settles > 0) {
			// the part of receiveResponseXML that settles the answer's items (Deliveries.received), apart from SOAP,
			// the session's own rows and the commit
			System.out.printf(Locale.ROOT, "  of receiveResponseXML, settling the answer: %d x %.1f ms%n", settles,
					(settled[1] - settled0[1]) / settles);
		}
		Company scratch = context.getBean(CompanyService.class)
			.create(new NewCompany("Delivery Floor", "delivery-floor", "delivery-floor-password-1", "", "13.0", 1,
					false)).company();
		DeliveryFloor.Result floor = DeliveryFloor.measure(context.getBean(DataSource.class), jdbc, company.id(),
				scratch.id());
		double floorS = floor.totalNanos() / 1e9;
		double releaseS = (a2 - a1) / 1e9;
		System.out.printf(Locale.ROOT,
				"floor (%d items, %d answers): %.2f s = rows %.2f s + StAX %.3f s%n", floor.items(),
				floor.documents(), floorS, floor.rowsNanos() / 1e9, floor.staxNanos() / 1e9);
		System.out.printf(Locale.ROOT,
				"delivery server time %.2f s (release before the drain %.2f s + SOAP calls %.2f s) = %.1fx floor "
						+ "(%.2f s: rows %.2f s + StAX %.3f s)%n",
				releaseS + serverNanos / 1e9, releaseS, serverNanos / 1e9, (releaseS + serverNanos / 1e9) / floorS,
				floorS, floor.rowsNanos() / 1e9, floor.staxNanos() / 1e9);
		long[] settleFloor = floor.settleNanos().stream().mapToLong(Long::longValue).toArray();
		long[] receive = soap.get("receiveResponseXML").stream().mapToLong(Long::longValue).sorted().toArray();
		System.out.printf(Locale.ROOT,
				"receiveResponseXML p50 %.1f / p95 %.1f ms; the floor of settling one answer (its StAX pass, then the "
						+ "document, items and links written and committed) p50 %.1f / p95 %.1f ms: %.1fx at p95%n",
				percentile(receive, 50) / 1e6, percentile(receive, 95) / 1e6, percentile(settleFloor, 50) / 1e6,
				percentile(settleFloor, 95) / 1e6, (double) percentile(receive, 95) / percentile(settleFloor, 95));
	}

	/** {@code count} new companies with {@code size} approved customer Adds each, not released; their ids. */
	private static List<Long> approvedCompanies(ConfigurableApplicationContext context, String prefix, int count,
			int size) {
		List<Long> companies = new ArrayList<>();
		for (int c = 0; c < count; c++) {
			Company company = context.getBean(CompanyService.class)
				.create(new NewCompany(prefix + " " + c, prefix + "-" + c, password(prefix + "-" + c), "", "13.0", 1,
						false)).company();
			StringBuilder ndjson = new StringBuilder();
			for (int i = 1; i <= size; i++) {
				ndjson.append("{\"type\":\"customers\",\"externalId\":\"N-").append(i)
					.append("\",\"record\":{\"name\":\"").append(prefix).append(' ').append(c).append(" Customer ")
					.append(i)
					.append("\"}}\n");
			}
			try {
				context.getBean(BulkLoad.class)
					.load(company.id(), new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			context.getBean(ScanService.class).scan(company.id());
			List<Long> ids = context.getBean(WizardItems.class).open(company.id()).stream().map(WizardItem::id).toList();
			context.getBean(ApprovalService.class)
				.approve(company.id(), "benchmark", new ApprovalService.Approval(ids, ApprovalService.Unchecked.KEEP,
						Map.of(), Map.of(), null, false));
			companies.add(company.id());
		}
		return companies;
	}

	/**
	 * Other companies whose approved items are released while the drain runs ({@code -Dqbsync.bench.releases-alongside=K}
	 * companies of {@code size} approved customer Adds each, set up before the drain, released one after another
	 * with a second between them), so sendRequestXML is timed while releases run. Their statements are not counted in
	 * the drain's round trips, and their CPU is in the server's.
	 */
	private static final class Neighbours {

		private final Thread thread;

		private final List<String> releases = java.util.Collections.synchronizedList(new ArrayList<>());

		private volatile boolean stop;

		private Neighbours(ConfigurableApplicationContext context, List<Long> companies) {
			this.thread = new Thread(() -> {
				StatementCount.uncounted();
				for (long companyId : companies) {
					if (this.stop) {
						break;
					}
					long r0 = System.nanoTime();
					long written = context.getBean(ReleaseService.class)
						.release(companyId)
						.map((e) -> e.getStepExecutions().stream().mapToLong((s) -> s.getWriteCount()).sum())
						.orElse(0L);
					this.releases.add(String.format(Locale.ROOT, "%d in %.2f s", written, (System.nanoTime() - r0) / 1e9));
					try {
						Thread.sleep(1000);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "neighbours");
			if (!companies.isEmpty()) {
				this.thread.start();
			}
		}

		static Neighbours start(ConfigurableApplicationContext context, int count, int size) {
			return new Neighbours(context, approvedCompanies(context, "neighbour", count, size));
		}

		/** Stops releasing; what was released alongside, or nothing when no neighbour was set up. */
		String stop() throws InterruptedException {
			this.stop = true;
			this.thread.join();
			return this.releases.isEmpty() ? "" : "released alongside the drain: " + this.releases;
		}

	}

	/** The Web Connector password of a company {@link #approvedCompanies} made. */
	private static String password(String username) {
		return username + "-password";
	}

	/** Drains a company's released documents with a Web Connector of its own. */
	private static void drain(ConfigurableApplicationContext context, int port, long companyId) {
		Company company = context.getBean(CompanyService.class).get(companyId);
		FakeQuickBooks books = FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("13.0")
			.build();
		WebConnectorRunner runner = new WebConnectorRunner(
				new WebConnectorClient(URI.create("http://localhost:" + port + "/qbwc")), books);
		for (int session = 0; session < 50; session++) {
			if ("none".equals(runner.run(RunOptions.of(company.username(), password(company.username())))
				.authenticateStatus())) {
				return;
			}
		}
	}

	/** How many answers the delivery has settled so far, and the milliseconds it took in all. */
	private static double[] settled(ConfigurableApplicationContext context) {
		io.micrometer.core.instrument.Timer settle = context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
			.find("qbsync.delivery.settle")
			.tag("kind", "answer")
			.timer();
		return (settle == null) ? new double[2]
				: new double[] { settle.count(), settle.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) };
	}

	private static long gcMillis() {
		return ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.mapToLong((gc) -> Math.max(0, gc.getCollectionTime()))
			.sum();
	}

	/** CPU time spent by the threads of {@code after} since {@code before}. */
	private static long since(Map<Long, Long> before, Map<Long, Long> after) {
		return after.entrySet().stream().mapToLong((e) -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
	}

	/** CPU time so far of each thread whose name starts so (Tomcat's request threads: "http-nio-"), by thread id. */
	private static Map<Long, Long> threadsCpu(ThreadMXBean threads, String namePrefix) {
		Map<Long, Long> cpu = new TreeMap<>();
		for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().startsWith(namePrefix)) {
				long time = threads.getThreadCpuTime(info.getThreadId());
				if (time >= 0) {
					cpu.put(info.getThreadId(), time);
				}
			}
		}
		return cpu;
	}

	/** The nearest-rank percentile of sorted values. */
	private static long percentile(long[] sorted, int p) {
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}

}
