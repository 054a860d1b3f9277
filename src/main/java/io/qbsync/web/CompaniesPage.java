package io.qbsync.web;

import java.util.ArrayList;
import java.util.List;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.CreatedCompany;
import io.qbsync.company.NewCompany;
import io.qbsync.company.QwcFile;
import io.qbsync.sandbox.SandboxService;
import io.qbsync.system.AdminUsers;
import io.qbsync.system.InvalidInputException;
import io.qbsync.webconnector.ConnectorHealth;
import io.qbsync.webconnector.WebConnectorService;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Companies: create one, change it, give its Web Connector a new password, download its .qwc file, with the Web
 * Connector's setup written out step by step, its recent runs with their outcome, and its failed logins; a sandbox
 * company's built-in Web Connector run now.
 */
@Controller
class CompaniesPage {

	/** How many of the Web Connector's runs the company page lists. */
	static final int RECENT_SESSIONS = 10;

	private final CompanyAccess access;

	private final Header header;

	private final CompanyService companies;

	private final QwcFile qwcFile;

	private final AdminUsers users;

	private final WebConnectorService webConnector;

	private final ConnectorHealth health;

	private final SandboxService sandboxes;

	CompaniesPage(CompanyAccess access, Header header, CompanyService companies, QwcFile qwcFile, AdminUsers users,
			WebConnectorService webConnector, ConnectorHealth health, SandboxService sandboxes) {
		this.access = access;
		this.sandboxes = sandboxes;
		this.health = health;
		this.webConnector = webConnector;
		this.header = header;
		this.companies = companies;
		this.qwcFile = qwcFile;
		this.users = users;
	}

	@GetMapping("/companies")
	String list(Authentication user, Model model) {
		this.header.fill(model, user, null, "companies");
		return "companies";
	}

	@PostMapping("/companies")
	String create(@RequestParam String name, @RequestParam String username,
			@RequestParam(defaultValue = "") String password,
			@RequestParam(defaultValue = "") String companyFile, @RequestParam(defaultValue = "60") int runEveryMinutes,
			Authentication user, RedirectAttributes flash) {
		if (this.users.companiesOf(user.getName()).isPresent()) {
			flash.addFlashAttribute("error", "Only an admin who sees every company can add one.");
			return "redirect:/companies";
		}
		try {
			CreatedCompany created = this.companies.create(new NewCompany(name, username, password, companyFile, null,
					runEveryMinutes, false));
			Company company = created.company();
			if (created.generatedPassword() != null) {
				flash.addFlashAttribute("newPassword", created.generatedPassword());
				flash.addFlashAttribute("notice", "Company \"" + company.name() + "\" added. Copy its Web Connector "
						+ "password now: it is shown only this once. Then set up its Web Connector.");
			}
			else {
				flash.addFlashAttribute("notice", "Company \"" + company.name() + "\" added. Now set up its Web Connector.");
			}
			return "redirect:/companies/" + company.id();
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
			flash.addFlashAttribute("errors", messages(ex));
			return "redirect:/companies";
		}
	}

	@PostMapping("/companies/sandbox")
	String createSandbox(@RequestParam String name, @RequestParam(defaultValue = "60") int runEveryMinutes,
			Authentication user, RedirectAttributes flash) {
		if (this.users.companiesOf(user.getName()).isPresent()) {
			flash.addFlashAttribute("error", "Only an admin who sees every company can add one.");
			return "redirect:/companies";
		}
		try {
			Company company = this.sandboxes
				.create(new SandboxService.NewSandboxCompany(name, null, runEveryMinutes, false));
			flash.addFlashAttribute("notice", "Sandbox company \"" + company.name() + "\" added. Its QuickBooks is "
					+ "simulated; run its Web Connector below.");
			return "redirect:/companies/" + company.id();
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
			flash.addFlashAttribute("errors", messages(ex));
			return "redirect:/companies";
		}
	}

	@GetMapping("/companies/{companyId}")
	String show(@PathVariable long companyId, Authentication user, Model model) {
		Company company = this.access.require(user, companyId);
		this.header.fill(model, user, company, "company");
		model.addAttribute("endpoint", this.qwcFile.endpointUrl());
		model.addAttribute("logins", this.webConnector.logins(company));
		model.addAttribute("sessions", this.health.recentSessions(company, RECENT_SESSIONS));
		model.addAttribute("sandboxRun", company.sandbox() ? this.sandboxes.lastRun(companyId).orElse(null) : null);
		return "company";
	}

	/** A sandbox company's built-in Web Connector runs now; the page then says how the run ended. */
	@PostMapping("/companies/{companyId}/sandbox/run")
	String runSandbox(@PathVariable long companyId, Authentication user, RedirectAttributes flash) {
		this.access.require(user, companyId);
		try {
			flash.addFlashAttribute("notice", "The Web Connector ran: "
					+ this.sandboxes.runWebConnector(companyId).words() + ".");
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/companies/" + companyId;
	}

	@PostMapping("/companies/{companyId}")
	String update(@PathVariable long companyId, @RequestParam String name,
			@RequestParam(defaultValue = "") String companyFile, @RequestParam int runEveryMinutes,
			@RequestParam(defaultValue = "false") boolean allowTruncation,
			@RequestParam(required = false) String timeZone, Authentication user, RedirectAttributes flash) {
		this.access.require(user, companyId);
		try {
			this.companies.update(companyId, name, companyFile, runEveryMinutes, allowTruncation, timeZone);
			flash.addFlashAttribute("notice", "Saved.");
		}
		catch (InvalidInputException ex) {
			flash.addFlashAttribute("error", ex.getMessage());
			flash.addFlashAttribute("errors", messages(ex));
		}
		return "redirect:/companies/" + companyId;
	}

	/**
	 * A new generated Web Connector password, shown once; only with {@code confirm=true}, since the current password
	 * stops working at once.
	 */
	@PostMapping("/companies/{companyId}/password")
	String rotate(@PathVariable long companyId, @RequestParam(defaultValue = "false") boolean confirm,
			Authentication user, RedirectAttributes flash) {
		this.access.require(user, companyId);
		if (!confirm) {
			flash.addFlashAttribute("error", "The Web Connector password was not changed. Tick \"I understand\" to "
					+ "confirm: the current password stops working at once.");
			return "redirect:/companies/" + companyId + "#web-connector-password";
		}
		String password = this.companies.rotatePassword(companyId, null);
		flash.addFlashAttribute("newPassword", password);
		flash.addFlashAttribute("notice", "New Web Connector password made. Type it into the Web Connector now: it is "
				+ "shown only this once.");
		return "redirect:/companies/" + companyId;
	}

	@GetMapping("/companies/{companyId}/qwc")
	ResponseEntity<String> qwc(@PathVariable long companyId, Authentication user) {
		return this.qwcFile.download(this.access.require(user, companyId));
	}


	private static List<String> messages(InvalidInputException ex) {
		List<String> messages = new ArrayList<>();
		ex.problems().forEach((p) -> messages.add(p.field() + " " + p.message()));
		return messages;
	}

}
