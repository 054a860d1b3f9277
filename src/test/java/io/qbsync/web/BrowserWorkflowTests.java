package io.qbsync.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's daily workflow in a real browser (Debian's Chromium, headless, through chromedriver): sign in, see
 * the badge, open the wizard, untick two items, Approve Checked with Keep Unchecked (and, for a second company, Clear
 * Unchecked), a Web Connector session, the items under Successful, a failure under Unsynced Entities with its code,
 * message and fix, Resync, Clear ID, and Restart of the failed delivery; a failed Web Connector run in the header and
 * the Pending tab; the wizard, report, Unsynced Entities and Jobs at desktop and at phone width (400 px), every
 * action on screen. Screenshots go to target/screenshots.
 * Without chromium and chromedriver the class is skipped, with a message saying how to install them.
 */
class BrowserWorkflowTests extends IntegrationTest {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final String TOO_LONG = "Green Acres Landscaping and Tree Service of Raleigh";

	private static WebDriver browser;

	@org.springframework.beans.factory.annotation.Autowired
	private org.springframework.batch.core.repository.JobRepository jobRepository;

	@BeforeAll
	static void startBrowser() throws IOException {
		browser = Chromium.headless();
		Files.createDirectories(SCREENSHOTS);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void theDailyWorkflowWithKeepUnchecked() throws IOException {
		TestCompany company = TestCompanies.create(api(), "Browser Keep");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		// a customer already in QuickBooks, then deleted there: its change will fail and need Clear ID
		steps().put(company, "customers", "C-9", "{\"name\": \"Old Oak Customer\"}");
		steps().scanAndApproveAll(company);
		steps().session(company, books);
		String oldOak = books.list("Customer").get(0).text("ListID");
		books.userDelete(oldOak);
		steps().put(company, "customers", "C-9", "{\"name\": \"Old Oak Customer\", \"phone\": \"919-555-0190\"}");
		for (int i = 1; i <= 5; i++) {
			steps().put(company, "customers", "C-" + i, "{\"name\": \"Browser Customer " + i + "\"}");
		}
		steps().scan(company);

		signIn(ADMIN, ADMIN_PASSWORD);
		go("/companies/" + company.id() + "/report");
		assertThat(browser.findElement(By.cssSelector("#wizard-badge .badge")).getText()).isEqualTo("6");
		browser.findElement(By.id("wizard-badge")).click();
		List<WebElement> rows = browser.findElements(By.cssSelector("#export-section table.items > tbody > tr"));
		assertThat(rows).hasSize(6);
		assertThat(browser.findElements(By.cssSelector("#export-section input.check:checked"))).hasSize(6);
		String kept1 = untick("Browser Customer 4");
		String kept2 = untick("Browser Customer 5");
		new Select(browser.findElement(By.id("unchecked-rule"))).selectByVisibleText("Keep Unchecked");
		screenshot("wizard");
		browser.findElement(By.id("approve-checked")).click();
		assertThat(browser.findElement(By.cssSelector(".notice")).getText()).startsWith("Approved 4: customer ")
			.contains("Browser Customer 1", "Old Oak Customer").contains("2 kept, 0 cleared");

		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Browser Customer 1\" in the Name field.");
		steps().session(company, books);

		// the kept items are still waiting
		go("/companies/" + company.id() + "/wizard");
		assertThat(browser.findElements(By.cssSelector("#export-section table.items > tbody > tr"))).extracting((r) -> r.getAttribute("id"))
			.containsExactlyInAnyOrder(kept1, kept2);
		assertThat(browser.findElement(By.cssSelector("#wizard-badge .badge")).getText()).isEqualTo("2");

		go("/companies/" + company.id() + "/report?tab=SUCCEEDED");
		assertThat(browser.findElement(By.id("report-table")).getText()).contains("Browser Customer 2",
				"Browser Customer 3");
		assertThat(browser.findElements(By.cssSelector("#sync-chart rect.ok"))).hasSize(30);
		screenshot("report");

		go("/companies/" + company.id() + "/unsynced");
		screenshot("unsynced");
		WebElement failed = rowContaining("Browser Customer 1");
		assertThat(failed.findElement(By.cssSelector("a.code")).getText()).isEqualTo("3090");
		assertThat(failed.findElement(By.cssSelector(".message")).getText()).contains("error when storing");
		assertThat(failed.findElement(By.cssSelector(".fix")).getText()).isNotBlank();
		WebElement gone = rowContaining("Old Oak Customer");
		assertThat(gone.findElement(By.cssSelector("a.code")).getText()).isEqualTo("3120");

		// Resync the first, then Clear ID on the one QuickBooks lost
		failed.findElement(By.cssSelector("button.resync")).click();
		assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("Resynced 1: customer Browser Customer 1.");
		rowContaining("Old Oak Customer").findElement(By.cssSelector("a.clear-id")).click();
		assertThat(browser.findElement(By.id("clear-id-message")).getText()).contains("Confirm");
		browser.findElement(By.id("confirm-box")).click();
		browser.findElement(By.id("confirm-clear")).click();
		assertThat(browser.findElement(By.cssSelector(".notice")).getText())
			.contains("Customer Old Oak Customer: The QuickBooks ID is cleared");

		// restart the failed delivery: only what failed runs again
		go("/companies/" + company.id() + "/jobs");
		List<WebElement> restart = browser.findElements(By.cssSelector("button.restart"));
		assertThat(restart).isNotEmpty();
		restart.get(0).click();
		assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("Restarted");

		steps().session(company, books);
		go("/companies/" + company.id() + "/report?tab=SUCCEEDED");
		assertThat(browser.findElement(By.id("report-table")).getText()).contains("Browser Customer 1");
		assertThat(books.findByName("Customer", "Browser Customer 1")).isPresent();
		// 1, 2 and 3; Old Oak was deleted in QuickBooks and waits in the wizard as a fresh Add
		assertThat(books.list("Customer")).extracting((c) -> c.text("Name"))
			.containsExactlyInAnyOrder("Browser Customer 1", "Browser Customer 2", "Browser Customer 3");
	}

	@Test
	void aFailedWebConnectorRunTurnsTheHeaderRedAndPendingSaysWhy() throws IOException {
		TestCompany company = TestCompanies.create(api(), "Browser Closed Books");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps().put(company, "customers", "C-1", "{\"name\": \"Waiting Customer\"}");
		steps().scanAndApproveAll(company);
		books.notRunning();
		steps().session(company, books);

		signIn(ADMIN, ADMIN_PASSWORD);
		go("/companies/" + company.id() + "/report?tab=PENDING");

		WebElement alert = browser.findElement(By.id("connector-alert"));
		assertThat(alert.getText()).contains("QuickBooks could not be opened at", "What to do:");
		assertThat(alert.getCssValue("background-color")).isEqualTo("rgba(252, 232, 230, 1)");
		assertThat(browser.findElement(By.id("pending-why")).getText()).contains("Why these items are waiting:",
				"re-connect the Web Connector");
		assertThat(browser.findElement(By.id("report-table")).getText()).contains("Waiting Customer");
		screenshot("pending-connector-failing");
		go("/companies/" + company.id());
		assertThat(browser.findElement(By.cssSelector("#sessions tr.failed .outcome")).getText())
			.isEqualTo("QuickBooks could not be opened");
	}

	@Test
	void clearUncheckedItemsDoNotComeBack() {
		TestCompany company = TestCompanies.create(api(), "Browser Clear");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		for (int i = 1; i <= 4; i++) {
			steps().put(company, "customers", "C-" + i, "{\"name\": \"Clear Customer " + i + "\"}");
		}
		steps().scan(company);

		signIn(ADMIN, ADMIN_PASSWORD);
		go("/companies/" + company.id() + "/wizard");
		untick("Clear Customer 3");
		untick("Clear Customer 4");
		new Select(browser.findElement(By.id("unchecked-rule"))).selectByVisibleText("Clear Unchecked");
		browser.findElement(By.id("approve-checked")).click();
		assertThat(browser.findElement(By.cssSelector(".notice")).getText())
			.contains("Approved 2: customer Clear Customer 1, customer Clear Customer 2. 0 kept, 2 cleared.");
		steps().session(company, books);
		steps().scan(company);

		go("/companies/" + company.id() + "/wizard");
		assertThat(browser.findElements(By.cssSelector("#export-section table.items > tbody > tr"))).isEmpty();
		assertThat(books.list("Customer")).hasSize(2);
		go("/companies/" + company.id() + "/wizard/cleared");
		assertThat(browser.findElements(By.cssSelector("button.undo"))).hasSize(2);
		browser.findElements(By.cssSelector("button.undo")).get(0).click();
		assertThat(browser.findElement(By.cssSelector(".notice")).getText())
			.matches("Customer Clear Customer [34] is back in the Sync Wizard\\.");
	}

	@Test
	void aRunningJobsProgressFollowsOnTheJobsPageWithoutAReload() throws InterruptedException {
		TestCompany company = TestCompanies.create(api(), "Browser Progress");
		org.springframework.batch.core.repository.JobRepository repository = this.jobRepository;
		org.springframework.batch.core.step.StepExecution step = JobProgressPageTests.running(repository, company.id(),
				1200, 5000);
		signIn(ADMIN, ADMIN_PASSWORD);
		go("/companies/" + company.id() + "/jobs");
		String row = "#execution-" + step.getJobExecution().getId();
		assertThat(browser.findElement(By.cssSelector(row + " ul.steps")).getText()).contains("1,200 of 5,000 (24%)");
		((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

		step.setReadCount(4000);
		repository.update(step);
		long until = System.currentTimeMillis() + 10_000;
		while (!textOf(row + " ul.steps").contains("4,000 of 5,000") && System.currentTimeMillis() < until) {
			Thread.sleep(200);
		}

		assertThat(browser.findElement(By.cssSelector(row + " ul.steps")).getText()).contains("4,000 of 5,000 (80%)");
		assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
		// once it ends, the page loads again to show how it ended
		JobProgressPageTests.end(repository, step);
		until = System.currentTimeMillis() + 10_000;
		while (!textOf(row + " td.status").equals("Finished") && System.currentTimeMillis() < until) {
			Thread.sleep(200);
		}
		assertThat(browser.findElement(By.cssSelector(row + " td.status")).getText()).isEqualTo("Finished");
	}

	@Test
	void aWizardOfFiveThousandItemsLoadsInTheBrowser() {
		TestCompany company = TestCompanies.create(api(), "Browser Large");
		StringBuilder ndjson = new StringBuilder();
		for (int i = 1; i <= 5000; i++) {
			ndjson.append("{\"type\":\"customers\",\"externalId\":\"C-").append(i)
				.append("\",\"record\":{\"name\":\"Big Customer ").append(i).append("\"}}\n");
		}
		api().post()
			.uri("/api/companies/{id}/records:bulk", company.id())
			.contentType(MediaType.parseMediaType("application/x-ndjson"))
			.body(ndjson.toString())
			.retrieve()
			.toBodilessEntity();
		steps().scan(company);
		signIn(ADMIN, ADMIN_PASSWORD);

		long[] millis = new long[3];
		for (int i = 0; i < millis.length; i++) {
			go("/companies/" + company.id() + "/wizard?exportPage=" + i);
			millis[i] = ((Number) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
					"const t = performance.getEntriesByType('navigation')[0]; return Math.round(t.loadEventEnd - t.startTime);"))
				.longValue();
		}
		System.out.println("Wizard with 5000 items in Chromium, navigation to load event: "
				+ java.util.Arrays.toString(millis) + " ms");

		assertThat(browser.findElements(By.cssSelector("#export-section table.items > tbody > tr"))).hasSize(200);
		assertThat(browser.findElement(By.cssSelector("#wizard-badge .badge")).getText()).isEqualTo("5000");
		assertThat(browser.findElement(By.cssSelector("#export-section .pager")).getText()).contains("Page 3 of 25");
	}

	@Test
	void theWizardReportUnsyncedAndJobsKeepTheirActionsOnScreenAtPhoneWidth() throws IOException {
		TestCompany company = TestCompanies.create(api(), "Browser Phone");
		FakeQuickBooks books = SyncSteps.booksFor(company);
		steps().put(company, "customers", "C-1", "{\"name\": \"Phone Customer 1\"}");
		steps().put(company, "customers", "C-2", "{\"name\": \"Phone Customer 2\"}");
		steps().scanAndApproveAll(company);
		books.failNext("CustomerAdd", 3090, "There was an error when storing \"Phone Customer 1\" in the Name field.");
		steps().session(company, books);
		steps().put(company, "customers", "C-3", "{\"name\": \"Phone Customer 3\", \"phone\": \"919-555-0103\"}");
		steps().put(company, "customers", "C-4", "{\"name\": \"Green Acres Landscaping and Tree Service of Raleigh\"}");
		steps().scan(company);
		signIn(ADMIN, ADMIN_PASSWORD);

		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("wizard", "/companies/" + company.id() + "/wizard");
		pages.put("report", "/companies/" + company.id() + "/report?tab=SUCCEEDED");
		pages.put("unsynced", "/companies/" + company.id() + "/unsynced");
		pages.put("jobs", "/companies/" + company.id() + "/jobs");
		try {
			for (Map.Entry<String, String> page : pages.entrySet()) {
				browser.manage().window().setSize(new Dimension(1400, 1000));
				go(page.getValue());
				screenshot(page.getKey() + "-desktop");
				assertActionsOnScreen(page.getKey() + " at desktop width", 1400);

				browser.manage().window().setSize(new Dimension(400, 900));
				go(page.getValue());
				screenshot(page.getKey() + "-phone");
				assertActionsOnScreen(page.getKey() + " at phone width", 400);
			}
		}
		finally {
			browser.manage().window().setSize(new Dimension(1400, 1000));
		}
	}

	/**
	 * The article's daily routine in one story, as an office admin walks it: the badge and a red header after a Web
	 * Connector run QuickBooks was not open for, Pending saying why; the Sync Wizard with an invoice's customer, date
	 * and total, the checked count, a name too long for QuickBooks linking to its fix, a conflict with both sides and
	 * none chosen; a successful run after which the header is calm, the kept row is back and the report names what
	 * went; a name QuickBooks already has, under Unsynced Entities with a fix that agrees with its buttons. The wizard
	 * and Unsynced Entities keep their actions on screen at 400 px. Screenshots: target/screenshots/walk-*.png.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void theDailyRoutineWithAFailedRunAProblemRowAndAConflict() throws IOException {
		TestCompany company = TestCompanies.create(api(), "Walk Landscaping");
		FakeQuickBooks books = NamesNotIdsPageTests.books(company);
		// yesterday: customers and an item reached QuickBooks; then the bookkeeper and the field-service app both
		// changed Smith Lawn's e-mail, and the run turned that into a conflict for the admin
		steps().put(company, "customers", "C-1", "{\"name\": \"Henderson, Mark\"}");
		steps().put(company, "customers", "C-2", "{\"name\": \"Smith Lawn\", \"email\": \"first@smith.example\"}");
		steps().put(company, "items", "I-1",
				"{\"name\": \"Edging\", \"type\": \"SERVICE\", \"rate\": 40, \"incomeAccount\": \"Sales\"}");
		steps().scanAndApproveAll(company);
		runsUntilIdle(company, books);
		books.userEdit(books.findByName("Customer", "Smith Lawn").orElseThrow().text("ListID"), "Email",
				"bookkeeper@smith.example");
		steps().put(company, "customers", "C-2", "{\"name\": \"Smith Lawn\", \"email\": \"ours@smith.example\"}");
		steps().scanAndApproveAll(company);
		runsUntilIdle(company, books);
		// today: a new customer approved, new changes waiting, and QuickBooks closed when the Web Connector ran
		steps().put(company, "customers", "C-3", "{\"name\": \"Birch Lane Farm\"}");
		steps().put(company, "invoices", "INV-1", "{\"number\": \"7001\", \"customer\": \"C-1\", \"date\": "
				+ "\"2026-11-24\", \"lines\": [{\"item\": \"I-1\", \"quantity\": 2, \"rate\": 40}, {\"item\": \"I-1\", "
				+ "\"quantity\": 1, \"rate\": 12.5}]}");
		steps().put(company, "customers", "C-4", "{\"name\": \"" + TOO_LONG + "\"}");
		steps().put(company, "customers", "C-5", "{\"name\": \"Maple Street Homes\"}");
		steps().scan(company);
		approveOnly(company, "C-3");
		books.notRunning();
		steps().session(company, books);
		String wizard = "/companies/" + company.id() + "/wizard";

		// 1. the badge, the red header with the reason, and Pending saying why
		signIn(ADMIN, ADMIN_PASSWORD);
		go("/companies/" + company.id() + "/report?tab=PENDING");
		assertThat(browser.findElement(By.cssSelector("#wizard-badge .badge")).getText()).isEqualTo("4");
		WebElement alert = browser.findElement(By.id("connector-alert"));
		assertThat(alert.getText()).contains("QuickBooks could not be opened at", "QuickBooks is not running",
				"What to do:");
		assertThat(alert.getCssValue("background-color")).isEqualTo("rgba(252, 232, 230, 1)");
		assertThat(browser.findElement(By.id("pending-why")).getText()).contains("Why these items are waiting:",
				"QuickBooks could not be opened at", "re-connect the Web Connector");
		assertThat(browser.findElement(By.id("report-table")).getText()).contains("Birch Lane Farm");
		atDesktopAndPhone("walk-1-pending-connector-failing", null, false);

		// 2. the Sync Wizard: names and amounts, the checked count, a problem row with its fix, a conflict
		browser.findElement(By.id("wizard-badge")).click();
		assertThat(rowContaining("\"7001\"").getText()).contains("to Henderson, Mark, 2026-11-24, total 92.50");
		assertThat(browser.findElement(By.id("checked-count")).getText()).isEqualTo("3 of 3 checked");
		WebElement tooLong = rowContaining(TOO_LONG);
		assertThat(tooLong.findElement(By.cssSelector("input.check")).isEnabled()).isFalse();
		assertThat(tooLong.findElement(By.cssSelector(".problems")).getText()).contains("at most 41");
		assertThat(browser.findElement(By.id("blocked-note")).getText()).startsWith("1 row has a problem");
		WebElement conflict = rowContaining("Smith Lawn");
		conflict.findElement(By.tagName("summary")).click();
		assertThat(conflict.findElement(By.cssSelector("table.changes")).getText()).contains("QuickBooks",
				"field-service app", "bookkeeper@smith.example", "ours@smith.example");
		assertThat(conflict.findElements(By.cssSelector(".conflict input[type=radio]"))).hasSize(2)
			.noneMatch(WebElement::isSelected);
		atDesktopAndPhone("walk-2-wizard", "#wizard-form", true);
		Map<String, Object> wizardCard = phoneCard("Smith Lawn");
		assertThat((List<String>) wizardCard.get("labels")).as("labels of the wizard's phone card")
			.contains("Action", "What", "If unchecked");
		rowContaining(TOO_LONG).findElement(By.cssSelector("a.truncation-link")).click();
		assertThat(browser.getCurrentUrl()).endsWith("/companies/" + company.id() + "#truncation");
		assertThat(browser.findElement(By.id("truncation")).getText()).isNotBlank();
		assertThat(browser.findElement(By.name("allowTruncation")).isDisplayed()).isTrue();
		go(wizard);

		browser.findElement(By.id("approve-checked")).click();
		assertThat(browser.findElement(By.cssSelector(".messages .error")).getText())
			.contains("Nothing was approved: customer Smith Lawn was changed in both QuickBooks and the field-service app",
					"Choose which version to keep");
		assertThat(wizardRows()).hasSize(4);
		rowContaining("Smith Lawn").findElement(By.cssSelector("input[type=radio][value=QUICKBOOKS]")).click();
		untick("Maple Street Homes");
		assertThat(browser.findElement(By.id("checked-count")).getText()).isEqualTo("2 of 3 checked");
		new Select(browser.findElement(By.id("unchecked-rule"))).selectByVisibleText("Keep Unchecked");
		browser.findElement(By.id("approve-checked")).click();
		assertThat(browser.findElement(By.cssSelector(".notice")).getText()).startsWith("Approved 2: ")
			.contains("invoice 7001", "customer Smith Lawn").contains("2 kept, 0 cleared");
		assertThat(browser.findElement(By.id("kept-note")).getText()).contains("kept for later",
				"come back here after the Web Connector's next run");
		assertThat(wizardRows()).noneMatch((r) -> r.contains("Maple Street Homes"));
		scrollTo("#wizard-form");
		screenshot("walk-2-wizard-kept-desktop");

		// 3. a run that works: the header is calm, the kept row is back, the report names what went
		books.running();
		runsUntilIdle(company, books);
		go(wizard);
		assertThat(browser.findElements(By.id("connector-alert"))).isEmpty();
		assertThat(wizardRows()).anyMatch((r) -> r.contains("Maple Street Homes"));
		go("/companies/" + company.id() + "/report?tab=SUCCEEDED");
		String invoiceId = books.list("Invoice").get(0).text("TxnID");
		String birchId = books.findByName("Customer", "Birch Lane Farm").orElseThrow().text("ListID");
		assertThat(qbNameCell("7001").getAttribute("title")).isEqualTo("QuickBooks id " + invoiceId);
		assertThat(qbNameCell("Birch Lane Farm").getAttribute("title")).isEqualTo("QuickBooks id " + birchId);
		assertThat(browser.findElement(By.id("report-table")).getText()).doesNotContain(invoiceId, birchId)
			.contains("to Henderson, Mark, 2026-11-24, total 92.50");
		atDesktopAndPhone("walk-3-report-successful", "#report-table", false);

		// 4. the bookkeeper typed Maple Street Homes into QuickBooks meanwhile: its Add fails, Unsynced Entities says
		// what to do with the buttons it names
		books.seed("Customer", "<Name>Maple Street Homes</Name>");
		go(wizard);
		WebElement maple = rowContaining("Maple Street Homes").findElement(By.cssSelector("input.check"));
		if (!maple.isSelected()) {
			maple.click();
		}
		browser.findElement(By.id("approve-checked")).click();
		assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("customer Maple Street Homes");
		runsUntilIdle(company, books);
		go("/companies/" + company.id() + "/unsynced");
		WebElement failed = rowContaining("Maple Street Homes");
		assertThat(failed.findElement(By.cssSelector("a.code")).getText()).isEqualTo("3100");
		assertThat(failed.findElement(By.cssSelector(".message")).getText()).contains("Maple Street Homes",
				"already used in QuickBooks");
		String fix = failed.findElement(By.cssSelector("td.fix")).getText();
		assertThat(fix).contains("Name already in use", "click Clear ID", "click Resync")
			.doesNotContainIgnoringCase("support");
		assertThat(failed.findElement(By.cssSelector("button.resync")).getText()).isEqualTo("Resync");
		assertThat(failed.findElement(By.cssSelector("a.clear-id")).getText()).isEqualTo("Clear ID");
		assertThat(failed.findElement(By.cssSelector(".message")).getText()).contains("by the customer \"Maple Street Homes\"")
			.doesNotContain(books.findByName("Customer", "Maple Street Homes").orElseThrow().text("ListID"));
		atDesktopAndPhone("walk-4-unsynced", "#unsynced-form", true);
		Map<String, Object> card = phoneCard("Maple Street Homes");
		assertThat((List<String>) card.get("labels")).as("labels of the unsynced phone card")
			.contains("Record", "QuickBooks said", "How to fix it", "Tries");
		assertThat(((Number) card.get("resync")).longValue()).as("Resync before the fix text on the phone card")
			.isLessThan(((Number) card.get("fix")).longValue())
			.isLessThan(((Number) card.get("screen")).longValue() - 60);
		assertThat(((Number) card.get("clearId")).longValue()).as("Clear ID before the fix text on the phone card")
			.isLessThan(((Number) card.get("fix")).longValue());
	}

	/**
	 * The card of the row holding {@code name} at 400 px: the column labels its cells show before their values
	 * (data-label, drawn by CSS), and how far below the card's top its Resync, Clear ID and fix text begin.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> phoneCard(String name) {
		try {
			browser.manage().window().setSize(new Dimension(400, 900));
			browser.navigate().refresh();
			WebElement row = rowContaining(name);
			return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
					const row = arguments[0];
					const top = (selector) => {
						const e = row.querySelector(selector);
						return e ? Math.round(e.getBoundingClientRect().top - row.getBoundingClientRect().top) : 100000;
					};
					const labels = Array.from(row.children)
						.filter((td) => td.getClientRects().length > 0 && td.dataset.label)
						.filter((td) => getComputedStyle(td, '::before').content !== 'none')
						.map((td) => td.dataset.label);
					return { labels: labels, resync: top('button.resync'), clearId: top('a.clear-id'),
						fix: top('td.fix'), screen: window.innerHeight };
					""", row);
		}
		finally {
			browser.manage().window().setSize(new Dimension(1400, 1000));
			browser.navigate().refresh();
		}
	}

	/** Web Connector runs until the server has nothing more for QuickBooks (as the connector would, every minute). */
	private void runsUntilIdle(TestCompany company, FakeQuickBooks books) {
		for (int run = 0; run < 10; run++) {
			if ("none".equals(new WebConnectorRunner(new WebConnectorClient(endpoint()), books)
				.run(company.username(), company.password())
				.authenticateStatus())) {
				return;
			}
		}
		throw new AssertionError("Still work for QuickBooks after 10 runs");
	}

	/** Approves the wizard items of these records only, leaving the others as they are. */
	@SuppressWarnings("unchecked")
	private void approveOnly(TestCompany company, String... externalIds) {
		List<Map<String, Object>> export = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard", company.id())
			.retrieve()
			.body(Map.class)
			.get("export");
		List<Object> ids = export.stream().filter((i) -> List.of(externalIds).contains(i.get("externalId")))
			.map((i) -> i.get("id")).toList();
		assertThat(ids).hasSize(externalIds.length);
		api().post()
			.uri("/api/companies/{id}/wizard/approve", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", ids, "unchecked", "KEEP"))
			.retrieve()
			.toBodilessEntity();
	}

	/**
	 * Screenshots of the page as it is, at desktop width and at 400 px (reloaded there, then back), scrolled to
	 * {@code focus} when given; with {@code actions}, every action stays on screen at both.
	 */
	private void atDesktopAndPhone(String step, String focus, boolean actions) throws IOException {
		scrollTo(focus);
		screenshot(step + "-desktop");
		if (actions) {
			assertActionsOnScreen(step + " at desktop width", 1400);
		}
		try {
			browser.manage().window().setSize(new Dimension(400, 900));
			browser.navigate().refresh();
			scrollTo(focus);
			screenshot(step + "-phone");
			if (actions) {
				assertActionsOnScreen(step + " at phone width", 400);
			}
		}
		finally {
			browser.manage().window().setSize(new Dimension(1400, 1000));
			browser.navigate().refresh();
		}
	}

	private void scrollTo(String selector) {
		if (selector != null) {
			((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})",
					browser.findElement(By.cssSelector(selector)));
		}
	}

	private List<String> wizardRows() {
		return browser.findElements(By.cssSelector("#export-section table.items > tbody > tr"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	/** The Sync Report's "In QuickBooks" cell that reads {@code text}. */
	private WebElement qbNameCell(String text) {
		return browser.findElements(By.cssSelector("#report-table td.qb-name"))
			.stream()
			.filter((c) -> c.getText().equals(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No QuickBooks column reading " + text + " on " + browser.getCurrentUrl()));
	}

	/**
	 * Every action on the page (buttons, selects, the Clear ID link, the search box, the chart) lies within the
	 * viewport's width, and the page does not scroll sideways.
	 */
	@SuppressWarnings("unchecked")
	private void assertActionsOnScreen(String what, int maxWidth) {
		Map<String, Object> layout = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
				const width = window.innerWidth;
				const actions = Array.from(document.querySelectorAll(
						'main button, main select, main a.clear-id, main input[type=search], #sync-chart'))
					.filter((e) => e.getClientRects().length > 0);
				const outside = actions.map((e) => [e, e.getBoundingClientRect()])
					.filter(([e, r]) => r.left < 0 || r.right > width)
					.map(([e, r]) => (e.id || e.className || e.tagName) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
				return { width: width, scrollWidth: document.scrollingElement.scrollWidth, actions: actions.length,
					outside: outside };
				""");
		long width = ((Number) layout.get("width")).longValue();
		assertThat(width).as(what + ": viewport width").isLessThanOrEqualTo(maxWidth);
		assertThat(((Number) layout.get("actions")).longValue()).as(what + ": actions found").isPositive();
		assertThat((List<String>) layout.get("outside")).as(what + ": actions outside the viewport").isEmpty();
		assertThat(((Number) layout.get("scrollWidth")).longValue()).as(what + ": page width").isLessThanOrEqualTo(width);
	}

	private SyncSteps steps() {
		return new SyncSteps(api(), endpoint());
	}

	private void signIn(String username, String password) {
		browser.manage().deleteAllCookies();
		go("/login");
		browser.findElement(By.id("username")).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys(password);
		browser.findElement(By.id("sign-in")).click();
		assertThat(browser.getCurrentUrl()).doesNotContain("error");
	}

	/** The element's text, or "" while the page is loading again. */
	private String textOf(String css) {
		try {
			return browser.findElement(By.cssSelector(css)).getText();
		}
		catch (org.openqa.selenium.WebDriverException ex) {
			return "";
		}
	}

	private void go(String path) {
		browser.get(baseUri() + path);
	}

	/** Unticks the wizard row of that record; answers the row's id. */
	private String untick(String name) {
		WebElement row = rowContaining(name);
		row.findElement(By.cssSelector("input.check")).click();
		assertThat(row.findElement(By.cssSelector("input.check")).isSelected()).isFalse();
		return row.getAttribute("id");
	}

	private WebElement rowContaining(String text) {
		return browser.findElements(By.cssSelector("table.items > tbody > tr"))
			.stream()
			.filter((r) -> r.getText().contains(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No row with " + text + " on " + browser.getCurrentUrl()));
	}

	private void screenshot(String name) throws IOException {
		byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
		Files.write(SCREENSHOTS.resolve(name + ".png"), png);
	}

}
