package io.qbsync.company;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API for companies: create, read, rotate the Web Connector password, download the .qwc file, and the ways each
 * QuickBooks type syncs.
 */
@RestController
@RequestMapping("/api/companies")
class CompanyController {

	private final CompanyService companies;

	private final QwcFile qwcFile;

	private final SyncDirections directions;

	CompanyController(CompanyService companies, QwcFile qwcFile, SyncDirections directions) {
		this.companies = companies;
		this.qwcFile = qwcFile;
		this.directions = directions;
	}

	/** Which ways each QuickBooks type syncs for this company. */
	@GetMapping("/{id}/directions")
	List<SyncDirection> directions(@PathVariable long id) {
		return this.directions.of(id);
	}

	/** Changes some types' directions: {@code {"Invoice": {"import": true}}}. */
	@PutMapping("/{id}/directions")
	List<SyncDirection> changeDirections(@PathVariable long id,
			@RequestBody Map<String, Map<String, Boolean>> changes) {
		return this.directions.change(id, changes);
	}

	/** Creates a company; with no password in the body, the answer carries the one qbsync generated, once. */
	@PostMapping
	ResponseEntity<CompanyView> create(@RequestBody NewCompany request) {
		CreatedCompany created = this.companies.create(request);
		CompanyView view = CompanyView.of(created.company(), created.generatedPassword());
		return ResponseEntity.created(URI.create("/api/companies/" + view.id())).body(view);
	}

	@GetMapping
	List<CompanyView> list() {
		return this.companies.list().stream().map(CompanyView::of).toList();
	}

	@GetMapping("/{id}")
	CompanyView get(@PathVariable long id) {
		return CompanyView.of(this.companies.get(id));
	}

	@PostMapping("/{id}/password")
	PasswordChanged rotatePassword(@PathVariable long id, @RequestBody(required = false) NewPassword request) {
		String requested = (request != null) ? request.password() : null;
		String password = this.companies.rotatePassword(id, requested);
		return new PasswordChanged(id, (requested == null || requested.isBlank()) ? password : null,
				"Type the new password into the Web Connector for this application before its next run.");
	}

	@GetMapping("/{id}/qwc")
	ResponseEntity<String> qwc(@PathVariable long id) {
		return this.qwcFile.download(this.companies.get(id));
	}


	/** Body of a password rotation; an empty body asks for a generated password. */
	record NewPassword(String password) {
	}

	/** Answer of a password rotation; {@code generatedPassword} is set only when qbsync chose it. */
	record PasswordChanged(long id, String generatedPassword, String nextStep) {
	}

	/**
	 * A company as the API shows it: everything but the password, except in the answer to its creation, which carries
	 * the password qbsync generated for it, if it did ({@code generatedPassword}, left out otherwise).
	 */
	record CompanyView(long id, String name, String username, String companyFile, String qbxmlVersion, String ownerId,
			String fileId, int runEveryMinutes, boolean allowTruncation, Instant createdAt, Instant updatedAt,
			Instant passwordChangedAt, Instant lastCheckInAt, boolean sandbox,
			@JsonInclude(JsonInclude.Include.NON_NULL) String generatedPassword) {

		static CompanyView of(Company c) {
			return of(c, null);
		}

		static CompanyView of(Company c, String generatedPassword) {
			return new CompanyView(c.id(), c.name(), c.username(), c.companyFile(), c.qbxmlVersion(), c.ownerId(),
					c.fileId(), c.runEveryMinutes(), c.allowTruncation(), c.createdAt(), c.updatedAt(), c.passwordChangedAt(),
					c.lastCheckInAt(), c.sandbox(), generatedPassword);
		}

	}

}
