package io.qbsync.metrics;

import java.net.URI;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;

import org.springframework.web.client.RestClient;

/**
 * A small sync, the same each time: three customers approved and sent in one Web Connector session, QuickBooks
 * refusing the first Add with 3090; then a fourth approved and left pending, and a fifth left waiting in the wizard.
 */
final class ScriptedSync {

	static final int ADDS_SENT = 3;

	static final int ADDS_SUCCEEDED = 2;

	static final String FORCED_CODE = "3090";

	private ScriptedSync() {
	}

	static TestCompany run(RestClient api, URI endpoint, String companyName) {
		TestCompany company = TestCompanies.create(api, companyName);
		FakeQuickBooks books = SyncSteps.booksFor(company);
		SyncSteps steps = new SyncSteps(api, endpoint);
		steps.put(company, "customers", "C-1", "{\"name\": \"Oak Hill\"}");
		steps.put(company, "customers", "C-2", "{\"name\": \"Elm Row\"}");
		steps.put(company, "customers", "C-3", "{\"name\": \"Birch End\"}");
		steps.scanAndApproveAll(company);
		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Oak Hill\" in the Name field.");
		steps.session(company, books);

		steps.put(company, "customers", "C-4", "{\"name\": \"Ash Court\"}");
		steps.scanAndApproveAll(company);
		steps.put(company, "customers", "C-5", "{\"name\": \"Pine Gate\"}");
		steps.scan(company);
		return company;
	}

}
