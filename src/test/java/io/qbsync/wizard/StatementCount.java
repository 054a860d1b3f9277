package io.qbsync.wizard;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * For the benchmarks ({@link ScanBenchmark}, {@code DeliveryBenchmark}) and the tests that bound a call's statements
 * ({@code DeliveryExecutionsTests}): counts the round trips to MariaDB that the application's {@link DataSource} makes while
 * counting is on (statements executed, batches, commits and rollbacks), by kind, so a run shows how many a scanned
 * item costs, and the time spent in them. The application's data source is wrapped by a bean post-processor.
 */
public final class StatementCount implements BeanPostProcessor {

	private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
			"executeBatch", "executeLargeBatch");

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

	private volatile boolean on;

	/** Also counts each statement's text (its start), to see which statements a run makes. */
	private final boolean bySql;

	/** Counts by statement text too when the system property {@code qbsync.bench.statements} is true. */
	public StatementCount() {
		this(Boolean.getBoolean("qbsync.bench.statements"));
	}

	public StatementCount(boolean bySql) {
		this.bySql = bySql;
	}

	/** Threads whose statements are not counted: work a benchmark runs alongside what it measures. */
	private static final ThreadLocal<Boolean> UNCOUNTED = ThreadLocal.withInitial(() -> false);

	/** The calling thread's statements are not counted from now on. */
	public static void uncounted() {
		UNCOUNTED.set(true);
	}

	public void start() {
		this.counts.clear();
		this.nanos.clear();
		this.on = true;
	}

	public void stop() {
		this.on = false;
	}

	/** The counts by kind, and their total under "all". */
	public Map<String, Long> counts() {
		Map<String, Long> sorted = new TreeMap<>();
		this.counts.forEach((kind, count) -> sorted.put(kind, count.get()));
		sorted.put("all", sorted.entrySet()
			.stream()
			.filter((e) -> !e.getKey().startsWith(" "))
			.mapToLong(Map.Entry::getValue)
			.sum());
		return sorted;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource) {
			return proxy(DataSource.class, dataSource, (target, method, args) -> {
				Object result = method.invoke(target, args);
				return (result instanceof Connection c) ? proxy(Connection.class, c, this::connection) : result;
			});
		}
		return bean;
	}

	private Object connection(Object target, Method method, Object[] args) throws Exception {
		String name = method.getName();
		long t0 = System.nanoTime();
		Object result = method.invoke(target, args);
		if (name.equals("commit") || name.equals("rollback")) {
			count(name, System.nanoTime() - t0);
		}
		if (result instanceof Statement s) {
			Class<? extends Statement> type = (result instanceof java.sql.PreparedStatement)
					? java.sql.PreparedStatement.class : Statement.class;
			String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? shorten(text) : null;
			return proxy(type, s, (t, m, a) -> {
				if (!EXECUTES.contains(m.getName())) {
					return m.invoke(t, a);
				}
				long started = System.nanoTime();
				Object answer = m.invoke(t, a);
				long nanos = System.nanoTime() - started;
				count(m.getName().contains("Batch") ? "batch" : "statement", nanos);
				if (this.bySql) {
					count("  " + ((sql != null) ? sql : (a != null && a.length > 0) ? shorten(a[0].toString()) : "?"),
							nanos);
				}
				return answer;
			});
		}
		return result;
	}

	private static String shorten(String sql) {
		String flat = sql.replaceAll("\\s+", " ").strip();
		return flat.substring(0, Math.min(70, flat.length()));
	}

	private void count(String kind, long nanos) {
		if (this.on && !UNCOUNTED.get()) {
			this.counts.computeIfAbsent(kind, (k) -> new AtomicLong()).incrementAndGet();
			this.nanos.computeIfAbsent(kind, (k) -> new AtomicLong()).addAndGet(nanos);
		}
	}

	/** The nanoseconds spent in each kind's calls. */
	public Map<String, Long> nanos() {
		Map<String, Long> sorted = new TreeMap<>();
		this.nanos.forEach((kind, n) -> sorted.put(kind, n.get()));
		return sorted;
	}

	/** The milliseconds spent in each kind's calls (waiting for MariaDB's answer, mostly). */
	public Map<String, Long> millis() {
		Map<String, Long> sorted = new TreeMap<>();
		this.nanos.forEach((kind, n) -> sorted.put(kind, n.get() / 1_000_000));
		return sorted;
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, Object target, Call call) {
		return (T) Proxy.newProxyInstance(StatementCount.class.getClassLoader(), new Class<?>[] { type },
				(InvocationHandler) (p, method, args) -> {
					if (method.getName().equals("unwrap") && args[0] instanceof Class<?> c && c.isInstance(target)) {
						return target;
					}
					try {
						return call.invoke(target, method, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	@FunctionalInterface
	private interface Call {

		Object invoke(Object target, Method method, Object[] args) throws Exception;

	}

}
