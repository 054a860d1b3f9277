package io.qbsync.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a person reads, the pages name records as people do: "blocked by customer Henderson, Mark", an invoice with its
 * customer, date and total, the Sync Report's QuickBooks column as the invoice number or the customer's name, and
 * confirmations by name. The ids stay in the hover text.
 */
class NamesNotIdsPageTests extends IntegrationTest {

	@Test
	void theWizardTheReportAndTheConfirmationNameRecordsAndShowInvoiceAmounts() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Names Not Ids");
		FakeQuickBooks books = books(company);
		steps.put(company, "customers", "C-17", "{\"name\": \"Henderson, Mark\"}");
		steps.put(company, "items", "I-4", "{\"name\": \"Edging\", \"type\": \"SERVICE\", \"rate\": 40, "
				+ "\"incomeAccount\": \"Sales\"}");
		steps.put(company, "invoices", "INV-88", "{\"number\": \"7001\", \"customer\": \"C-17\", \"date\": "
				+ "\"2026-11-24\", \"lines\": [{\"item\": \"I-4\", \"quantity\": 2, \"rate\": 40}, {\"item\": \"I-4\", "
				+ "\"quantity\": 1, \"rate\": 12.5}]}");
		steps.session(company, books);
		steps.scan(company);
		Browser admin = signedIn();

		String wizard = admin.open("/companies/" + company.id() + "/wizard").body();
		assertThat(wizard).contains("Blocked by customer Henderson, Mark, item Edging")
			.contains("to Henderson, Mark, 2026-11-24, total 92.50")
			.contains("title=\"field-service id INV-88\"")
			.doesNotContain("customer &quot;C-17&quot;");

		List<String> form = new ArrayList<>(List.of("unchecked", "KEEP"));
		for (Object id : exportIds(company)) {
			form.addAll(List.of("shown", id.toString(), "checked", id.toString()));
		}
		admin.post("/companies/" + company.id() + "/wizard/approve", true, form.toArray(String[]::new));
		assertThat(admin.open("/companies/" + company.id() + "/wizard").body())
			.containsPattern("Approved 3: [^<]*customer Henderson, Mark")
			.containsPattern("Approved 3: [^<]*item Edging")
			.containsPattern("Approved 3: [^<]*invoice 7001[^<]*\\. 0 kept, 0 cleared\\.");

		steps.session(company, books);
		String customerId = books.findByName("Customer", "Henderson, Mark").orElseThrow().text("ListID");
		String invoiceId = books.list("Invoice").get(0).text("TxnID");
		String report = admin.open("/companies/" + company.id() + "/report?tab=SUCCEEDED").body();
		assertThat(report).contains("<td class=\"qb-name\" title=\"QuickBooks id " + invoiceId + "\">7001</td>")
			.contains("<td class=\"qb-name\" title=\"QuickBooks id " + customerId + "\">Henderson, Mark</td>")
			.contains("to Henderson, Mark, 2026-11-24, total 92.50")
			.doesNotContain(">" + invoiceId + "<")
			.doesNotContain(">" + customerId + "<");
	}

	@Test
	void whatAFailedCustomerBlocksIsNamedWithItsAmountAndResyncConfirmsByName() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Names Unsynced");
		FakeQuickBooks books = books(company);
		steps.put(company, "customers", "C-5", "{\"name\": \"Oak Hill\"}");
		steps.put(company, "items", "I-1", "{\"name\": \"Mowing\", \"type\": \"SERVICE\", \"rate\": 55, "
				+ "\"incomeAccount\": \"Sales\"}");
		steps.put(company, "invoices", "INV-3", "{\"number\": \"3003\", \"customer\": \"C-5\", \"date\": "
				+ "\"2026-11-20\", \"lines\": [{\"item\": \"I-1\", \"quantity\": 3, \"rate\": 55}]}");
		steps.session(company, books);
		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Oak Hill\" in the Name field.");
		steps.scanAndApproveAll(company);
		steps.session(company, books);
		Browser admin = signedIn();

		String unsynced = admin.open("/companies/" + company.id() + "/unsynced").body();
		assertThat(unsynced).contains("invoice 3003 to Oak Hill, 2026-11-20, total 165.00")
			.contains("title=\"field-service id C-5\"");

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> failed = api().get().uri("/api/companies/{id}/unsynced", company.id()).retrieve()
			.body(List.class);
		Object oakHill = failed.stream().filter((u) -> "3090".equals(u.get("code"))).findFirst().orElseThrow().get("id");
		admin.post("/companies/" + company.id() + "/unsynced/resync", true, "one", oakHill.toString());
		assertThat(admin.open("/companies/" + company.id() + "/unsynced").body()).contains("Resynced 1: customer Oak Hill.");
	}

	@Test
	void theJobsPageNamesJobsAndCountsInWordsAndARestartLeavesOneOutcome() {
		SyncSteps steps = new SyncSteps(api(), endpoint());
		TestCompany company = TestCompanies.create(api(), "Oak Hill Jobs");
		FakeQuickBooks books = books(company);
		steps.put(company, "customers", "C-1", "{\"name\": \"Jobs Customer\"}");
		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Jobs Customer\" in the Name field.");
		steps.scanAndApproveAll(company);
		steps.session(company, books);
		Browser admin = signedIn();

		String jobs = admin.open("/companies/" + company.id() + "/jobs").body();
		assertThat(jobs).contains(">Scan of Oak Hill Jobs&#39;s changes</td>")
			.contains(">Web Connector run: delivery to Oak Hill Jobs&#39;s QuickBooks</td>")
			.contains("Changes in the field-service app: 1 read, 1 sorted into the Sync Wizard")
			.contains("Sent to QuickBooks: 1, succeeded: 0, failed: 1")
			.contains(">Failed</td>")
			.doesNotContain(">scan-changes<");
		java.util.regex.Matcher failed = java.util.regex.Pattern
			.compile("action=\"/companies/" + company.id() + "/jobs/(\\d+)/restart\"")
			.matcher(jobs);
		assertThat(failed.find()).isTrue();
		String execution = failed.group(1);

		admin.post("/companies/" + company.id() + "/jobs/" + execution + "/restart", true);
		String after = admin.open("/companies/" + company.id() + "/jobs").body();
		assertThat(after).containsPattern("class=\"notice\">Restarted: Web Connector run: delivery to Oak Hill Jobs&#39;s "
				+ "QuickBooks (has finished|is running)|class=\"error\">Restarted, but Web Connector run")
			.doesNotContain("jobs/" + execution + "/restart")
			.containsPattern("Restarted as run \\d+: (finished|failed|running)");
	}

	@SuppressWarnings("unchecked")
	private List<Object> exportIds(TestCompany company) {
		Map<String, Object> wizard = api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve()
			.body(Map.class);
		return ((List<Map<String, Object>>) wizard.get("export")).stream().map((i) -> i.get("id")).toList();
	}

	static FakeQuickBooks books(TestCompany company) {
		FakeQuickBooks books = SyncSteps.booksFor(company);
		books.seed("Account", "<Name>Sales</Name><AccountType>Income</AccountType>");
		return books;
	}

	private Browser signedIn() {
		Browser admin = new Browser(baseUri());
		assertThat(admin.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		return admin;
	}

}
