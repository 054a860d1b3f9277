package io.qbsync.wizard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The floor {@link ScanBenchmark} is compared with: inserting the wizard items the scan made, as they are (every column
 * but the id), with plain batched JDBC into a scratch company of the same database. The items are read back a batch
 * at a time, untimed, so the heap stays flat whatever N; only the inserts and commits are timed. The scratch items
 * are deleted afterwards.
 */
final class ScanFloor {

	private static final int BATCH = 1000;

	private static final int COMMIT_EVERY = 20_000;

	private ScanFloor() {
	}

	/** Answers the nanoseconds the inserts took; checks that it inserted {@code expected} items. */
	static long measure(DataSource dataSource, JdbcClient jdbc, long companyId, long scratchCompanyId, long expected)
			throws Exception {
		long nanos = 0;
		long inserted = 0;
		try (Connection read = dataSource.getConnection(); Connection write = dataSource.getConnection()) {
			write.setAutoCommit(false);
			PreparedStatement select = read.prepareStatement(
					"SELECT * FROM wizard_items WHERE company_id = ? AND id > ? ORDER BY id LIMIT " + BATCH);
			PreparedStatement insert = null;
			List<String> columns = null;
			long last = 0;
			while (true) {
				List<Object[]> rows = new ArrayList<>(BATCH);
				select.setLong(1, companyId);
				select.setLong(2, last);
				try (ResultSet rs = select.executeQuery()) {
					ResultSetMetaData meta = rs.getMetaData();
					if (columns == null) {
						columns = new ArrayList<>();
						for (int c = 1; c <= meta.getColumnCount(); c++) {
							columns.add(meta.getColumnName(c));
						}
					}
					while (rs.next()) {
						Object[] row = new Object[columns.size()];
						for (int c = 0; c < row.length; c++) {
							row[c] = rs.getObject(c + 1);
						}
						last = rs.getLong("id");
						rows.add(row);
					}
				}
				if (rows.isEmpty()) {
					break;
				}
				if (insert == null) {
					List<String> written = columns.stream().filter((c) -> !c.equalsIgnoreCase("id")).toList();
					insert = write.prepareStatement("INSERT INTO wizard_items (" + String.join(", ", written)
							+ ") VALUES (" + String.join(", ", written.stream().map((c) -> "?").toList()) + ")");
				}
				long t0 = System.nanoTime();
				for (Object[] row : rows) {
					int p = 1;
					for (int c = 0; c < row.length; c++) {
						String column = columns.get(c);
						if (column.equalsIgnoreCase("id")) {
							continue;
						}
						insert.setObject(p++, column.equalsIgnoreCase("company_id") ? scratchCompanyId : row[c]);
					}
					insert.addBatch();
				}
				insert.executeBatch();
				inserted += rows.size();
				if (inserted % COMMIT_EVERY == 0 || rows.size() < BATCH) {
					write.commit();
				}
				nanos += System.nanoTime() - t0;
			}
			long t0 = System.nanoTime();
			write.commit();
			nanos += System.nanoTime() - t0;
			if (insert != null) {
				insert.close();
			}
			select.close();
		}
		finally {
			jdbc.sql("DELETE FROM wizard_items WHERE company_id = ?").param(scratchCompanyId).update();
		}
		if (inserted != expected) {
			throw new IllegalStateException("The floor inserted " + inserted + " items, expected " + expected);
		}
		return nanos;
	}

}
