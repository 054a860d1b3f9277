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
