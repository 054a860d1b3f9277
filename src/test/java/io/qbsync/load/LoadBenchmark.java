package io.qbsync.load;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.qbsync.QbsyncApplication;
import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.CreatedCompany;
import io.qbsync.company.NewCompany;
import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.QbNode;
import io.qbsync.sandbox.RunOptions;
import io.qbsync.sandbox.SoapResponse;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.release.ReleaseService;
import io.qbsync.singleops.BulkLoad;
import io.qbsync.support.TestDatabase;
import io.qbsync.wizard.ApprovalService;
import io.qbsync.wizard.ScanService;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItems;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Many companies' Web Connectors at once, optionally under attack: every company has a backlog of approved customer
 * Adds, and its Web Connector (the HTTP harness, one thread each, starting at a random moment within the first
 * seconds, as schedules spread real ones) runs sessions until nothing is left; then each gets a new backlog and its
 * Web Connector runs again, as it would an hour later. The first run is the one after a start (no password is
 * remembered, and no address is usual yet); the second is the server's everyday work. Each company's password is one
 * qbsync generated (a SHA-256 to check), as the setup steps advise; with {@code -Dqbsync.bench.chosen-passwords=true}
 * each is one an admin typed (bcrypt's, about 100 ms of a core at each company's first login after the start). Reports the latency of every SOAP
 * call by operation (p50, p99, max), errors, the pool's peak use and the heap after the run, and checks that each
 * company's fake QuickBooks holds exactly its own customers. Not a test (nothing runs it in {@code verify}):
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/cp.txt) io.qbsync.load.LoadBenchmark 200 20 0
 * java -Xmx1g -cp target/test-classes:target/classes:$(cat target/cp.txt) io.qbsync.load.LoadBenchmark 200 20 20
 * </pre>
 *
 * Arguments: companies, customers per company, attacking threads. The attack ({@link LoadAttack}, a process of its
 * own), from addresses of its own, runs the whole time: wrong passwords for the real usernames and for made-up ones,
 * 9 MB bodies, and tickets that are made up or belonged to sessions that ended. The application runs in this JVM on
 * a database of its own ({@code qbsync_load_bench}).
 */
public final class LoadBenchmark {

	private static final boolean CHOSEN_PASSWORDS = Boolean.getBoolean("qbsync.bench.chosen-passwords");

	private LoadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int companies = (args.length > 0) ? Integer.parseInt(args[0]) : 200;
		int customers = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		int attackers = (args.length > 2) ? Integer.parseInt(args[2]) : 0;
		int spreadSeconds = (args.length > 3) ? Integer.parseInt(args[3]) : 30;
		try {
			benchmark(companies, customers, attackers, spreadSeconds);
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			System.exit(1);
		}
		System.exit(0);
	}

	private static void benchmark(int companies, int customers, int attackers, int spread) throws Exception {
		TestDatabase.Connection db = TestDatabase.freshDatabase("qbsync_load_bench");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(QbsyncApplication.class)
			.logStartupInfo(false)
			.run("--server.port=0", "--spring.quartz.auto-startup=false", "--qbsync.import.enabled=false",
					"--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
					"--spring.datasource.password=" + db.password(), "--logging.level.root=ERROR",
					"--qbsync.company.public-url=http://localhost", "--qbsync.webconnector.max-active-sessions=1000");
		try {
			run(context, companies, customers, attackers, spread);
		}
		finally {
			context.close();
		}
	}

	private record Tenant(Company company, String password, FakeQuickBooks books) {
	}

	private static void run(ConfigurableApplicationContext context, int n, int customers, int attackers, int spread)
			throws Exception {
		JdbcClient jdbc = context.getBean(JdbcClient.class);
		List<Tenant> tenants = new ArrayList<>();
		long s0 = System.nanoTime();
		for (int c = 0; c < n; c++) {
			// a password qbsync generates, as the setup steps advise, unless the run is told to type them (bcrypt's)
			CreatedCompany created = context.getBean(CompanyService.class)
				.create(new NewCompany("Load " + c, "load-" + c, CHOSEN_PASSWORDS ? "load-bench-password-" + c : null, "",
						"13.0", 1, false));
			Company company = created.company();
			String password = CHOSEN_PASSWORDS ? "load-bench-password-" + c : created.generatedPassword();
			backlog(context, company, c, 1, customers);
			tenants.add(new Tenant(company, password, FakeQuickBooks.builder()
				.fileId(company.fileId())
				.ownerId(company.ownerId())
				.supportedQbXmlVersions("13.0")
				.build()));
		}
		System.out.printf(Locale.ROOT, "set up %d companies with %d approved customers each in %.1f s%n", n,
				customers, (System.nanoTime() - s0) / 1e9);

		URI endpoint = URI.create("http://localhost:"
				+ ((WebServerApplicationContext) context).getWebServer().getPort() + "/qbwc");
		AtomicBoolean done = new AtomicBoolean();
		HikariDataSource pool = context.getBean(HikariDataSource.class);
		AtomicInteger peakActive = new AtomicInteger();
		AtomicInteger peakWaiting = new AtomicInteger();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		AtomicLong peakHeap = new AtomicLong();
		Thread sampler = new Thread(() -> {
			while (!done.get()) {
				peakActive.accumulateAndGet(pool.getHikariPoolMXBean().getActiveConnections(), Math::max);
				peakWaiting.accumulateAndGet(pool.getHikariPoolMXBean().getThreadsAwaitingConnection(), Math::max);
				peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
				sleep(20);
			}
		});
		sampler.start();

		AttackProcess attack = (attackers > 0) ? AttackProcess.start(endpoint, attackers, tenants) : null;
		java.util.function.Consumer<String> endedTickets = (attack != null) ? attack::ended : (ticket) -> {
		};
		System.out.printf(Locale.ROOT, "%nLoad benchmark: %d companies x %d customers, %d attacking threads, starts "
				+ "spread over %d s; %s, %d CPUs%n", n, customers, attackers, spread,
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());
		System.out.println("first run since the server started (no password remembered, no usual address; passwords "
				+ (CHOSEN_PASSWORDS ? "typed, bcrypt's" : "generated, SHA-256's") + "):");
		long[] server0 = serverCalls(context);
		drain(endpoint, tenants, spread, endedTickets);
		printServerCalls(server0, serverCalls(context));
		// an hour later, as it were: a new backlog for every company, and its Web Connector runs again
		long s1 = System.nanoTime();
		for (int c = 0; c < n; c++) {
			backlog(context, tenants.get(c).company(), c, customers + 1, 2 * customers);
		}
		System.out.printf(Locale.ROOT, "%nset up %d more approved customers each in %.1f s%n", customers,
				(System.nanoTime() - s1) / 1e9);
		System.out.println("the next run (passwords remembered, the usual addresses known):");
		long[] server1 = serverCalls(context);
		drain(endpoint, tenants, spread, endedTickets);
		printServerCalls(server1, serverCalls(context));
		String attacked = (attack != null) ? attack.stop() : "";
		done.set(true);
		sampler.join();

		// the oracle: every company's QuickBooks holds exactly its own customers, each once, each linked
		int expected = 2 * customers;
		Set<String> wrong = new HashSet<>();
		for (Tenant tenant : tenants) {
			List<QbNode> list = tenant.books().list("Customer");
			Set<String> names = new HashSet<>();
			for (QbNode node : list) {
				names.add(node.text("Name"));
			}
			String prefix = "Company " + tenant.company().name().substring("Load ".length()) + " Customer ";
			boolean own = names.stream().allMatch((name) -> name.startsWith(prefix));
			long linked = jdbc.sql("SELECT COUNT(*) FROM singleops_records WHERE company_id = ? AND qb_id IS NOT NULL")
				.param(tenant.company().id())
				.query(Long.class)
				.single();
			if (list.size() != expected || names.size() != expected || !own || linked != expected) {
				wrong.add(tenant.company().username() + " has " + list.size() + " customers (" + names.size()
						+ " names, own " + own + ", linked " + linked + ")");
			}
		}
		System.gc();
		long heapAfter = memory.getHeapMemoryUsage().getUsed();

		System.out.printf(Locale.ROOT, "%npool: max %d, peak active %d, peak waiting %d; heap peak %d MB, after GC %d MB%n",
				pool.getMaximumPoolSize(), peakActive.get(), peakWaiting.get(), peakHeap.get() >> 20, heapAfter >> 20);
		if (attack != null) {
			System.out.println(attacked);
		}
		System.out.printf(Locale.ROOT, "companies whose QuickBooks is not exactly right: %d %s%n", wrong.size(),
				wrong.stream().limit(5).toList());
	}

	private static final double[] SERVER_BOUNDS_MS = { 50, 100, 250 };

	/**
	 * The server's own timer of Web Connector calls ({@code WebConnectorCallTimer}, from the endpoint's view, without
	 * the harness's HTTP client and threads): how many calls so far, and how many within each of
	 * {@link #SERVER_BOUNDS_MS}.
	 */
	private static long[] serverCalls(ConfigurableApplicationContext context) {
		long[] counts = new long[SERVER_BOUNDS_MS.length + 1];
		for (io.micrometer.core.instrument.Timer timer : context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
			.find("qbsync.webconnector.calls")
			.timers()) {
			io.micrometer.core.instrument.distribution.HistogramSnapshot snapshot = timer.takeSnapshot();
			counts[0] += snapshot.count();
			for (io.micrometer.core.instrument.distribution.CountAtBucket bucket : snapshot.histogramCounts()) {
				for (int b = 0; b < SERVER_BOUNDS_MS.length; b++) {
					if (bucket.bucket(TimeUnit.MILLISECONDS) == SERVER_BOUNDS_MS[b]) {
						counts[b + 1] += (long) bucket.count();
					}
				}
			}
		}
		return counts;
	}

	private static void printServerCalls(long[] before, long[] after) {
		long calls = after[0] - before[0];
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
				"  the server's own timer (the endpoint's view, the attack's calls included): %d calls", calls));
		for (int b = 0; b < SERVER_BOUNDS_MS.length; b++) {
			line.append(String.format(Locale.ROOT, ", %.1f%% within %.0f ms",
					100.0 * (after[b + 1] - before[b + 1]) / Math.max(1, calls), SERVER_BOUNDS_MS[b]));
		}
		System.out.println(line);
	}

	/** Customers {@code from} to {@code to} of company number {@code c}, loaded, scanned, approved and released. */
	private static void backlog(ConfigurableApplicationContext context, Company company, int c, int from, int to)
			throws java.io.IOException {
		StringBuilder ndjson = new StringBuilder();
		for (int i = from; i <= to; i++) {
			ndjson.append("{\"type\":\"customers\",\"externalId\":\"C-").append(i)
				.append("\",\"record\":{\"name\":\"Company ").append(c).append(" Customer ").append(i)
				.append("\"}}\n");
		}
		context.getBean(BulkLoad.class)
			.load(company.id(), new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)));
		context.getBean(ScanService.class).scan(company.id());
		List<Long> ids = context.getBean(WizardItems.class).open(company.id()).stream().map(WizardItem::id).toList();
		context.getBean(ApprovalService.class)
			.approve(company.id(), "benchmark",
					new ApprovalService.Approval(ids, ApprovalService.Unchecked.KEEP, Map.of(), Map.of(), null, null));
		context.getBean(ReleaseService.class).release(company.id());
	}

	/**
	 * Every company's Web Connector (one thread each, starting within {@code spread} seconds) runs sessions until
	 * nothing is left; prints the latencies of the SOAP calls by operation.
	 */
	private static void drain(URI endpoint, List<Tenant> tenants, int spread,
			java.util.function.Consumer<String> endedTickets)
			throws Exception {
		Latencies latencies = new Latencies();
		AtomicInteger errors = new AtomicInteger();
		AtomicInteger putOff = new AtomicInteger();
		List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
		ExecutorService connectors = Executors.newFixedThreadPool(tenants.size());
		List<Future<Integer>> runs = new ArrayList<>();
		long t0 = System.nanoTime();
		for (Tenant tenant : tenants) {
			long start = ThreadLocalRandom.current().nextLong(Math.max(1, spread * 1000L));
			runs.add(connectors.submit(() -> {
				sleep(start);
				WebConnectorRunner runner = new WebConnectorRunner(new TimedClient(endpoint, latencies), tenant.books());
				int sessions = 0;
				while (sessions < 30) {
					Transcript run = runner.run(RunOptions.of(tenant.company().username(), tenant.password()));
					sessions++;
					run.calls("closeConnection").forEach((c) -> endedTickets.accept(c.arguments().get("ticket")));
					run.calls().stream().filter((c) -> c.error() != null).forEach((c) -> {
						errors.incrementAndGet();
						if (errorSamples.size() < 5) {
							errorSamples.add(tenant.company().username() + " " + c.operation() + ": " + c.error());
						}
					});
					List<String> answer = run.authenticateResult();
					if ("none".equals(run.authenticateStatus()) && answer.size() > 2 && answer.get(0).isEmpty()) {
						// no password check was free: put off, as the Web Connector would be, and back a second later
						putOff.incrementAndGet();
						sleep(1000);
						continue;
					}
					if ("none".equals(run.authenticateStatus())) {
						break;
					}
					if ("nvu".equals(run.authenticateStatus())) {
						errors.incrementAndGet();
						errorSamples.add(tenant.company().username() + " was refused (nvu)");
						sleep(1000);
					}
				}
				return sessions;
			}));
		}
		int sessions = 0;
		for (Future<Integer> run : runs) {
			sessions += run.get(30, TimeUnit.MINUTES);
		}
		long t1 = System.nanoTime();
		connectors.shutdown();
		System.out.printf(Locale.ROOT, "wall %.1f s, %d sessions, %d Web Connector errors %s, %d logins put off (busy)%n",
				(t1 - t0) / 1e9, sessions, errors.get(), errorSamples.stream().limit(5).toList(), putOff.get());
		latencies.print();
	}

	/**
	 * The attack's own JVM ({@link LoadAttack}), run under {@code nice} ({@code -Dqbsync.bench.attack-nice}, 10 unless
	 * said): on this machine the attackers' CPU is the server's CPU, where real ones spend their own. What the server
	 * does to refuse them stays in the figures.
	 */
	private static final class AttackProcess {

		private final Process process;

		private final java.io.Writer tickets;

		private AttackProcess(Process process) {
			this.process = process;
			this.tickets = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		}

		static AttackProcess start(URI endpoint, int threads, List<Tenant> tenants) throws java.io.IOException {
			String java = ProcessHandle.current().info().command().orElse("java");
			String usernames = String.join(",", tenants.stream().map((t) -> t.company().username()).toList());
			String nice = System.getProperty("qbsync.bench.attack-nice", "10");
			Process process = new ProcessBuilder("nice", "-n", nice, java, "-Xmx512m", "-cp",
					System.getProperty("java.class.path"), LoadAttack.class.getName(), endpoint.toString(),
					Integer.toString(threads), usernames)
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			return new AttackProcess(process);
		}

		/** A ticket whose session ended, for the attack to try again. */
		synchronized void ended(String ticket) {
			try {
				this.tickets.write(ticket + "\n");
				this.tickets.flush();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		/** Stops the attack; what it got back. */
		synchronized String stop() throws Exception {
			this.tickets.close();
			String out = new String(this.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			this.process.waitFor(3, TimeUnit.MINUTES);
			return out.strip();
		}

	}

	/** The harness's client, timing every SOAP call. */
	private static final class TimedClient extends WebConnectorClient {

		private final Latencies latencies;

		TimedClient(URI endpoint, Latencies latencies) {
			super(endpoint, Duration.ofSeconds(120));
			this.latencies = latencies;
		}

		@Override
		public SoapResponse post(String soapAction, String contentType, String rawBody) {
			long t0 = System.nanoTime();
			try {
				return super.post(soapAction, contentType, rawBody);
			}
			finally {
				this.latencies.add(soapAction, System.nanoTime() - t0);
			}
		}

	}

	/** Call durations by SOAP operation. */
	private static final class Latencies {

		private static final int WINDOW_SECONDS = 5;

		private final Map<String, List<Long>> byOperation = new ConcurrentHashMap<>();

		/** Every call's latency by the window of the run it ended in: whether the slow ones come early (a cold JVM). */
		private final Map<Long, List<Long>> byWindow = new ConcurrentHashMap<>();

		private final long t0 = System.nanoTime();

		void add(String soapAction, long nanos) {
			String operation = (soapAction == null) ? "?" : soapAction.replaceAll(".*/", "").replace("\"", "");
			this.byOperation.computeIfAbsent(operation, (k) -> Collections.synchronizedList(new ArrayList<>()))
				.add(nanos);
			long window = (System.nanoTime() - this.t0) / 1_000_000_000L / WINDOW_SECONDS;
			this.byWindow.computeIfAbsent(window, (k) -> Collections.synchronizedList(new ArrayList<>())).add(nanos);
		}

		void print() {
			List<Long> all = new ArrayList<>();
			new TreeMap<>(this.byOperation).forEach((operation, list) -> {
				List<Long> sorted = new ArrayList<>(list);
				all.addAll(sorted);
				line(operation, sorted);
			});
			line("every call", all);
			StringBuilder windows = new StringBuilder("  every call by when it ended, p99 (calls):");
			new TreeMap<>(this.byWindow).forEach((window, list) -> {
				List<Long> sorted = new ArrayList<>(list);
				Collections.sort(sorted);
				windows.append(String.format(Locale.ROOT, " %d-%d s %.0f ms (%d);", window * WINDOW_SECONDS,
						(window + 1) * WINDOW_SECONDS, at(sorted, 0.99), sorted.size()));
			});
			System.out.println(windows);
		}

		private static void line(String what, List<Long> values) {
			Collections.sort(values);
			System.out.printf(Locale.ROOT, "  %-20s %7d calls  p50 %7.1f ms  p99 %7.1f ms  max %8.1f ms%n", what,
					values.size(), at(values, 0.50), at(values, 0.99), values.get(values.size() - 1) / 1e6);
		}

		private static double at(List<Long> sorted, double q) {
			return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
		}

	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
