package io.qbsync.support;

import java.net.URI;

import io.qbsync.delivery.DeliveryExecutions;
import io.qbsync.release.ReleaseService;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.web.client.RestClient;

/**
 * Base of the tests that run the whole server on a random port against the test MariaDB. All of them share one
 * application context; each test makes its own companies, so tests do not see each other's data. Reading QuickBooks'
 * changes is off here, so that sessions carry only the documents a test queues; the import tests switch it on
 * ({@link ImportEnabled}).
 *
 * <p>
 * The beans a test makes fail on purpose are Mockito spies here, for every test: a spy that is not told otherwise
 * does what the bean does, and is reset after each test. Declared once, they keep the tests that stub them in the
 * shared context instead of each starting a context of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.quartz.auto-startup=false", "qbsync.import.enabled=false",
				"qbsync.company.public-url=" + IntegrationTest.PUBLIC_URL, "qbsync.admin.username=" + IntegrationTest.ADMIN,
				"qbsync.admin.password=" + IntegrationTest.ADMIN_PASSWORD,
				// every test's Web Connector calls the server from one address (or a few, through the loopback proxy),
				// most before any login succeeds: the rate limit in front of /qbwc is tested on its own, here it is out
				// of the way of the throttles and sessions tested behind it
				"qbsync.webconnector.address-call-burst=1000000", "qbsync.webconnector.address-calls-per-second=1000000" })
@MockitoSpyBean(types = { DeliveryExecutions.class, ReleaseService.class })
public abstract class IntegrationTest {

	public static final String ADMIN = "admin";

	/** The address the server believes the Web Connector reaches it at (what the .qwc file and WSDL name). */
	public static final String PUBLIC_URL = "https://sync.example.test";

	public static final String ADMIN_PASSWORD = "test-admin-password";

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.Connection db = TestDatabase.get();
		registry.add("spring.datasource.url", db::url);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
		// the test contexts Spring keeps cached each hold a pool: idle ones shrink to one connection, so many of them
		// stay under MariaDB's max_connections
		registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
		registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
	}

	protected URI baseUri() {
		return URI.create("http://localhost:" + this.port);
	}

	protected URI endpoint() {
		return baseUri().resolve("/qbwc");
	}

	/**
	 * A REST client logged in as the bootstrap admin, sending X-Requested-With as scripts must for calls without a
	 * JSON body; error statuses are returned, not thrown.
	 */
	protected RestClient api() {
		return RestClient.builder()
			.baseUrl(baseUri().toString())
			.defaultHeaders((h) -> h.setBasicAuth(ADMIN, ADMIN_PASSWORD))
			.defaultHeader("X-Requested-With", "qbsync-tests")
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	/** A REST client with no credentials. */
	protected RestClient anonymous() {
		return RestClient.builder()
			.baseUrl(baseUri().toString())
			.defaultHeader(HttpHeaders.ACCEPT, "application/json")
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

}
