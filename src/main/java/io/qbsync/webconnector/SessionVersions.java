package io.qbsync.webconnector;

import java.util.Optional;

import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.release.AgreedVersions;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The qbXML version each company's sessions agreed, for release to write in. */
@Repository
class SessionVersions implements AgreedVersions {

	private final JdbcClient jdbc;

	SessionVersions(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<QbxmlVersion> latest(long companyId) {
		return this.jdbc.sql("""
				SELECT qbxml_version FROM webconnector_sessions
				WHERE company_id = ? AND qbxml_version IS NOT NULL ORDER BY id DESC LIMIT 1
				""").param(companyId).query(String.class).optional().flatMap(QbxmlVersion::parse);
	}

}
