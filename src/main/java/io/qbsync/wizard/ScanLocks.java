package io.qbsync.wizard;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * The MariaDB named lock a company's scan holds while it runs, on a connection of its own. MariaDB lets a named lock
 * go when its connection ends, so the lock lives exactly as long as the node running the scan: a scan that gets it
 * knows no live scan holds the company, and takes over a claim a dead node left behind at once instead of waiting
 * for the claim to go stale.
 */
@Component
class ScanLocks {

	private static final Logger log = LoggerFactory.getLogger(ScanLocks.class);

	/** Named locks are server-wide: the database's name keeps two qbsync databases on one server apart. */
	private static final String LOCK = "SELECT COALESCE(GET_LOCK(CONCAT(DATABASE(), '.scan.', ?), 0), -1)";

	private static final String UNLOCK = "DO RELEASE_LOCK(CONCAT(DATABASE(), '.scan.', ?))";

	private final DataSource dataSource;

	ScanLocks(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** The company's scan lock, or empty when another scan (on any node) holds it; never waits. */
	Optional<Held> tryLock(long companyId) {
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			JdbcClient own = JdbcClient.create(new SingleConnectionDataSource(connection, true));
			int locked = own.sql(LOCK).param(companyId).query(Integer.class).single();
			if (locked == 1) {
				return Optional.of(new Held(companyId, connection, own));
			}
			connection.close();
			if (locked == 0) {
				return Optional.empty();
			}
			throw new IllegalStateException("MariaDB could not lock the scan of company " + companyId);
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new IllegalStateException("No connection to lock the scan of company " + companyId, ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(connection);
			throw ex;
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				log.debug("Closing the scan lock's connection failed", ex);
			}
		}
	}

	/** A held scan lock; closing it lets the lock go and gives the connection back. */
	static final class Held implements AutoCloseable {

		private final long companyId;

		private final Connection connection;

		private final JdbcClient own;

		private Held(long companyId, Connection connection, JdbcClient own) {
			this.companyId = companyId;
			this.connection = connection;
			this.own = own;
		}

		@Override
		public void close() {
			try {
				this.own.sql(UNLOCK).param(this.companyId).update();
			}
			catch (RuntimeException ex) {
				// the connection broke: MariaDB let the lock go with it
				log.warn("Releasing the scan lock of company {} failed: {}", this.companyId, ex.getMessage());
			}
			finally {
				closeQuietly(this.connection);
			}
		}

	}

}
