package io.qbsync.system;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Repository;

/** The people who administer qbsync, stored with salted password hashes. */
@Repository
public class AdminUsers implements UserDetailsService {

	public static final String ROLE_ADMIN = "ADMIN";

	/** May look at every page of its companies, but not approve, resync, clear or restart. */
	public static final String ROLE_VIEWER = "VIEWER";

	private final JdbcClient jdbc;

	private final Clock clock;

	AdminUsers(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		return this.jdbc.sql("""
				SELECT username, password_hash, role, enabled FROM admin_users WHERE username = :username
				""")
			.param("username", username)
			.query((rs, row) -> User.withUsername(rs.getString("username"))
				.password(rs.getString("password_hash"))
				.authorities(List.of(new SimpleGrantedAuthority("ROLE_" + rs.getString("role"))))
				.disabled(!rs.getBoolean("enabled"))
				.build())
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("No such admin user"));
	}

	public long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM admin_users").query(Long.class).single();
	}

	/**
	 * A user limited to some companies ({@code companyIds}), or seeing all of them ({@code null}), with where it gets
	 * notifications ({@code email}, or null), all in one transaction. Answers its id; a username taken meanwhile is a
	 * {@link org.springframework.dao.DuplicateKeyException} and nothing is added.
	 */
	@org.springframework.transaction.annotation.Transactional
	public long add(String username, String passwordHash, String role, java.util.Collection<Long> companyIds,
			String email) {
		long id = add(username, passwordHash, role, companyIds);
		if (email != null) {
			setEmail(id, email);
		}
		return id;
	}

	/**
	 * A user limited to some companies ({@code companyIds}), or seeing all of them ({@code null}). Answers its id.
	 */
	public long add(String username, String passwordHash, String role, java.util.Collection<Long> companyIds) {
		org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO admin_users (username, password_hash, role, enabled, all_companies, created_at)
				VALUES (:username, :hash, :role, TRUE, :all, :now)
				""")
			.param("username", username)
			.param("hash", passwordHash)
			.param("role", role)
			.param("all", companyIds == null)
			.param("now", Timestamp.from(this.clock.instant()))
			.update(key, "id");
		long id = key.getKey().longValue();
		if (companyIds != null) {
			for (Long company : companyIds) {
				this.jdbc.sql("INSERT INTO admin_user_companies (user_id, company_id) VALUES (?, ?)")
					.params(id, company)
					.update();
			}
		}
		return id;
	}

	/** The companies a user may see: empty means all of them. */
	public java.util.Optional<java.util.Set<Long>> companiesOf(String username) {
		Boolean all = this.jdbc.sql("SELECT all_companies FROM admin_users WHERE username = ?")
			.param(username)
			.query(Boolean.class)
			.optional()
			.orElse(false);
		if (all) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(new java.util.HashSet<>(this.jdbc.sql("""
				SELECT c.company_id FROM admin_user_companies c JOIN admin_users u ON u.id = c.user_id
				WHERE u.username = ?
				""").param(username).query(Long.class).list()));
	}

	/** Records where the user gets notifications (null: nowhere). */
	public void setEmail(long id, String email) {
		this.jdbc.sql("UPDATE admin_users SET email = ? WHERE id = ?").params(email, id).update();
	}

	/** The e-mail addresses of the enabled admins (not viewers) who see this company. */
	public List<String> adminEmailsFor(long companyId) {
		return this.jdbc.sql("""
				SELECT DISTINCT u.email FROM admin_users u
				WHERE u.enabled AND u.role = 'ADMIN' AND u.email IS NOT NULL AND (u.all_companies
					OR EXISTS (SELECT 1 FROM admin_user_companies c WHERE c.user_id = u.id AND c.company_id = ?))
				ORDER BY u.email
				""")
			.param(companyId)
			.query(String.class)
			.list();
	}

	public boolean exists(String username) {
		return this.jdbc.sql("SELECT COUNT(*) FROM admin_users WHERE username = ?")
			.param(username)
			.query(Long.class)
			.single() > 0;
	}

	public void add(String username, String passwordHash, String role) {
		this.jdbc.sql("""
				INSERT INTO admin_users (username, password_hash, role, enabled, created_at)
				VALUES (:username, :hash, :role, TRUE, :now)
				""")
			.param("username", username)
			.param("hash", passwordHash)
			.param("role", role)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

}
