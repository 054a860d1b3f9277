package io.qbsync.soak;

import java.net.URI;

import io.qbsync.QbsyncApplication;
import io.qbsync.support.TestDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * The server the soak drives: a whole application context of its own, on a database of its own, with the QuickBooks
 * import on and busy items retried at once. {@link #restart()} closes it and starts a new context on
 * the same database, as a redeploy would.
 */
final class SoakServer implements AutoCloseable {

	static final String ADMIN = "admin";

	static final String PASSWORD = "soak-admin-password";

	private final TestDatabase.Connection db;

	private ConfigurableApplicationContext context;

	private int restarts;

	SoakServer(String database) {
		this.db = TestDatabase.freshDatabase(database);
		this.context = start();
	}

	TestDatabase.Connection database() {
		return this.db;
	}

	int restarts() {
		return this.restarts;
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(QbsyncApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + this.db.url(), "--spring.datasource.username=" + this.db.username(),
				"--spring.datasource.password=" + this.db.password(), "--spring.quartz.auto-startup=false",
				"--spring.quartz.scheduler-name=qbsync-soak", "--qbsync.import.enabled=true",
				"--qbsync.sync.first-backoff=1ms", "--qbsync.sync.max-backoff=1ms",
				"--qbsync.admin.username=" + ADMIN, "--qbsync.admin.password=" + PASSWORD,
				"--qbsync.company.public-url=https://soak.example.test", "--logging.level.root=WARN",
				"--logging.level.io.qbsync=WARN", "--spring.main.banner-mode=off");
	}

	/** Closes the application context and starts a new one on the same database. */
	void restart() {
		this.context.close();
		this.context = start();
		this.restarts++;
	}

	URI base() {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		return URI.create("http://localhost:" + port);
	}

	URI endpoint() {
		return base().resolve("/qbwc");
	}

	/** A REST client logged in as the admin; error statuses are returned, not thrown. */
	RestClient api() {
		return RestClient.builder()
			.baseUrl(base().toString())
			.defaultHeaders((h) -> {
				h.setBasicAuth(ADMIN, PASSWORD);
				h.set("X-Requested-With", "soak"); // the API's guard against cross-site changes
			})
			// a refusal (4xx) is an answer the model reads; a server error is a defect and ends the run
			.defaultStatusHandler((status) -> status.is5xxServerError(), (request, response) -> {
				throw new IllegalStateException(request.getMethod() + " " + request.getURI().getPath() + " answered "
						+ response.getStatusCode());
			})
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
