package io.qbsync.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.qbsync.QbsyncApplication;
import io.qbsync.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as a newcomer meets it, in a real browser: a fresh database, the first start makes the sandbox company,
 * the wizard waits with both sections, Approve Checked, Run the Web Connector now, and the Sync Report's Successful
 * rows and the planted Unsynced Entities. Screenshots go to target/screenshots (demo-wizard.png is in the README).
 * Without chromium and chromedriver the class is skipped, with a message saying how to install them.
 */
class BrowserDemoTests {

	private static final String ADMIN = "admin";

	private static final String PASSWORD = "demo-admin-password";

	private ConfigurableApplicationContext context;

	private WebDriver browser;

	@AfterEach
	void stop() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void aNewcomerApprovesTheDemoRunsItsWebConnectorAndFindsSuccessesAndProblemsToWork() throws IOException {
		this.browser = Chromium.headless();
		this.context = new SpringApplicationBuilder(QbsyncApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + demoDatabase().url(), "--spring.datasource.username=" + demoDatabase().username(),
				"--spring.datasource.password=" + demoDatabase().password(), "--spring.quartz.auto-startup=false",
				"--spring.quartz.scheduler-name=qbsync-browser-demo", "--qbsync.import.enabled=true",
				"--qbsync.sandbox.demo=on", "--qbsync.admin.username=" + ADMIN, "--qbsync.admin.password=" + PASSWORD,
				"--spring.main.banner-mode=off");

		// signed in, the newcomer lands on the demo company's Sync Wizard
		signIn();
		assertThat(this.browser.getCurrentUrl()).matches(".*/companies/\\d+/wizard");
		String company = this.browser.getCurrentUrl().replaceAll(".*/companies/(\\d+)/wizard", "$1");
		assertThat(this.browser.findElement(By.tagName("header")).getText()).contains("Sandbox");
		assertThat(rows("#export-section")).isGreaterThan(10);
		assertThat(rows("#import-section")).isGreaterThanOrEqualTo(2);
		assertThat(this.browser.findElement(By.id("export-section")).getText()).contains("Hillcrest Community Church");
		assertThat(this.browser.findElement(By.id("import-section")).getText()).contains("Dunmore Family Dental");
		// a customer deleted in QuickBooks by the name a person knows, and QuickBooks spelled as it is
		assertThat(this.browser.findElement(By.id("import-section")).getText())
			.contains("customer \"Oak Hollow Estates\" was deleted in QuickBooks")
			.doesNotContain("Quickbooks");
		assertThat(this.browser.getPageSource()).contains(">deleted in QuickBooks</span>");
		screenshot("demo-wizard");

		this.browser.findElement(By.id("approve-checked")).click();
		assertThat(this.browser.findElement(By.cssSelector(".notice")).getText()).startsWith("Approved ");

		go("/companies/" + company);
		this.browser.findElement(By.id("run-web-connector")).click();
		assertThat(this.browser.findElement(By.cssSelector(".notice")).getText()).startsWith("The Web Connector ran");

		go("/companies/" + company + "/report?tab=SUCCEEDED");
		assertThat(this.browser.findElement(By.id("report-table")).getText()).contains("2001", "Mowing");
		screenshot("demo-report");

		go("/companies/" + company + "/unsynced");
		WebElement unsynced = this.browser.findElement(By.id("unsynced-form"));
		assertThat(unsynced.getText()).contains("2007");
		assertThat(unsynced.findElements(By.cssSelector("button.resync"))).isNotEmpty();
		screenshot("demo-unsynced");
	}

	private TestDatabase.Connection database;

	private TestDatabase.Connection demoDatabase() {
		if (this.database == null) {
			this.database = TestDatabase.freshDatabase("qbsync_browser_demo");
		}
		return this.database;
	}

	private int rows(String section) {
		return this.browser.findElements(By.cssSelector(section + " table.items > tbody > tr")).size();
	}

	private void signIn() {
		go("/login");
		this.browser.findElement(By.id("username")).sendKeys(ADMIN);
		this.browser.findElement(By.id("password")).sendKeys(PASSWORD);
		this.browser.findElement(By.id("sign-in")).click();
		assertThat(this.browser.getCurrentUrl()).doesNotContain("error");
	}

	private void go(String path) {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		this.browser.get("http://localhost:" + port + path);
	}

	private void screenshot(String name) throws IOException {
		this.browser.manage().window().setSize(new Dimension(1400, 1000));
		Files.createDirectories(BrowserWorkflowTests.SCREENSHOTS);
		Files.write(BrowserWorkflowTests.SCREENSHOTS.resolve(name + ".png"),
				((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES));
	}

}
