package io.qbsync.quickbooks;

import java.util.List;
import java.util.Optional;

import io.qbsync.singleops.QuickBooksObjects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The QuickBooks objects a record may be linked to, from the change set and the feed. */
@Repository
class LinkTargets implements QuickBooksObjects {

	private final JdbcClient jdbc;

	LinkTargets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<ObjectVersion> latest(long companyId, String qbId, List<String> objectTypes) {
		return this.jdbc.sql("""
				SELECT edit_sequence, deleted FROM quickbooks_changes
				WHERE company_id = :company AND qb_id = :qbId AND object_type IN (:types) ORDER BY id DESC LIMIT 1
				""")
			.param("company", companyId)
			.param("qbId", qbId)
			.param("types", objectTypes)
			.query((rs, row) -> new ObjectVersion(rs.getString("edit_sequence"), rs.getBoolean("deleted")))
			.optional();
	}

	@Override
	public Optional<String> offeredEditSequence(long companyId, String qbId) {
		return this.jdbc.sql("""
				SELECT JSON_VALUE(data, '$.fields.EditSequence') FROM quickbooks_feed
				WHERE company_id = ? AND qb_id = ? AND data IS NOT NULL ORDER BY id DESC LIMIT 1
				""").params(companyId, qbId).query(String.class).list().stream().filter(java.util.Objects::nonNull)
			.findFirst();
	}

}
