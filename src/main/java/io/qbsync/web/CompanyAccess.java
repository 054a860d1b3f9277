package io.qbsync.web;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.system.AdminUsers;
import io.qbsync.system.NotFoundException;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Which companies a signed-in user may see. Another company's page answers 404, as if it did not exist, so changing
 * the id in the address shows nothing.
 */
@Component
class CompanyAccess {

	private final CompanyService companies;

	private final AdminUsers users;

	CompanyAccess(CompanyService companies, AdminUsers users) {
		this.companies = companies;
		this.users = users;
	}

	List<Company> visible(Authentication user) {
		Optional<Set<Long>> allowed = this.users.companiesOf(user.getName());
		return this.companies.list()
			.stream()
			.filter((c) -> allowed.isEmpty() || allowed.get().contains(c.id()))
			.toList();
	}

	boolean mayOpen(Authentication user, long companyId) {
		Optional<Set<Long>> allowed = this.users.companiesOf(user.getName());
		return allowed.isEmpty() || allowed.get().contains(companyId);
	}

	/** Whether the user sees every company (and so may add companies and users, and see every job). */
	boolean seesAll(Authentication user) {
		return this.users.companiesOf(user.getName()).isEmpty();
	}

	Company require(Authentication user, long companyId) {
		if (!mayOpen(user, companyId)) {
			throw new NotFoundException("There is no company with id " + companyId + ".");
		}
		return this.companies.get(companyId);
	}

	static boolean isAdmin(Authentication user) {
		return user.getAuthorities().stream().anyMatch((a) -> a.getAuthority().equals("ROLE_" + AdminUsers.ROLE_ADMIN));
	}

}
