package io.qbsync.wizard;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.qbsync.QbsyncApplication;
import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.NewCompany;
import io.qbsync.singleops.SingleOpsService;
import io.qbsync.singleops.StoredRecord;
import io.qbsync.support.TestDatabase;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How fast one company's scan turns a journal of N field-service changes into N wizard items, and how much heap it
 * needs, next to a raw batched INSERT of N rows into the same MariaDB. Not a test (nothing runs it in
 * {@code verify}). One N per JVM, so heap figures of different sizes do not mix; run it with a fixed {@code -Xmx} at
 * two sizes and compare the peaks:
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx512m -cp target/test-classes:target/classes:$(cat target/cp.txt) io.qbsync.wizard.ScanBenchmark 100000
 * java -Xmx512m -cp target/test-classes:target/classes:$(cat target/cp.txt) io.qbsync.wizard.ScanBenchmark 1000000
 * </pre>
 *
 * It starts the application (on a random port, no Quartz, no QuickBooks import) on a database of its own,
 * {@code qbsync_scan_bench} (or {@code -Dqbsync.bench.database=...}), on the MariaDB the tests use ({@code QBSYNC_TEST_DB_URL}, else an embedded one). It
 * creates one company and loads N records (nine in ten customers with name, email and phone, one in ten service
 * items) and their N journal rows with batched JDBC inserts, in the canonical JSON a PUT stores (checked against a
 * real PUT first). The QuickBooks change set is empty: a company's first load. Then it runs
 * {@link ScanService#scan(long)} and checks that it made N open ADD items.
 * <p>
 * Then, in the same run and on the same database, the {@link ScanFloor}: the same wizard items inserted with plain
 * batched JDBC into a scratch company. The scan's time is printed as a ratio to that floor, so that a busy machine
 * does not hide progress or a regression.
 * <p>
 * Heap: a thread samples the heap in use every 100 ms (its peak depends on when the collector runs, so it is at most
 * {@code -Xmx} whatever the work); the figure that shows whether memory grows with N is the live heap, the most
 * the old generation held right after a collection during the scan, and the heap in use after a full collection
 * at the end.
 * <p>
 * It also prints the scan thread's CPU time (the rest of the scan's time is spent waiting on MariaDB, or for a core on
 * a busy machine) and the round trips the scan made to MariaDB ({@link StatementCount}).
 */
public final class ScanBenchmark {

	private static final int BATCH = 1000;

	private static final int COMMIT_EVERY = 20_000;

	private ScanBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int n = (args.length > 0) ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
		try {
			benchmark(n);
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			System.exit(1);
		}
		System.exit(0);
	}

	private static void benchmark(int n) throws Exception {
		TestDatabase.Connection db = TestDatabase
			.freshDatabase(System.getProperty("qbsync.bench.database", "qbsync_scan_bench"));
		StatementCount statements = new StatementCount();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(QbsyncApplication.class)
			.logStartupInfo(false)
			.initializers((c) -> c.getBeanFactory().addBeanPostProcessor(statements))
			.run("--server.port=0", "--spring.quartz.auto-startup=false", "--qbsync.import.enabled=false",
					"--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
					"--spring.datasource.password=" + db.password(), "--logging.level.root=WARN",
					"--logging.level.io.qbsync.wizard=INFO");
		try {
			run(context, n, statements);
		}
		finally {
			context.close();
		}
	}

	private static void run(ConfigurableApplicationContext context, int n, StatementCount statements)
			throws Exception {
		CompanyService companies = context.getBean(CompanyService.class);
		DataSource dataSource = context.getBean(DataSource.class);
		JdbcClient jdbc = context.getBean(JdbcClient.class);
		Company company = companies.create(new NewCompany("Scan Benchmark", "scan-bench", "scan-bench-password-1",
				"", "13.0", 60, false)).company();
		checkCanonicalJson(context.getBean(SingleOpsService.class), jdbc, company.id());

		// the baseline: N records, then their N journal rows, batched
		long firstId = jdbc.sql("SELECT COALESCE(MAX(id), 0) + 1 FROM singleops_records").query(Long.class).single();
		long t0 = System.nanoTime();
		insertRecords(dataSource, company.id(), firstId, n);
		long t1 = System.nanoTime();
		insertJournal(dataSource, company.id(), firstId, n);
		long t2 = System.nanoTime();
		// the probe records of checkCanonicalJson are in the journal too: the scan makes N + 2 items
		long journal = jdbc.sql("SELECT COUNT(*) FROM singleops_changes WHERE company_id = ?")
			.param(company.id())
			.query(Long.class)
			.single();

		HeapWatch heap = new HeapWatch();
		heap.start();
		statements.start();
		long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
		long s0 = System.nanoTime();
		JobExecution execution = context.getBean(ScanService.class).scan(company.id());
		long s1 = System.nanoTime();
		long c1 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
		statements.stop();
		heap.stop();
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			throw new IllegalStateException("The scan ended " + execution.getStatus() + ": "
					+ execution.getAllFailureExceptions());
		}
		long open = jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ? AND state = 'OPEN' AND action = 'ADD'")
			.param(company.id())
			.query(Long.class)
			.single();
		if (open != journal) {
			throw new IllegalStateException("Expected " + journal + " open ADD items, found " + open);
		}

		long items = jdbc.sql("SELECT COUNT(*) FROM wizard_items WHERE company_id = ?")
			.param(company.id())
			.query(Long.class)
			.single();
		Company scratch = companies.create(new NewCompany("Scan Floor", "scan-floor", "scan-floor-password-1", "",
				"13.0", 60, false)).company();
		double floorS = ScanFloor.measure(dataSource, jdbc, company.id(), scratch.id(), items) / 1e9;

		double recordsS = (t1 - t0) / 1e9;
		double journalS = (t2 - t1) / 1e9;
		double scanS = (s1 - s0) / 1e9;
		Runtime rt = Runtime.getRuntime();
		System.out.printf(Locale.ROOT, "%nScan benchmark: %s, %d CPUs, -Xmx %d MB, GC %s%n",
				System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
				rt.availableProcessors(), rt.maxMemory() >> 20, gcNames());
		System.out.printf(Locale.ROOT, "%-10s | %-24s | %-24s | %-26s | %-14s | %-14s | %-14s%n", "N",
				"INSERT records (rows/s)", "INSERT journal (rows/s)", "scan -> wizard items (/s)", "heap peak used",
				"live peak (GC)", "after full GC");
		System.out.printf(Locale.ROOT, "%-10d | %8.1f s (%9.0f/s) | %8.1f s (%9.0f/s) | %8.1f s (%11.0f/s) | %11d MB | %11d MB | %11d MB%n",
				n, recordsS, n / recordsS, journalS, n / journalS, scanS, journal / scanS, heap.peakUsed >> 20,
				heap.peakLive() >> 20, heap.afterFullGc >> 20);
		System.out.printf(Locale.ROOT, "(before the scan, after a full GC: %d MB in use; sum of pool peaks during the scan %d MB)%n",
				heap.beforeFullGc >> 20, heap.poolPeaks >> 20);
		System.out.printf(Locale.ROOT,
				"scan %d changes %.2f s (%.0f items/s) = %.1fx floor (%.2f s inserting the %d wizard items, %.0f/s)%n",
				journal, scanS, journal / scanS, scanS / floorS, floorS, items, items / floorS);
		System.out.printf(Locale.ROOT, "scan thread CPU %.2f s (%.0f%% of the scan's time; the rest waits on MariaDB, or for a core)%n",
				(c1 - c0) / 1e9, 100.0 * (c1 - c0) / (s1 - s0));
		Map<String, Long> trips = statements.counts();
		Map<String, Long> millis = statements.millis();
		System.out.printf(Locale.ROOT, "scan round trips to MariaDB: %s (%.3f per item), ms in them: %s%n",
				trips.entrySet().stream().filter((e) -> !e.getKey().startsWith(" ")).toList(),
				trips.get("all") / (double) journal,
				millis.entrySet().stream().filter((e) -> !e.getKey().startsWith(" ")).toList());
		trips.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith(" "))
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((e) -> System.out.printf(Locale.ROOT, "%8d %8d ms %s%n", e.getValue(), millis.get(e.getKey()),
					e.getKey()));
	}

	/** Loads two records through the service, as a PUT does, and checks that {@link #customer} writes the same JSON. */
	private static void checkCanonicalJson(SingleOpsService service, JdbcClient jdbc, long companyId) {
		StoredRecord c = service.put(companyId, "customers", "probe-c",
				"{\"name\": \"Customer 000007 Landscaping\", \"email\": \"ap7@example.test\", \"phone\": \"919-555-0007\"}"
					.getBytes(StandardCharsets.UTF_8))
			.record();
		StoredRecord i = service.put(companyId, "items", "probe-i",
				"{\"name\": \"Service 000007\", \"type\": \"SERVICE\", \"rate\": 45.50, \"incomeAccount\": \"Sales\"}"
					.getBytes(StandardCharsets.UTF_8))
			.record();
		if (!c.data().equals(customer(7)) || !c.contentHash().equals(sha256(customer(7)))
				|| !i.data().equals(item(7)) || !i.contentHash().equals(sha256(item(7)))) {
			throw new IllegalStateException("The benchmark's JSON is not what a PUT stores: " + c.data() + " / "
					+ i.data() + " vs " + customer(7) + " / " + item(7));
		}
	}

	static boolean isItem(int i) {
		return i % 10 == 9;
	}

	static String customer(int i) {
		return String.format(Locale.ROOT,
				"{\"name\":\"Customer %06d Landscaping\",\"email\":\"ap%d@example.test\",\"phone\":\"919-555-%04d\"}", i, i,
				i % 10_000);
	}

	static String item(int i) {
		return String.format(Locale.ROOT,
				"{\"name\":\"Service %06d\",\"type\":\"SERVICE\",\"rate\":\"45.5\",\"incomeAccount\":\"Sales\"}", i);
	}

	private static String data(int i) {
		return isItem(i) ? item(i) : customer(i);
	}

	private static void insertRecords(DataSource dataSource, long companyId, long firstId, int n) throws Exception {
		Timestamp now = Timestamp.from(Instant.now());
		try (Connection c = dataSource.getConnection()) {
			c.setAutoCommit(false);
			try (PreparedStatement s = c.prepareStatement("""
					INSERT INTO singleops_records (id, company_id, record_type, external_id, data, content_hash, deleted,
						version, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, FALSE, 1, ?, ?)
					""")) {
				for (int i = 0; i < n; i++) {
					String data = data(i);
					s.setLong(1, firstId + i);
					s.setLong(2, companyId);
					s.setString(3, isItem(i) ? "ITEMS" : "CUSTOMERS");
					s.setString(4, (isItem(i) ? "I-" : "C-") + i);
					s.setString(5, data);
					s.setString(6, sha256(data));
					s.setTimestamp(7, now);
					s.setTimestamp(8, now);
					s.addBatch();
					flush(c, s, i + 1, n);
				}
			}
			c.commit();
		}
	}

	private static void insertJournal(DataSource dataSource, long companyId, long firstId, int n) throws Exception {
		Timestamp now = Timestamp.from(Instant.now());
		try (Connection c = dataSource.getConnection()) {
			c.setAutoCommit(false);
			try (PreparedStatement s = c.prepareStatement("""
					INSERT INTO singleops_changes (company_id, record_id, record_type, external_id, change_kind, version,
						data, created_at)
					VALUES (?, ?, ?, ?, 'UPSERT', 1, ?, ?)
					""")) {
				for (int i = 0; i < n; i++) {
					s.setLong(1, companyId);
					s.setLong(2, firstId + i);
					s.setString(3, isItem(i) ? "ITEMS" : "CUSTOMERS");
					s.setString(4, (isItem(i) ? "I-" : "C-") + i);
					s.setString(5, data(i));
					s.setTimestamp(6, now);
					s.addBatch();
					flush(c, s, i + 1, n);
				}
			}
			c.commit();
		}
	}

	private static void flush(Connection c, PreparedStatement s, int done, int n) throws Exception {
		if (done % BATCH == 0 || done == n) {
			s.executeBatch();
		}
		if (done % COMMIT_EVERY == 0) {
			c.commit();
		}
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String gcNames() {
		return String.join(", ",
				ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
	}

	/** Samples the heap every 100 ms while the scan runs. */
	static final class HeapWatch {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong livePeak = new AtomicLong();

		private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((p) -> p.getType() == MemoryType.HEAP)
			.toList();

		private Thread thread;

		volatile long peakUsed;

		long beforeFullGc;

		long afterFullGc;

		long poolPeaks;

		void start() {
			this.beforeFullGc = usedAfterFullGc();
			this.heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
			this.thread = new Thread(() -> {
				while (this.running.get()) {
					sample();
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "heap-watch");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
			sample();
			this.poolPeaks = this.heapPools.stream().mapToLong((p) -> p.getPeakUsage().getUsed()).sum();
			this.afterFullGc = usedAfterFullGc();
		}

		/** The most any collection during the scan left in the heap (the live set, plus what was not collected). */
		long peakLive() {
			return this.livePeak.get();
		}

		private void sample() {
			long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			this.peakUsed = Math.max(this.peakUsed, used);
			long afterGc = 0;
			for (MemoryPoolMXBean pool : this.heapPools) {
				MemoryUsage collected = pool.getCollectionUsage();
				if (collected != null) {
					afterGc += collected.getUsed();
				}
			}
			long live = afterGc;
			this.livePeak.accumulateAndGet(live, Math::max);
		}

		private static long usedAfterFullGc() {
			for (int i = 0; i < 3; i++) {
				System.gc();
			}
			return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		}

	}

}
