package io.qbsync.system;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies are bounded at the edge: 413 before any password, ticket or envelope is looked at. */
class RequestLimitTests extends IntegrationTest {

	private static final int MB = 1024 * 1024;

	@Autowired
	JdbcClient jdbc;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void anOversizedSoapCallIsRefusedWith413BeforeItsLoginIsChecked() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Big Body");
		byte[] envelope = authenticate(company.username(), "wrong-" + "x".repeat(9 * MB));

		HttpResponse<String> declared = this.http.send(soap(HttpRequest.BodyPublishers.ofByteArray(envelope)),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> chunked = this.http.send(
				soap(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(envelope))),
				HttpResponse.BodyHandlers.ofString());

		for (HttpResponse<String> response : java.util.List.of(declared, chunked)) {
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.body()).contains("soap:Fault", "larger than the 8 MB", "qbsync.import.page-size");
		}
		// the password was never checked: no failed login recorded for the username
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM webconnector_login_throttles WHERE username = ?")
			.param(company.username())
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aSoapCallUnderTheLimitIsServedAsBefore() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Small Body");
		// a 3 MB call (the envelope, then blanks XML allows after it) is read in full and answered
		byte[] padded = (new String(authenticate(company.username(), company.password()), StandardCharsets.UTF_8)
				+ " ".repeat(3 * MB)).getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = this.http.send(soap(HttpRequest.BodyPublishers.ofByteArray(padded)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("authenticateResult").doesNotContain("nvu");
	}

	@Test
	void anOversizedApiBodyIsRefusedWith413AndQueuesNothing() throws Exception {
		TestCompany company = TestCompanies.create(api(), "Big Outbox");
		byte[] body = ("<?xml version=\"1.0\"?><?qbxml version=\"13.0\"?><QBXML><QBXMLMsgsRq onError=\"stopOnError\">"
				+ "<!--" + "y".repeat(7 * MB) + "--></QBXMLMsgsRq></QBXML>").getBytes(StandardCharsets.UTF_8);
		for (HttpRequest.BodyPublisher publisher : java.util.List.of(HttpRequest.BodyPublishers.ofByteArray(body),
				HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
						new ByteArrayInputStream(body), InputStream.nullInputStream())))) {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(
					baseUri().resolve("/api/companies/" + company.id() + "/outbox"))
				.header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/xml")
				.POST(publisher)
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.body()).contains("larger than the 6 MB", "Nothing was read or changed");
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM outbox_documents WHERE company_id = ?")
			.param(company.id())
			.query(Integer.class)
			.single()).isZero();
	}

	private HttpRequest soap(HttpRequest.BodyPublisher body) {
		return HttpRequest.newBuilder(endpoint())
			.header("Content-Type", "text/xml; charset=utf-8")
			.header("SOAPAction", "\"http://developer.intuit.com/authenticate\"")
			.POST(body)
			.build();
	}

	private static byte[] authenticate(String user, String password) {
		return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
				+ "<soap:Body><authenticate xmlns=\"http://developer.intuit.com/\"><strUserName>" + user
				+ "</strUserName><strPassword>" + password + "</strPassword></authenticate></soap:Body></soap:Envelope>")
			.getBytes(StandardCharsets.UTF_8);
	}

}
