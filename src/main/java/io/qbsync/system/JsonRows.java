package io.qbsync.system;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * Many rows as one JSON array parameter, for a set-based statement that reads them with {@code JSON_TABLE}: one
 * statement and one round trip for a whole answer or release document, where a JDBC batch runs one statement per row.
 * Row {@code i}, column {@code j} is at path {@code $[i][j]}:
 *
 * <pre>
 * UPDATE wizard_items w JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$[0]', qb_id VARCHAR(64) PATH '$[1]')) r
 *   ON r.id = w.id SET w.result_qb_id = r.qb_id
 * </pre>
 *
 * An instant is written as the driver writes a {@link Timestamp} (local time, microseconds), so a DATETIME column
 * holds the same value either way.
 */
public final class JsonRows {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<List<Object>> rows = new ArrayList<>();

	/** Adds one row; its values are numbers, strings, booleans, instants or null. */
	public JsonRows add(Object... values) {
		List<Object> row = new ArrayList<>(Arrays.asList(values));
		row.replaceAll((v) -> (v instanceof Instant t) ? Timestamp.from(t.truncatedTo(ChronoUnit.MICROS)).toString()
				: (v instanceof Enum<?> e) ? e.name() : v);
		this.rows.add(row);
		return this;
	}

	public boolean isEmpty() {
		return this.rows.isEmpty();
	}

	/** The rows as the statement's parameter. */
	public String json() {
		return JSON.writeValueAsString(this.rows);
	}

}
