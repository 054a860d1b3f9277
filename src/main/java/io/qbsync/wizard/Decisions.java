package io.qbsync.wizard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static io.qbsync.system.Rows.instant;

/** The audit trail (wizard_decisions): every decision about an item, who made it and when. */
@Repository
public class Decisions {

	/** One entry of the trail. {@code actor} is the admin's username, or "qbsync" for what the sync decided itself. */
	public record Decision(long id, long companyId, Long itemId, String actor, String decision, String detail,
			Instant at) {
	}

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	Decisions(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	public void record(long companyId, Long itemId, String actor, String decision, String detail, Instant at) {
		recordAll(List.of(new Decision(0, companyId, itemId, actor, decision, detail, at)));
	}

	public void recordAll(List<Decision> decisions) {
		List<Object[]> rows = new ArrayList<>();
		for (Decision d : decisions) {
			rows.add(new Object[] { d.companyId(), d.itemId(), cut(d.actor(), 64), d.decision(), cut(d.detail(), 500),
					Timestamp.from(d.at()) });
		}
		if (!rows.isEmpty()) {
			this.batch.batchUpdate("""
					INSERT INTO wizard_decisions (company_id, item_id, actor, decision, detail, decided_at)
					VALUES (?, ?, ?, ?, ?, ?)
					""", rows);
		}
	}

	/** A company's trail, newest first, optionally for one item. */
	public List<Decision> list(long companyId, Long itemId, long beforeId, int limit) {
		return this.jdbc.sql("""
				SELECT id, company_id, item_id, actor, decision, detail, decided_at FROM wizard_decisions
				WHERE company_id = ? AND (? IS NULL OR item_id = ?) AND id < ? ORDER BY id DESC LIMIT ?
				""")
			.params(companyId, itemId, itemId, beforeId, limit)
			.query((rs, row) -> new Decision(rs.getLong("id"), rs.getLong("company_id"),
					rs.getObject("item_id", Long.class), rs.getString("actor"), rs.getString("decision"),
					rs.getString("detail"), instant(rs, "decided_at")))
			.list();
	}

	private static String cut(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max - 3) + "...";
	}

}
