package io.qbsync.system;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Small helpers for row mappers. */
public final class Rows {

	private Rows() {
	}

	/**
	 * A DATETIME column as an instant, or null. Read as the local time it is, in the JVM's zone, as the driver writes
	 * an instant (the same as {@code getTimestamp(column).toInstant()}, without the driver's calendar for every value).
	 */
	public static Instant instant(ResultSet rs, String column) throws SQLException {
		LocalDateTime time = rs.getObject(column, LocalDateTime.class);
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toInstant() : null;
	}

}
