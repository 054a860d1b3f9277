package io.qbsync.support;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.support.TestCompanies.TestCompany;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The steps many tests take through the REST API and the Web Connector harness: records in, scan, approve all,
 * a Web Connector session against a company's fake QuickBooks.
 */
public final class SyncSteps {

	private final RestClient api;

	private final URI endpoint;

	public SyncSteps(RestClient api, URI endpoint) {
		this.api = api;
		this.endpoint = endpoint;
	}

	public void put(TestCompany company, String type, String externalId, String json) {
		this.api.put()
			.uri("/api/companies/{id}/records/{type}/{ext}", company.id(), type, externalId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toBodilessEntity();
	}

	public void scan(TestCompany company) {
		this.api.post().uri("/api/companies/{id}/scans", company.id()).retrieve().toBodilessEntity();
	}

	/** Scans, then approves every export item waiting. */
	@SuppressWarnings("unchecked")
	public void scanAndApproveAll(TestCompany company) {
		scan(company);
		List<Map<String, Object>> export = (List<Map<String, Object>>) this.api.get()
			.uri("/api/companies/{id}/wizard", company.id())
			.retrieve()
			.body(Map.class)
			.get("export");
		this.api.post()
			.uri("/api/companies/{id}/wizard/approve", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", export.stream().map((i) -> i.get("id")).toList(), "unchecked", "KEEP"))
			.retrieve()
			.toBodilessEntity();
	}

	/** A fake QuickBooks holding the company's file (its FileID stamped under the company's OwnerID). */
	public static FakeQuickBooks booksFor(TestCompany company) {
		return FakeQuickBooks.builder()
			.fileId(company.fileId())
			.ownerId(company.ownerId())
			.supportedQbXmlVersions("13.0")
			.build();
	}

	public void session(TestCompany company, FakeQuickBooks books) {
		new WebConnectorRunner(new WebConnectorClient(this.endpoint), books).run(company.username(),
				company.password());
	}

}
