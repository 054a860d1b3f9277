package io.qbsync.webconnector;

import io.qbsync.company.CompanyService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** REST view of a company's Web Connector logins: usual addresses, and recent failures by source address. */
@RestController
class LoginController {

	private final WebConnectorService service;

	private final CompanyService companies;

	LoginController(WebConnectorService service, CompanyService companies) {
		this.service = service;
		this.companies = companies;
	}

	@GetMapping("/api/companies/{companyId}/logins")
	LoginReport logins(@PathVariable long companyId) {
		return this.service.logins(this.companies.get(companyId));
	}

}
