package io.qbsync.web;

import java.io.File;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium, headless, through chromedriver; the calling test is skipped, saying why, when it is missing. */
final class Chromium {

	private Chromium() {
	}

	static WebDriver headless() {
		String chromium = firstExisting(System.getenv("QBSYNC_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
		String driver = firstExisting(System.getenv("QBSYNC_CHROMEDRIVER"), "/usr/bin/chromedriver",
				"/usr/lib/chromium/chromedriver");
		Assumptions.assumeTrue(chromium != null && driver != null,
				"Browser tests skipped: chromium and chromedriver are not installed (apt-get install chromium "
						+ "chromium-driver, or set QBSYNC_CHROMIUM and QBSYNC_CHROMEDRIVER)");
		ChromeOptions options = new ChromeOptions().setBinary(chromium)
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
		WebDriver browser = new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build(), options);
		browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
		return browser;
	}

	private static String firstExisting(String... paths) {
		for (String p : paths) {
			if (p != null && !p.isBlank() && new File(p).canExecute()) {
				return p;
			}
		}
		return null;
	}

}
