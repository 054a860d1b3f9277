package io.qbsync.system;

import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API against a browser that holds Basic credentials and against password guessing: a change with no body,
 * a form or a plain-text body (what another site can make a browser send) needs the X-Requested-With header; repeated
 * wrong passwords lock the username for a while, a remembered right password included; a password bcrypt cannot take
 * is a 400.
 */
class ApiSecurityTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RememberingPasswordEncoder passwords;

	@Test
	void theStatusCodeGuideNeedsAnAdminLogin() {
		assertThat(anonymous().get().uri("/api/status-codes").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(anonymous().get().uri("/api/status-codes/3200").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void changesABrowserCouldBeTrickedIntoSendingAreRefused() {
		TestCompany company = TestCompanies.create(api(), "Cross Site");
		RestClient browser = basic(ADMIN, ADMIN_PASSWORD);

		ResponseEntity<String> noBody = browser.post()
			.uri("/api/companies/{id}/password", company.id())
			.retrieve()
			.toEntity(String.class);
		assertThat(noBody.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(noBody.getBody()).contains("X-Requested-With");
		ResponseEntity<String> plainText = browser.post()
			.uri("/api/companies/{id}/password", company.id())
			.contentType(MediaType.TEXT_PLAIN)
			.body("{\"password\": \"chosen by another site\"}")
			.retrieve()
			.toEntity(String.class);
		assertThat(plainText.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		String username = TestCompanies.uniqueUsername("forged");
		ResponseEntity<String> form = browser.post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body("name=Forged&username=" + username + "&password=long+enough+password")
			.retrieve()
			.toEntity(String.class);
		assertThat(form.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		ResponseEntity<String> scan = browser.post()
			.uri("/api/companies/{id}/scans", company.id())
			.retrieve()
			.toEntity(String.class);
		assertThat(scan.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		ResponseEntity<String> fromAnotherSite = browser.post()
			.uri("/api/companies/{id}/scans", company.id())
			.header("Sec-Fetch-Site", "cross-site")
			.retrieve()
			.toEntity(String.class);
		assertThat(fromAnotherSite.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		// nothing changed
		assertThat(new WebConnectorClient(endpoint()).authenticate(company.username(), company.password()).get(1))
			.isEqualTo("none");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM companies WHERE wc_username = ?")
			.param(username)
			.query(Long.class)
			.single()).isZero();

		// a JSON body, or the header, is what a script of the admin's own sends
		assertThat(browser.post()
			.uri("/api/companies/{id}/password", company.id())
			.header("X-Requested-With", "curl")
			.retrieve()
			.body(Map.class)).containsKey("generatedPassword");
		assertThat(browser.post()
			.uri("/api/companies/{id}/password", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", "chosen by the admin"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(browser.get().uri("/api/companies/{id}", company.id()).retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.OK);
		// a browser on qbsync's own pages (Swagger UI's "Try it out") says so in a header no page can set
		assertThat(browser.post()
			.uri("/api/companies/{id}/password", company.id())
			.header("Sec-Fetch-Site", "same-origin")
			.retrieve()
			.body(Map.class)).containsKey("generatedPassword");
	}

	@Test
	void repeatedWrongBasicPasswordsLockTheUsernameFromThatAddressForAWhile() {
		String username = newUser("guessed");
		for (int i = 0; i < 5; i++) {
			assertThat(status(basic(username, "guess number " + i))).isEqualTo(HttpStatus.UNAUTHORIZED);
		}
		assertThat(status(basic(username, "the right password"))).isEqualTo(HttpStatus.UNAUTHORIZED);
		// the owner, from elsewhere, is not locked out by someone else's guesses
		assertThat(status(basic(username, "the right password", "198.51.100.7"))).isEqualTo(HttpStatus.OK);

		this.jdbc.sql("UPDATE admin_login_failures SET locked_until = '2000-01-01' WHERE username = ?")
			.param(username)
			.update();
		assertThat(status(basic(username, "the right password"))).isEqualTo(HttpStatus.OK);
	}

	@Test
	void aRememberedRightPasswordDoesNotGetPastTheLockout() {
		String username = newUser("remembered");
		assertThat(status(basic(username, "the right password"))).isEqualTo(HttpStatus.OK);
		String hash = this.jdbc.sql("SELECT password_hash FROM admin_users WHERE username = ?")
			.param(username)
			.query(String.class)
			.single();
		assertThat(this.passwords.remembered("the right password", hash)).isTrue();

		// guesses are never remembered: each is checked and counted, and the lock holds the right password back too
		for (int i = 0; i < 5; i++) {
			assertThat(status(basic(username, "guess number " + i))).isEqualTo(HttpStatus.UNAUTHORIZED);
			assertThat(this.passwords.remembered("guess number " + i, hash)).isFalse();
		}
		assertThat(status(basic(username, "the right password"))).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(status(basic(username, "the right password", "198.51.100.8"))).isEqualTo(HttpStatus.OK);
	}

	@Test
	void aUserPasswordLongerThanBcryptReadsIsRefusedWith400() {
		String username = TestCompanies.uniqueUsername("long");
		ResponseEntity<String> response = api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", username, "password", "p".repeat(90), "role", "ADMIN"))
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody()).contains("password", "72 bytes");
	}

	@Test
	void aUserForCompaniesThatDoNotExistIsRefusedWith400AndNotCreated() {
		String username = TestCompanies.uniqueUsername("nowhere");
		for (String companies : List.of("[null]", "[999999999]")) {
			ResponseEntity<String> response = api().post()
				.uri("/api/users")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"username\": \"" + username + "\", \"password\": \"the right password\", \"role\": "
						+ "\"ADMIN\", \"companies\": " + companies + "}")
				.retrieve()
				.toEntity(String.class);
			assertThat(response.getStatusCode()).as(companies).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(response.getBody()).contains("companies", "GET /api/companies");
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM admin_users WHERE username = ?")
			.param(username)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void usersCreatedAtOnceUnderOneUsernameMakeOneUserAndTheOthersAreTold409() throws Exception {
		String username = TestCompanies.uniqueUsername("twice");
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
		try {
			List<java.util.concurrent.Future<ResponseEntity<String>>> calls = new java.util.ArrayList<>();
			for (int i = 0; i < 6; i++) {
				String email = "office" + i + "@example.com";
				calls.add(pool.submit(() -> api().post()
					.uri("/api/users")
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("username", username, "password", "the right password", "role", "ADMIN", "email",
							email))
					.retrieve()
					.toEntity(String.class)));
			}
			List<ResponseEntity<String>> answers = new java.util.ArrayList<>();
			for (java.util.concurrent.Future<ResponseEntity<String>> call : calls) {
				answers.add(call.get());
			}
			assertThat(answers).extracting((r) -> r.getStatusCode().value())
				.containsOnly(201, 409)
				.filteredOn((code) -> code == 201)
				.hasSize(1);
			String created = answers.stream().filter((r) -> r.getStatusCode().value() == 201).findFirst().orElseThrow()
				.getBody();
			String email = this.jdbc.sql("SELECT email FROM admin_users WHERE username = ?")
				.param(username)
				.query(String.class)
				.single();
			assertThat(created).contains(email);
			assertThat(answers).filteredOn((r) -> r.getStatusCode().value() == 409)
				.allSatisfy((r) -> assertThat(r.getBody()).contains("is taken"));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private String newUser(String prefix) {
		String username = TestCompanies.uniqueUsername(prefix);
		assertThat(api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", username, "password", "the right password", "role", "ADMIN"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		return username;
	}

	private static HttpStatus status(RestClient client) {
		return HttpStatus.valueOf(client.get().uri("/api/companies").retrieve().toBodilessEntity().getStatusCode().value());
	}

	/** A client that sends Basic credentials and nothing else, as a browser that remembers them would. */
	private RestClient basic(String username, String password) {
		return basic(username, password, null);
	}

	/** Basic sign-in as if from {@code address} (behind the trusted local proxy that names it). */
	private RestClient basic(String username, String password, String address) {
		return RestClient.builder()
			.baseUrl(baseUri().toString())
			.defaultHeaders((h) -> {
				h.setBasicAuth(username, password);
				if (address != null) {
					h.set("X-Forwarded-For", address);
				}
			})
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

}
