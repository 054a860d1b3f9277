package io.qbsync.web;

import java.util.List;

import io.qbsync.company.Company;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page, and the start page: the first company's Sync Wizard (or the companies page when there is none). */
@Controller
class HomePage {

	private final CompanyAccess access;

	HomePage(CompanyAccess access) {
		this.access = access;
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@GetMapping("/")
	String home(Authentication user) {
		List<Company> companies = this.access.visible(user);
		return companies.isEmpty() ? "redirect:/companies" : "redirect:/companies/" + companies.get(0).id() + "/wizard";
	}

}
