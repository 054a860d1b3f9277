package io.qbsync.company;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static io.qbsync.system.Rows.instant;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The companies table. */
@Repository
public class Companies {

	private static final String COLUMNS = """
			id, name, wc_username, company_file, qbxml_version, owner_id, file_id, run_every_minutes, allow_truncation,
			created_at, updated_at, password_changed_at, last_check_in_at, sandbox
			""";

	private static final RowMapper<Company> MAPPER = Companies::map;

	private final JdbcClient jdbc;

	Companies(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(Company company, String passwordHash) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO companies (name, wc_username, wc_password_hash, company_file, qbxml_version, owner_id,
					file_id, run_every_minutes, allow_truncation, created_at, updated_at, password_changed_at, sandbox)
				VALUES (:name, :username, :hash, :file, :version, :owner, :fileId, :every, :truncate, :now, :now, :now,
					:sandbox)
				""")
			.param("name", company.name())
			.param("username", company.username())
			.param("hash", passwordHash)
			.param("file", company.companyFile())
			.param("version", company.qbxmlVersion())
			.param("owner", company.ownerId())
			.param("fileId", company.fileId())
			.param("every", company.runEveryMinutes())
			.param("truncate", company.allowTruncation())
			.param("now", Timestamp.from(company.createdAt()))
			.param("sandbox", company.sandbox())
			.update(key, "id");
		return key.getKeyAs(Number.class).longValue();
	}

	public Optional<Company> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM companies WHERE id = :id")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	public Optional<Company> findByUsername(String username) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM companies WHERE wc_username = :username")
			.param("username", username)
			.query(MAPPER)
			.optional();
	}

	/** Locks the company's row until the transaction ends: one Web Connector login per company at a time. */
	public Optional<Company> lockById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM companies WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	public List<Company> findAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM companies ORDER BY name, id").query(MAPPER).list();
	}

	boolean usernameTaken(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM companies WHERE wc_username = :username")
			.param("username", username)
			.query(Long.class)
			.single() > 0;
	}

	/** The stored Web Connector password hash, if the username exists. */
	public Optional<String> passwordHash(long companyId) {
		return this.jdbc.sql("SELECT wc_password_hash FROM companies WHERE id = :id")
			.param("id", companyId)
			.query(String.class)
			.optional();
	}

	void updatePasswordHash(long companyId, String hash, Instant now) {
		this.jdbc.sql("""
				UPDATE companies SET wc_password_hash = :hash, password_changed_at = :now, updated_at = :now
				WHERE id = :id
				""")
			.param("hash", hash)
			.param("now", Timestamp.from(now))
			.param("id", companyId)
			.update();
	}

	void update(long companyId, String name, String companyFile, int runEveryMinutes, boolean allowTruncation,
			Instant now) {
		this.jdbc.sql("""
				UPDATE companies SET name = :name, company_file = :file, run_every_minutes = :every,
					allow_truncation = :truncate, updated_at = :now
				WHERE id = :id
				""")
			.param("truncate", allowTruncation)
			.param("name", name)
			.param("file", companyFile)
			.param("every", runEveryMinutes)
			.param("now", java.sql.Timestamp.from(now))
			.param("id", companyId)
			.update();
	}

	/** The company's time zone (an IANA name), if it has one. */
	public Optional<String> timeZone(long companyId) {
		return this.jdbc.sql("SELECT time_zone FROM companies WHERE id = :id")
			.param("id", companyId)
			.query(String.class)
			.optional();
	}

	void updateTimeZone(long companyId, String zone, Instant now) {
		this.jdbc.sql("UPDATE companies SET time_zone = :zone, updated_at = :now WHERE id = :id")
			.param("zone", zone)
			.param("now", Timestamp.from(now))
			.param("id", companyId)
			.update();
	}

	public void recordCheckIn(long companyId, Instant now) {
		this.jdbc.sql("UPDATE companies SET last_check_in_at = :now WHERE id = :id")
			.param("now", Timestamp.from(now))
			.param("id", companyId)
			.update();
	}

	private static Company map(ResultSet rs, int row) throws SQLException {
		return new Company(rs.getLong("id"), rs.getString("name"), rs.getString("wc_username"),
				rs.getString("company_file"), rs.getString("qbxml_version"), rs.getString("owner_id"),
				rs.getString("file_id"), rs.getInt("run_every_minutes"), rs.getBoolean("allow_truncation"),
				instant(rs, "created_at"),
				instant(rs, "updated_at"), instant(rs, "password_changed_at"), instant(rs, "last_check_in_at"),
				rs.getBoolean("sandbox"));
	}

}
