package io.qbsync.wizard;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What other packages need to know of the items without reading wizard_items themselves. */
@Repository
public class ItemSummaries {

	/** The states whose items a delivery's restart may still resend or report on. */
	private static final List<String> AWAITING_DELIVERY = List.of(WizardItemState.APPROVED.name(),
			WizardItemState.PENDING.name(), WizardItemState.FAILED.name());

	/**
	 * Every subquery names one state, so each is an index range on (company_id, state): a company's long history of
	 * succeeded items is never read (the index is named where MariaDB might take the one on company_id alone). The
	 * companies come as a JSON array, one row each, so one statement reads them all. An item is pending since it was
	 * approved, or since it was last resynced from Unsynced Entities (its approval may be long past then); retries
	 * after a busy QuickBooks keep the approval's time.
	 */
	private static final String PER_COMPANY = """
			SELECT c.id,
				(SELECT COUNT(*) FROM wizard_items w WHERE w.company_id = c.id AND w.state = 'OPEN' AND w.kept_at IS NULL) AS waiting,
				(SELECT COUNT(*) FROM wizard_items w WHERE w.company_id = c.id AND w.state = 'APPROVED') AS approved,
				(SELECT COUNT(*) FROM wizard_items w WHERE w.company_id = c.id AND w.state = 'PENDING') AS released,
				(SELECT COUNT(*) FROM wizard_items w WHERE w.company_id = c.id AND w.state = 'FAILED') AS failed,
				(SELECT MIN(COALESCE((SELECT MAX(d.decided_at) FROM wizard_decisions d
							WHERE d.item_id = w.id AND d.decision = 'RESYNC'), w.decided_at, w.created_at))
					FROM wizard_items w FORCE INDEX (wizard_items_company_state_idx)
					WHERE w.company_id = c.id AND w.state = 'APPROVED') AS approved_since,
				(SELECT MIN(COALESCE((SELECT MAX(d.decided_at) FROM wizard_decisions d
							WHERE d.item_id = w.id AND d.decision = 'RESYNC'), w.decided_at, w.created_at))
					FROM wizard_items w FORCE INDEX (wizard_items_company_state_idx)
					WHERE w.company_id = c.id AND w.state = 'PENDING') AS released_since
			FROM JSON_TABLE(:companies, '$[*]' COLUMNS (id BIGINT PATH '$')) c
			ORDER BY c.id
			""";

	/**
	 * A company's items as the gauges count them.
	 *
	 * @param waiting open items not kept for later: the wizard's badge
	 * @param pending approved items not yet settled in QuickBooks (APPROVED and PENDING)
	 * @param failed failed items: Unsynced Entities
	 * @param pendingSince when the oldest pending item was approved or last resynced, or null when none is pending
	 */
	public record CompanyItems(long companyId, long waiting, long pending, long failed, Instant pendingSince) {
	}

	private final JdbcClient jdbc;

	ItemSummaries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Of these delivery executions, those an item still approved, pending or failed was delivered by. */
	public Set<Long> deliveriesInUse(Collection<Long> executionIds) {
		if (executionIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.sql("""
				SELECT DISTINCT delivery_execution_id FROM wizard_items
				WHERE delivery_execution_id IN (:executions) AND state IN (:states)
				""").param("executions", executionIds).param("states", AWAITING_DELIVERY).query(Long.class).list());
	}

	/** The counts of these companies, in id order; a company with no items counts zero. */
	public List<CompanyItems> perCompany(Collection<Long> companyIds) {
		if (companyIds.isEmpty()) {
			return List.of();
		}
		String ids = companyIds.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
		return this.jdbc.sql(PER_COMPANY)
			.param("companies", ids)
			.query((rs, row) -> new CompanyItems(rs.getLong("id"), rs.getLong("waiting"),
					rs.getLong("approved") + rs.getLong("released"), rs.getLong("failed"),
					earliest(instant(rs.getTimestamp("approved_since")), instant(rs.getTimestamp("released_since")))))
			.list();
	}

	/**
	 * A company's failed items (Unsynced Entities): how many, how many failed after a moment, and the latest failure.
	 *
	 * @param since how many failed after the {@code since} asked for (all of them when it was null)
	 * @param latest when the latest failed, or null when none has
	 */
	public record FailedItems(long total, long since, Instant latest) {
	}

	/** The company's failed items, counting those that failed after {@code since} (null: all) apart. */
	public FailedItems failed(long companyId, Instant since) {
		return this.jdbc.sql("""
				SELECT COUNT(*) AS total, COALESCE(SUM(updated_at > :since), 0) AS newer, MAX(updated_at) AS latest
				FROM wizard_items WHERE company_id = :company AND state = 'FAILED'
				""")
			.param("company", companyId)
			.param("since", Timestamp.from((since != null) ? since : Instant.EPOCH))
			.query((rs, row) -> new FailedItems(rs.getLong("total"), rs.getLong("newer"),
					instant(rs.getTimestamp("latest"))))
			.single();
	}

	private static Instant earliest(Instant a, Instant b) {
		return (a == null) ? b : (b == null || a.isBefore(b)) ? a : b;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
