package io.qbsync.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Creates companies through the REST API, each with a username no other test uses. */
public final class TestCompanies {

	private static final AtomicInteger SEQUENCE = new AtomicInteger();

	private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

	private TestCompanies() {
	}

	/** A company as the API returned it, plus the Web Connector password the test chose. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record TestCompany(long id, String name, String username, String companyFile, String qbxmlVersion,
			String ownerId, String fileId, int runEveryMinutes, String password) {

		TestCompany withPassword(String password) {
			return new TestCompany(this.id, this.name, this.username, this.companyFile, this.qbxmlVersion, this.ownerId,
					this.fileId, this.runEveryMinutes, password);
		}

	}

	public static String uniqueUsername(String prefix) {
		return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
	}

	public static TestCompany create(RestClient api, String name) {
		return create(api, name, Map.of());
	}

	/** Creates a company; {@code overrides} replace the default fields of the request. */
	public static TestCompany create(RestClient api, String name, Map<String, Object> overrides) {
		String password = "pw-" + uniqueUsername("secret") + "-long";
		Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "username",
				uniqueUsername(name.toLowerCase().replaceAll("[^a-z0-9]", "")), "password", password,
				"runEveryMinutes", 1));
		body.putAll(overrides);
		ResponseEntity<TestCompany> response = api.post()
			.uri("/api/companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(TestCompany.class);
		if (response.getStatusCode() != HttpStatus.CREATED) {
			throw new IllegalStateException("Could not create a test company: " + response);
		}
		return response.getBody().withPassword((String) body.get("password"));
	}

	/** Queues a raw qbXML document; answers its id. */
	public static long enqueue(RestClient api, long companyId, String qbxml) {
		ResponseEntity<Map> response = api.post()
			.uri("/api/companies/{id}/outbox", companyId)
			.contentType(MediaType.TEXT_XML)
			.body(qbxml)
			.retrieve()
			.toEntity(Map.class);
		if (response.getStatusCode() != HttpStatus.CREATED) {
			throw new IllegalStateException("Could not queue a document: " + response);
		}
		return ((Number) response.getBody().get("id")).longValue();
	}

	/** A small valid qbXML request document: one CustomerQuery by name, tagged so tests can tell documents apart. */
	public static String customerQuery(String version, String tag) {
		return """
				<?xml version="1.0" encoding="utf-8"?>
				<?qbxml version="%s"?>
				<QBXML>
				  <QBXMLMsgsRq onError="continueOnError">
				    <CustomerQueryRq requestID="%s">
				      <FullName>%s</FullName>
				    </CustomerQueryRq>
				  </QBXMLMsgsRq>
				</QBXML>
				""".formatted(version, tag, tag);
	}

}
