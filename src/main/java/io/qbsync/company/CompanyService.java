package io.qbsync.company;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.GeneratedPasswords;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;
import io.qbsync.system.PasswordRules;
import io.qbsync.system.Validation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/** Creating companies and managing their Web Connector credentials. */
@Service
public class CompanyService {

	private static final Logger log = LoggerFactory.getLogger(CompanyService.class);

	private static final String PLAIN_NAME = "must be plain text: no control characters (such as a line break or "
			+ "NUL) and no marks that turn the direction of the text (U+200E, U+200F, U+202A to U+202E, U+2066 to "
			+ "U+2069); type the name again by hand";

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");

	/** An absolute Windows path (drive letter or UNC share) to a .QBW company file. */
	private static final Pattern COMPANY_FILE = Pattern.compile("(?i)([a-z]:\\\\|\\\\\\\\[^\\\\]+\\\\).+\\.qbw");

	private final Companies companies;

	private final PasswordEncoder encoder;

	private final CompanySettings settings;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	CompanyService(Companies companies, PasswordEncoder encoder, CompanySettings settings, Clock clock,
			ApplicationEventPublisher events) {
		this.companies = companies;
		this.encoder = encoder;
		this.settings = settings;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Creates a company. With no password given, qbsync generates one ({@link GeneratedPasswords}) and returns it:
	 * the only time it can be seen.
	 */
	@Transactional
	public CreatedCompany create(NewCompany request) {
		return create(request, false);
	}

	/**
	 * Creates a sandbox company: its QuickBooks is simulated and only qbsync's built-in Web Connector serves it, so it
	 * has no .qwc file and its password stays the one it was created with.
	 */
	@Transactional
	public CreatedCompany createSandbox(NewCompany request) {
		return create(request, true);
	}

	private CreatedCompany create(NewCompany request, boolean sandbox) {
		String name = trim(request.name());
		String username = trim(request.username());
		String companyFile = trim(request.companyFile());
		String version = StringUtils.hasText(request.qbxmlVersion()) ? request.qbxmlVersion().strip()
				: this.settings.defaultQbxmlVersion();
		int runEvery = (request.runEveryMinutes() != null) ? request.runEveryMinutes() : 60;

		Validation v = new Validation();
		v.require(!name.isEmpty(), "name", "is required: the company's name as the admin knows it");
		v.require(name.length() <= 100, "name", "is longer than 100 characters");
		v.require(plain(name), "name", PLAIN_NAME);
		v.require(USERNAME.matcher(username).matches(), "username",
				"must be 3 to 64 characters of letters, digits and . _ @ - (it is typed into the Web Connector)");
		boolean generate = !StringUtils.hasText(request.password());
		String password = generate ? GeneratedPasswords.generate() : request.password();
		if (!generate) {
			checkPassword(v, password);
		}
		v.require(companyFile.isEmpty() || (companyFile.length() <= 500 && COMPANY_FILE.matcher(companyFile).matches()),
				"companyFile", "must be empty (use the file open in QuickBooks) or a full Windows path to a .QBW file, "
						+ "such as C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Acme.QBW");
		v.require(QbxmlVersion.parse(version).filter(QbxmlVersion::isKnown).isPresent(), "qbxmlVersion",
				"must be a qbXML version QuickBooks Desktop knows, from 1.0 to 16.0 (for example 13.0)");
		v.require(runEvery >= 1 && runEvery <= 1440, "runEveryMinutes", "must be between 1 and 1440 minutes");
		v.throwIfInvalid("The company was not created: fix the fields listed in errors and send it again.");

		if (this.companies.usernameTaken(username)) {
			throw new InvalidInputException(HttpStatus.CONFLICT,
					"The Web Connector username '" + username + "' is already used by another company. "
							+ "Each company file needs its own username: choose another one.",
					List.of(new FieldProblem("username", "is already in use")));
		}
		Instant now = this.clock.instant();
		Company company = new Company(0, name, username, companyFile,
				QbxmlVersion.parse(version).orElseThrow().toString(), this.settings.ownerId(), newGuid(), runEvery,
				Boolean.TRUE.equals(request.allowTruncation()), now, now, now, null, sandbox);
		long id;
		try {
			id = this.companies.insert(company, hash(password, generate));
		}
		catch (DuplicateKeyException ex) {
			// another request took the username between the check above and this insert
			throw new InvalidInputException(HttpStatus.CONFLICT,
					"The Web Connector username '" + username + "' is already used by another company. "
							+ "Each company file needs its own username: choose another one.",
					List.of(new FieldProblem("username", "is already in use")));
		}
		log.info("Created {}company {} '{}' for Web Connector user '{}'", sandbox ? "sandbox " : "", id, name, username);
		return new CreatedCompany(get(id), generate ? password : null);
	}

	/** The company's time zone, if it has one: the pages show its times in it (otherwise in UTC). */
	public Optional<java.time.ZoneId> timeZone(long companyId) {
		return this.companies.timeZone(companyId).map(java.time.ZoneId::of);
	}

	/** Sets the company's time zone by its IANA name ({@code America/New_York}); empty or null: none (UTC). */
	@Transactional
	public void setTimeZone(long companyId, String zone) {
		get(companyId);
		String name = (zone != null) ? zone.strip() : "";
		boolean known = name.isEmpty() || java.time.ZoneId.getAvailableZoneIds().contains(name);
		new Validation().require(known, "timeZone", "must be a time zone name such as America/New_York or "
				+ "America/Chicago, or empty for UTC")
			.throwIfInvalid("The company was not changed: fix the fields listed in errors and send it again.");
		this.companies.updateTimeZone(companyId, name.isEmpty() ? null : name, this.clock.instant());
	}

	/** Changes what an admin may change after creation: the name, the company file path and how often to run. */
	@Transactional
	public Company update(long id, String name, String companyFile, Integer runEveryMinutes) {
		return update(id, name, companyFile, runEveryMinutes, null);
	}

	/**
	 * As {@link #update(long, String, String, Integer)}, and whether text too long for QuickBooks is shortened
	 * ({@code allowTruncation}; null leaves it as it is).
	 */
	@Transactional
	public Company update(long id, String name, String companyFile, Integer runEveryMinutes, Boolean allowTruncation) {
		Company company = get(id);
		String newName = (name != null) ? name.strip() : company.name();
		String file = (companyFile != null) ? companyFile.strip() : company.companyFile();
		int every = (runEveryMinutes != null) ? runEveryMinutes : company.runEveryMinutes();
		Validation v = new Validation();
		v.require(!newName.isEmpty(), "name", "is required: the company's name as the admin knows it");
		v.require(newName.length() <= 100, "name", "is longer than 100 characters");
		v.require(plain(newName), "name", PLAIN_NAME);
		v.require(file.isEmpty() || (file.length() <= 500 && COMPANY_FILE.matcher(file).matches()), "companyFile",
				"must be empty (use the file open in QuickBooks) or a full Windows path to a .QBW file, such as "
						+ "C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Acme.QBW");
		v.require(every >= 1 && every <= 1440, "runEveryMinutes", "must be between 1 and 1440 minutes");
		v.throwIfInvalid("The company was not changed: fix the fields listed in errors and send it again.");
		this.companies.update(id, newName, file, every,
				(allowTruncation != null) ? allowTruncation : company.allowTruncation(), this.clock.instant());
		log.info("Updated company {}", id);
		return get(id);
	}

	/**
	 * The company page's Save: the fields of {@link #update(long, String, String, Integer, Boolean)} and the time zone
	 * (null leaves it as it is), all or nothing.
	 */
	@Transactional
	public Company update(long id, String name, String companyFile, Integer runEveryMinutes, Boolean allowTruncation,
			String timeZone) {
		Company company = update(id, name, companyFile, runEveryMinutes, allowTruncation);
		if (timeZone != null) {
			setTimeZone(id, timeZone);
		}
		return company;
	}

	/**
	 * Whether a company name can be shown as it is: in the pages and in the .qwc file, whose XML cannot hold control
	 * characters, and without marks that would make it read as another name.
	 */
	static boolean plain(String name) {
		return name.codePoints()
			.noneMatch((c) -> Character.isISOControl(c) || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
					|| (c >= 0x2066 && c <= 0x2069));
	}

	public Company get(long id) {
		return this.companies.findById(id)
			.orElseThrow(() -> new NotFoundException("There is no company with id " + id + "."));
	}

	public List<Company> list() {
		return this.companies.findAll();
	}

	/**
	 * Sets a new Web Connector password and ends the sessions opened with the old one. With no password given, one is
	 * generated and returned (the only time it can be seen). The admin then types it into the Web Connector.
	 */
	@Transactional
	public String rotatePassword(long companyId, String newPassword) {
		if (get(companyId).sandbox()) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "This is a sandbox company: its Web Connector is "
					+ "qbsync's own, which keeps the password it was created with.", List.of());
		}
		boolean generate = !StringUtils.hasText(newPassword);
		String password = generate ? GeneratedPasswords.generate() : newPassword;
		if (!generate) {
			Validation v = new Validation();
			checkPassword(v, password);
			v.throwIfInvalid("The password was not changed: fix the fields listed in errors and send it again.");
		}
		this.companies.updatePasswordHash(companyId, hash(password, generate), this.clock.instant());
		// whoever logged in with the old password is logged out
		this.events.publishEvent(new WebConnectorPasswordChanged(companyId));
		log.info("Rotated the Web Connector password of company {}", companyId);
		return password;
	}

	private static void checkPassword(Validation v, String password) {
		PasswordRules.check(v, password);
	}

	/** bcrypt for a password a person chose; the cheap check only for one qbsync generated. */
	private String hash(String password, boolean generated) {
		return generated ? GeneratedPasswords.hash(password) : this.encoder.encode(password);
	}

	/** A GUID in the braced, upper-case form QuickBooks uses: {8-4-4-4-12}. */
	static String newGuid() {
		return "{" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT) + "}";
	}

	private static String trim(String text) {
		return (text != null) ? text.strip() : "";
	}

}
