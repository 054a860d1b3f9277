package io.qbsync.web;

import io.qbsync.company.Company;
import io.qbsync.qbxml.status.StatusGuide;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The QuickBooks Status Code Reference Guide: every code, searchable; each failure elsewhere links here. */
@Controller
class GuidePage {

	private final Header header;

	private final CompanyAccess access;

	private final StatusGuide guide = StatusGuide.standard();

	GuidePage(Header header, CompanyAccess access) {
		this.header = header;
		this.access = access;
	}

	@GetMapping("/guide")
	String guide(@RequestParam(required = false) String q, @RequestParam(required = false) Long company,
			Authentication user, Model model) {
		Company current = (company != null) ? this.access.require(user, company) : null;
		this.header.fill(model, user, current, "guide");
		model.addAttribute("q", q);
		model.addAttribute("entries", this.guide.search(q, null));
		return "guide";
	}

}
