package io.qbsync.company;

import java.util.List;
import java.util.Set;

import io.qbsync.system.AdminUsers;
import io.qbsync.system.EmailAddresses;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.PasswordRules;
import io.qbsync.system.Validation;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Adds people who use qbsync's pages: admins (approve, resync, clear, restart) and viewers (look only), each for all
 * companies or for the companies listed (here, beside the companies they may see; the users themselves are
 * {@code system}'s).
 */
@RestController
class AdminUserController {

	private final AdminUsers users;

	private final PasswordEncoder encoder;

	private final Companies companies;

	AdminUserController(AdminUsers users, PasswordEncoder encoder, Companies companies) {
		this.users = users;
		this.encoder = encoder;
		this.companies = companies;
	}

	/**
	 * {@code companies}: the ids this user may see; leave it out for all companies. {@code email}: where an admin gets
	 * the notifications of its companies (optional).
	 */
	record NewUser(String username, String password, String role, List<Long> companies, String email) {
	}

	record CreatedUser(long id, String username, String role, List<Long> companies, String email) {
	}

	@PostMapping("/api/users")
	ResponseEntity<CreatedUser> create(@RequestBody NewUser request) {
		Validation v = new Validation();
		String username = (request.username() != null) ? request.username().strip() : "";
		v.require(username.matches("[A-Za-z0-9._@-]{3,64}"), "username",
				"must be 3 to 64 characters of letters, digits and . _ @ -");
		PasswordRules.check(v, request.password());
		String email = (request.email() != null && !request.email().isBlank()) ? request.email().strip() : null;
		v.require(email == null || EmailAddresses.isValid(email), "email",
				"must be one e-mail address such as office@example.com");
		v.require(AdminUsers.ROLE_ADMIN.equals(request.role()) || AdminUsers.ROLE_VIEWER.equals(request.role()), "role",
				"must be ADMIN (may approve, resync, clear and restart) or VIEWER (may only look)");
		List<Long> unknown = (request.companies() != null) ? request.companies()
			.stream()
			.filter((id) -> id == null || this.companies.findById(id).isEmpty())
			.toList() : List.of();
		v.require(unknown.isEmpty(), "companies", "names no company for " + unknown + ": list the ids of existing "
				+ "companies (GET /api/companies), or leave companies out for all of them");
		v.throwIfInvalid("The user was not created: fix the fields listed in errors and send it again.");
		if (this.users.exists(username)) {
			throw taken(username);
		}
		long id;
		try {
			// one transaction: the user, its companies and its e-mail, or nothing
			id = this.users.add(username, this.encoder.encode(request.password()), request.role(),
					(request.companies() != null) ? Set.copyOf(request.companies()) : null, email);
		}
		catch (DuplicateKeyException ex) {
			// created by another request since the check above
			throw taken(username);
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new CreatedUser(id, username, request.role(), request.companies(), email));
	}

	private static InvalidInputException taken(String username) {
		return new InvalidInputException(HttpStatus.CONFLICT, "The username '" + username + "' is taken.",
				List.of(new FieldProblem("username", "is already in use")));
	}

}
