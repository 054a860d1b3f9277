package io.qbsync.wizard;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What other packages need to know of the items without reading wizard_items themselves. */
@Repository
public class ItemSummaries {

	/** The states whose items a delivery's restart may still resend or report on. */
	private static final List<String> AWAITING_DELIVERY = List.of(WizardItemState.APPROVED.name(),
			WizardItemState.PENDING.name(), WizardItemState.FAILED.name());

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

}
