package io.qbsync.company;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.qbxml.SecureXml;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class CompanyApiTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void createsACompanyAndNeverShowsItsPassword() {
		String username = TestCompanies.uniqueUsername("acme");
		ResponseEntity<String> response = api().post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Acme Tree Care", "username", username, "password", "correct horse battery",
					"companyFile", "C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Acme.QBW",
					"qbxmlVersion", "13.0", "runEveryMinutes", 30, "allowTruncation", true))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(response.getBody()).doesNotContain("correct horse battery").doesNotContain("password\":\"");
		Map<String, Object> body = api().get().uri(response.getHeaders().getLocation()).retrieve().body(Map.class);
		assertThat(body).containsEntry("name", "Acme Tree Care")
			.containsEntry("username", username)
			.containsEntry("qbxmlVersion", "13.0")
			.containsEntry("runEveryMinutes", 30)
			.containsEntry("allowTruncation", true)
			.containsEntry("companyFile", "C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Acme.QBW");
		assertThat((String) body.get("ownerId")).matches("\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}}");
		assertThat((String) body.get("fileId")).matches("\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}}");
		String hash = this.jdbc.sql("SELECT wc_password_hash FROM companies WHERE wc_username = ?")
			.param(username)
			.query(String.class)
			.single();
		assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("correct horse battery");
	}

	@Test
	void aCompanyCreatedWithoutAPasswordGetsAGeneratedOneShownOnlyInTheAnswer() {
		String username = TestCompanies.uniqueUsername("generated");
		ResponseEntity<Map> response = api().post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Generated Password Co", "username", username))
			.retrieve()
			.toEntity(Map.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String password = (String) response.getBody().get("generatedPassword");
		assertThat(password).matches("[A-Za-z0-9_-]{24}");
		Map<String, Object> read = api().get().uri(response.getHeaders().getLocation()).retrieve().body(Map.class);
		assertThat(read).doesNotContainKey("generatedPassword").containsEntry("username", username);
		String hash = this.jdbc.sql("SELECT wc_password_hash FROM companies WHERE wc_username = ?")
			.param(username)
			.query(String.class)
			.single();
		assertThat(hash).startsWith("{generated}").doesNotContain(password);

		WebConnectorClient wc = new WebConnectorClient(endpoint());
		assertThat(wc.authenticate(username, password.substring(1) + "x").get(1)).isEqualTo("nvu");
		assertThat(wc.authenticate(username, hash).get(1)).isEqualTo("nvu");
		assertThat(wc.authenticate(username, password).get(1)).isNotEqualTo("nvu");
		// a password the admin chooses later is bcrypt's again
		api().post()
			.uri("/api/companies/{id}/password", read.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", "a password of my own"))
			.retrieve()
			.toBodilessEntity();
		assertThat(this.jdbc.sql("SELECT wc_password_hash FROM companies WHERE wc_username = ?")
			.param(username)
			.query(String.class)
			.single()).startsWith("{bcrypt}$2");
		assertThat(wc.authenticate(username, password).get(1)).isEqualTo("nvu");
	}

	@Test
	void listsEveryProblemAndCreatesNothingForBadInput() {
		long before = countCompanies();
		ResponseEntity<Map> response = api().post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "", "username", "a b", "password", "short", "companyFile", "acme.txt",
					"qbxmlVersion", "99.0", "runEveryMinutes", 0))
			.retrieve()
			.toEntity(Map.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		List<Map<String, String>> errors = (List<Map<String, String>>) response.getBody().get("errors");
		assertThat(errors).extracting((e) -> e.get("field"))
			.containsExactlyInAnyOrder("name", "username", "password", "companyFile", "qbxmlVersion",
					"runEveryMinutes");
		assertThat(errors).allSatisfy((e) -> assertThat(e.get("message")).isNotBlank());
		assertThat(countCompanies()).isEqualTo(before);
	}

	@Test
	void refusesANameWithControlCharactersOrDirectionMarks() {
		for (String name : List.of("Acme\u0000 Lawns", "Acme\u0001 Lawns", "\u202Esnwal emcA")) {
			String username = TestCompanies.uniqueUsername("odd");
			ResponseEntity<Map> response = api().post()
				.uri("/api/companies")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("name", name, "username", username, "password", "correct horse battery"))
				.retrieve()
				.toEntity(Map.class);
			assertThat(response.getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(response.getBody().toString()).contains("plain text");
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM companies WHERE wc_username = ?")
				.param(username)
				.query(Long.class)
				.single()).isZero();
		}
	}

	@Test
	void refusesABodyThatIsNotJson() {
		ResponseEntity<Map> response = api().post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{not json")
			.retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat((String) response.getBody().get("detail")).contains("JSON");
	}

	@Test
	void refusesASecondCompanyWithTheSameWebConnectorUsername() {
		TestCompany first = TestCompanies.create(api(), "First");
		long before = countCompanies();
		ResponseEntity<Map> response = api().post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Second", "username", first.username(), "password", "another long password"))
			.retrieve()
			.toEntity(Map.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat((String) response.getBody().get("detail")).contains(first.username()).contains("choose another");
		assertThat(countCompanies()).isEqualTo(before);
	}

	@Test
	void listsAndFindsCompaniesAndAnswers404ForUnknownOnes() {
		TestCompany company = TestCompanies.create(api(), "Listed");
		List<Map<String, Object>> all = api().get().uri("/api/companies").retrieve().body(List.class);
		assertThat(all).anySatisfy((c) -> assertThat(c.get("username")).isEqualTo(company.username()));
		assertThat(all).allSatisfy((c) -> assertThat(c).doesNotContainKeys("password", "passwordHash"));
		ResponseEntity<Map> missing = api().get().uri("/api/companies/999999999").retrieve().toEntity(Map.class);
		assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat((String) missing.getBody().get("detail")).contains("999999999");
	}

	@Test
	void theApiNeedsAnAdminLogin() {
		assertThat(anonymous().get().uri("/api/companies").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		ResponseEntity<Void> wrong = anonymous().get()
			.uri("/api/companies")
			.headers((h) -> h.setBasicAuth(ADMIN, "not-the-password"))
			.retrieve()
			.toBodilessEntity();
		assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		ResponseEntity<Void> post = anonymous().post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Sneaky", "username", "sneaky-user", "password", "long enough password"))
			.retrieve()
			.toBodilessEntity();
		assertThat(post.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM companies WHERE wc_username = 'sneaky-user'")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void rotatingThePasswordRetiresTheOldOne() {
		TestCompany company = TestCompanies.create(api(), "Rotating");
		WebConnectorClient wc = new WebConnectorClient(endpoint());

		Map<?, ?> chosen = api().post()
			.uri("/api/companies/{id}/password", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", "a brand new password"))
			.retrieve()
			.body(Map.class);
		assertThat(chosen.get("generatedPassword")).isNull();
		assertThat(wc.authenticate(company.username(), company.password()).get(1)).isEqualTo("nvu");
		assertThat(wc.authenticate(company.username(), "a brand new password").get(1)).isEqualTo("none");

		Map<?, ?> generated = api().post().uri("/api/companies/{id}/password", company.id()).retrieve().body(Map.class);
		String password = (String) generated.get("generatedPassword");
		assertThat(password).hasSizeGreaterThanOrEqualTo(20);
		assertThat(wc.authenticate(company.username(), "a brand new password").get(1)).isEqualTo("nvu");
		assertThat(wc.authenticate(company.username(), password).get(1)).isEqualTo("none");

		ResponseEntity<Map> tooShort = api().post()
			.uri("/api/companies/{id}/password", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", "short"))
			.retrieve()
			.toEntity(Map.class);
		assertThat(tooShort.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(wc.authenticate(company.username(), password).get(1)).isEqualTo("none");
	}

	@Test
	void aPasswordLongerThanBcryptReadsIsRefusedWith400AndChangesNothing() {
		// 80 bytes in 80 characters, and 80 bytes in 40 characters: both over bcrypt's 72, both under the old 128 chars
		for (String tooLong : List.of("x".repeat(80), "\u00e9".repeat(40))) {
			String username = TestCompanies.uniqueUsername("long");
			ResponseEntity<Map> created = api().post()
				.uri("/api/companies")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("name", "Long Password", "username", username, "password", tooLong))
				.retrieve()
				.toEntity(Map.class);
			assertThat(created.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(created.getBody().toString()).contains("password", "72 bytes");
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM companies WHERE wc_username = ?")
				.param(username)
				.query(Long.class)
				.single()).isZero();
		}
		TestCompany company = TestCompanies.create(api(), "Long Rotation");
		ResponseEntity<Map> rotated = api().post()
			.uri("/api/companies/{id}/password", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", "y".repeat(100)))
			.retrieve()
			.toEntity(Map.class);
		assertThat(rotated.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(new WebConnectorClient(endpoint()).authenticate(company.username(), company.password()).get(1))
			.isEqualTo("none");
		// 72 bytes exactly is fine
		assertThat(api().post()
			.uri("/api/companies/{id}/password", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", "z".repeat(72)))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void aNewPasswordEndsTheCompanysOpenSessions() {
		TestCompany company = TestCompanies.create(api(), "Revoked");
		TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "never-sent"));
		WebConnectorClient wc = new WebConnectorClient(endpoint());
		List<String> login = wc.authenticate(company.username(), company.password());
		assertThat(login.get(1)).isNotIn("nvu", "none");
		String ticket = login.get(0);

		api().post()
			.uri("/api/companies/{id}/password", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("password", "the password after a leak"))
			.retrieve()
			.toBodilessEntity();

		assertThat(wc.sendRequestXML(ticket, "", "", "US", 13, 0)).isEmpty();
		assertThat(wc.getLastError(ticket)).contains("password");
		assertThat(this.jdbc.sql("SELECT state FROM webconnector_sessions WHERE company_id = ?")
			.param(company.id())
			.query(String.class)
			.list()).containsExactly("REVOKED");
		assertThat(this.jdbc.sql("SELECT state FROM outbox_documents WHERE company_id = ?")
			.param(company.id())
			.query(String.class)
			.list()).containsExactly("QUEUED");
	}

	@Test
	void theQwcFileNamesThisServerAndTheCompany() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Qwc Owner", Map.of("runEveryMinutes", 45));
		ResponseEntity<String> response = api().get().uri("/api/companies/{id}/qwc", company.id()).retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getContentDisposition().getFilename()).endsWith(".qwc");
		Document qwc = SecureXml.documentBuilder()
			.parse(new ByteArrayInputStream(response.getBody().getBytes(StandardCharsets.UTF_8)));
		Element root = qwc.getDocumentElement();
		assertThat(root.getTagName()).isEqualTo("QBWCXML");
		assertThat(child(root, "AppURL")).isEqualTo(PUBLIC_URL + "/qbwc");
		assertThat(child(root, "UserName")).isEqualTo(company.username());
		assertThat(child(root, "OwnerID")).isEqualTo(company.ownerId());
		assertThat(child(root, "FileID")).isEqualTo(company.fileId());
		assertThat(child(root, "QBType")).isEqualTo("QBFS");
		assertThat(child(root, "AppName")).contains("Qwc Owner");
		assertThat(child(root, "AppSupport")).startsWith(PUBLIC_URL + "/");
		assertThat(root.getElementsByTagName("AppID").getLength()).isEqualTo(1);
		assertThat(((Element) root.getElementsByTagName("Scheduler").item(0)).getElementsByTagName("RunEveryNMinutes")
			.item(0)
			.getTextContent()).isEqualTo("45");
		assertThat(response.getBody()).doesNotContain(company.password());
	}

	private static String child(Element root, String name) {
		return root.getElementsByTagName(name).item(0).getTextContent();
	}

	private long countCompanies() {
		return this.jdbc.sql("SELECT COUNT(*) FROM companies").query(Long.class).single();
	}

}
