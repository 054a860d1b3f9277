package io.qbsync.sandbox;

import java.net.InetAddress;
import java.net.URI;
import java.math.BigDecimal;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.company.CreatedCompany;
import io.qbsync.company.NewCompany;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;
import io.qbsync.webconnector.BuiltInClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

import static io.qbsync.sandbox.BookkeeperRequests.bookkeeper;
import static io.qbsync.sandbox.BookkeeperRequests.checkCustomerMod;
import static io.qbsync.sandbox.BookkeeperRequests.checkInvoiceAdd;
import static io.qbsync.sandbox.BookkeeperRequests.checkInvoiceMod;
import static io.qbsync.sandbox.BookkeeperRequests.customer;
import static io.qbsync.sandbox.BookkeeperRequests.customerAdd;
import static io.qbsync.sandbox.BookkeeperRequests.customerDel;
import static io.qbsync.sandbox.BookkeeperRequests.customerMod;
import static io.qbsync.sandbox.BookkeeperRequests.invoice;
import static io.qbsync.sandbox.BookkeeperRequests.invoiceAdd;
import static io.qbsync.sandbox.BookkeeperRequests.invoiceDel;
import static io.qbsync.sandbox.BookkeeperRequests.invoiceMod;

/**
 * Sandbox companies: creating one with its empty simulated company file, running its built-in Web Connector against
 * this server's own {@code /qbwc} over HTTP and SOAP (as the real one would, so everything in between is the
 * production path), and the bookkeeper's changes in its simulated QuickBooks. The company file is read from the
 * database before each run or change and written back after it; one at a time per company.
 */
@Service
public class SandboxService {

	private static final Logger log = LoggerFactory.getLogger(SandboxService.class);

	private final CompanyService companies;

	private final SandboxCompanyFiles files;

	private final BuiltInClient builtIn;

	private final Environment environment;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	SandboxService(CompanyService companies, SandboxCompanyFiles files, BuiltInClient builtIn, Environment environment,
			Clock clock) {
		this.companies = companies;
		this.files = files;
		this.builtIn = builtIn;
		this.environment = environment;
		this.clock = clock;
	}

	/** What an admin sends to make a sandbox company; the Web Connector username is made from the name when absent. */
	public record NewSandboxCompany(String name, String username, Integer runEveryMinutes, Boolean allowTruncation) {
	}

	/** How a run of the built-in Web Connector ended, in words and as the Web Connector's own end reason. */
	public record RunOutcome(long companyId, String endReason, int documents, String lastError, Instant startedAt,
			Instant endedAt, String words) {
	}

	/** A customer as the simulated QuickBooks holds it. */
	public record SandboxCustomer(String listId, String name, String companyName, String phone, String email,
			boolean active, String editSequence, String timeModified) {

		static SandboxCustomer of(QbNode ret) {
			return new SandboxCustomer(ret.text("ListID"), ret.text("Name"), ret.text("CompanyName"), ret.text("Phone"),
					ret.text("Email"), !"false".equals(ret.text("IsActive")), ret.text("EditSequence"),
					ret.text("TimeModified"));
		}
	}

	/** The bookkeeper's customer fields; a null field is left out (an Add) or left as it is (an edit). */
	public record CustomerFields(String name, String companyName, String phone, String email) {
	}

	/** An invoice as the simulated QuickBooks holds it; {@code total} is its subtotal as QuickBooks computes it. */
	public record SandboxInvoice(String txnId, String refNumber, String customerListId, String customer,
			String txnDate, String total, String memo, String editSequence, String timeModified) {

		static SandboxInvoice of(QbNode ret) {
			return new SandboxInvoice(ret.text("TxnID"), ret.text("RefNumber"), ret.text("CustomerRef/ListID"),
					ret.text("CustomerRef/FullName"), ret.text("TxnDate"), ret.text("Subtotal"), ret.text("Memo"),
					ret.text("EditSequence"), ret.text("TimeModified"));
		}
	}

	/**
	 * The bookkeeper's invoice: the customer and each line's item by name or ListID, the date as YYYY-MM-DD. An edit
	 * changes only refNumber, txnDate and memo; a null field is left out (an Add) or left as it is (an edit).
	 */
	public record InvoiceFields(String customer, String refNumber, String txnDate, String memo,
			List<InvoiceLine> lines) {
	}

	/** One line of the bookkeeper's invoice; without a rate QuickBooks takes the item's price. */
	public record InvoiceLine(String item, BigDecimal quantity, BigDecimal rate) {
	}

	/** The company's last run of the built-in Web Connector, if any. */
	public record LastRun(Instant at, String outcome, boolean running) {
	}

	@Transactional
	public Company create(NewSandboxCompany request) {
		String name = (request.name() != null) ? request.name().strip() : "";
		String username = StringUtils.hasText(request.username()) ? request.username().strip() : usernameFor(name);
		// no password given: qbsync generates one, which the built-in Web Connector keeps beside the company file
		CreatedCompany created = this.companies.createSandbox(new NewCompany(name, username, null, "", null,
				request.runEveryMinutes(), request.allowTruncation()));
		Company company = created.company();
		String password = created.generatedPassword();
		FakeQuickBooks books = newBooks(company);
		startingAccounts(books);
		this.files.insert(company.id(), password, CompanyFileXml.write(books), this.clock.instant());
		return company;
	}

	/** The accounts a new QuickBooks company file starts with that invoices, items and payments need. */
	private static void startingAccounts(FakeQuickBooks books) {
		books.seed("Account", "<Name>Checking</Name><AccountType>Bank</AccountType>");
		books.seed("Account", "<Name>Accounts Receivable</Name><AccountType>AccountsReceivable</AccountType>");
		books.seed("Account", "<Name>Undeposited Funds</Name><AccountType>OtherCurrentAsset</AccountType>");
		books.seed("Account", "<Name>Sales</Name><AccountType>Income</AccountType>");
		books.seed("StandardTerms", "<Name>Net 30</Name><StdDueDays>30</StdDueDays>");
	}

	/** Creates a sandbox company whose simulated QuickBooks starts as {@code seed} leaves it. */
	@Transactional
	public Company create(NewSandboxCompany request, Consumer<FakeQuickBooks> seed) {
		Company company = create(request);
		FakeQuickBooks books = quickBooks(company.id());
		seed.accept(books);
		this.files.save(company.id(), CompanyFileXml.write(books), this.clock.instant());
		return company;
	}

	public boolean isSandbox(long companyId) {
		return this.companies.get(companyId).sandbox();
	}

	public Optional<LastRun> lastRun(long companyId) {
		return this.files.find(companyId).map((f) -> new LastRun(f.lastRunAt(), f.lastRunOutcome(),
				f.runStartedAt() != null && f.runStartedAt().isAfter(this.clock.instant()
					.minus(SandboxCompanyFiles.CLAIM_EXPIRES))));
	}

	/** Sandbox companies whose built-in Web Connector is due on their schedule (run every N minutes). */
	public List<Long> due() {
		Instant now = this.clock.instant();
		Map<Long, Integer> every = this.companies.list().stream()
			.collect(Collectors.toMap(Company::id, Company::runEveryMinutes));
		return this.files.lastRuns().stream()
			.filter((run) -> every.containsKey(run.companyId()) && (run.at() == null
					|| !run.at().plus(Duration.ofMinutes(every.get(run.companyId()))).isAfter(now)))
			.map(SandboxCompanyFiles.LastRun::companyId)
			.toList();
	}

	/**
	 * Runs the company's built-in Web Connector once, now: serverVersion, clientVersion, authenticate and the
	 * sendRequestXML / receiveResponseXML pairs against this server's own endpoint, with the simulated QuickBooks
	 * answering each document. Refused while another run or change holds the company file.
	 */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public RunOutcome runWebConnector(long companyId) {
		Company company = sandbox(companyId);
		SandboxCompanyFiles.Stored stored = this.files.find(companyId).orElseThrow();
		Instant started = this.clock.instant();
		Transcript transcript = withFile(company, (books) -> {
			WebConnectorClient client = new WebConnectorClient(endpoint()).withHeader(BuiltInClient.HEADER,
					this.builtIn.key());
			return new WebConnectorRunner(client, books).run(RunOptions.of(company.username(), stored.password()));
		});
		Instant ended = this.clock.instant();
		RunOutcome outcome = new RunOutcome(companyId, transcript.endReason().name(), transcript.requests().size(),
				transcript.lastError(), started, ended, words(transcript));
		this.files.recordRun(companyId, ended, outcome.words());
		log.info("Sandbox Web Connector of company {}: {}", companyId, outcome.words());
		return outcome;
	}

	/** The simulated QuickBooks as it is stored now (a copy: changing it changes nothing). */
	public FakeQuickBooks quickBooks(long companyId) {
		Company company = sandbox(companyId);
		FakeQuickBooks books = newBooks(company);
		CompanyFileXml.read(this.files.find(companyId).orElseThrow().content(), books);
		return books;
	}

	public List<SandboxCustomer> customers(long companyId) {
		return quickBooks(companyId).list("Customer").stream().map(SandboxCustomer::of).toList();
	}

	/** The bookkeeper adds a customer in QuickBooks. */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public SandboxCustomer addCustomer(long companyId, CustomerFields fields) {
		return withFile(sandbox(companyId), (books) -> SandboxCustomer.of(bookkeeper(books, customerAdd(fields))));
	}

	/** The bookkeeper edits a customer in QuickBooks: its name, company name, phone or e-mail. */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public SandboxCustomer editCustomer(long companyId, String listId, CustomerFields fields) {
		Company company = sandbox(companyId);
		checkCustomerMod(fields);
		return withFile(company, (books) -> {
			QbNode current = customer(books, listId);
			return SandboxCustomer.of(bookkeeper(books, customerMod(listId, current.text("EditSequence"), fields)));
		});
	}

	/** The bookkeeper deletes a customer in QuickBooks (it then shows among QuickBooks' deleted objects). */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public void deleteCustomer(long companyId, String listId) {
		withFile(sandbox(companyId), (books) -> {
			customer(books, listId);
			return bookkeeper(books, customerDel(listId));
		});
	}

	public List<SandboxInvoice> invoices(long companyId) {
		return quickBooks(companyId).list("Invoice").stream().map(SandboxInvoice::of).toList();
	}

	/** The bookkeeper adds an invoice in QuickBooks: a customer, lines of items, and optionally number, date, memo. */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public SandboxInvoice addInvoice(long companyId, InvoiceFields fields) {
		Company company = sandbox(companyId);
		checkInvoiceAdd(fields);
		return withFile(company, (books) -> SandboxInvoice.of(bookkeeper(books, invoiceAdd(books, fields))));
	}

	/** The bookkeeper edits an invoice in QuickBooks: its number, date or memo. */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public SandboxInvoice editInvoice(long companyId, String txnId, InvoiceFields fields) {
		Company company = sandbox(companyId);
		checkInvoiceMod(fields);
		return withFile(company, (books) -> {
			QbNode current = invoice(books, txnId);
			return SandboxInvoice.of(bookkeeper(books, invoiceMod(txnId, current.text("EditSequence"), fields)));
		});
	}

	/** The bookkeeper deletes an invoice in QuickBooks (it then shows among QuickBooks' deleted transactions). */
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	public void deleteInvoice(long companyId, String txnId) {
		withFile(sandbox(companyId), (books) -> {
			invoice(books, txnId);
			return bookkeeper(books, invoiceDel(txnId));
		});
	}

	/** Claims the company file, reads it, lets {@code work} use it, and writes it back (whatever happened). */
	private <T> T withFile(Company company, Function<FakeQuickBooks, T> work) {
		if (!this.files.claim(company.id(), this.clock.instant())) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "The sandbox's Web Connector is running, or its "
					+ "QuickBooks is being changed, right now. Try again when that has finished.", List.of());
		}
		FakeQuickBooks books;
		try {
			books = newBooks(company);
			CompanyFileXml.read(this.files.find(company.id()).orElseThrow().content(), books);
		}
		catch (RuntimeException ex) {
			this.files.release(company.id());
			throw ex;
		}
		boolean refused = false;
		try {
			return work.apply(books);
		}
		catch (InvalidInputException | NotFoundException ex) {
			refused = true;
			throw ex;
		}
		finally {
			if (refused) {
				// a change refused (by QuickBooks or before it) leaves the file as it was: a refused Add takes no ListID
				this.files.release(company.id());
			}
			else {
				// what QuickBooks did stays done, even when the run around it failed
				this.files.save(company.id(), CompanyFileXml.write(books), this.clock.instant());
			}
		}
	}

	private Company sandbox(long companyId) {
		Company company = this.companies.get(companyId);
		if (!company.sandbox()) {
			throw new NotFoundException("Company " + companyId + " is not a sandbox company: it has no simulated "
					+ "QuickBooks.");
		}
		return company;
	}

	/** An empty simulated company file carrying the company's FileID, as if its .qwc file had been added. */
	private FakeQuickBooks newBooks(Company company) {
		return FakeQuickBooks.builder()
			.clock(this.clock)
			.companyName(company.name())
			.ownerId(company.ownerId())
			.fileId(company.fileId())
			.companyFilePath(StringUtils.hasText(company.companyFile()) ? company.companyFile()
					: "C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Sandbox " + company.id() + ".QBW")
			.machineName("QBSYNC-SANDBOX")
			.build();
	}

	/** This server's own Web Connector endpoint, on the loopback address and the port it listens on. */
	URI endpoint() {
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		String address = this.environment.getProperty("server.address");
		String host = "127.0.0.1";
		if (StringUtils.hasText(address)) {
			try {
				InetAddress bound = InetAddress.getByName(address);
				host = bound.isAnyLocalAddress() ? host : bound.getHostAddress();
			}
			catch (UnknownHostException ex) {
				host = address;
			}
		}
		if (host.contains(":")) {
			host = "[" + host + "]";
		}
		String context = this.environment.getProperty("server.servlet.context-path", "");
		return URI.create("http://" + host + ":" + port + context + "/qbwc");
	}

	private static String words(Transcript t) {
		int documents = t.requests().size();
		return switch (t.endReason()) {
			case COMPLETED -> "Finished: " + documents + " document" + ((documents == 1) ? "" : "s") + " exchanged";
			case NO_WORK -> "Nothing to send";
			case INVALID_USER -> "The server refused the built-in Web Connector's login";
			case CONNECTION_ERROR -> "QuickBooks could not be opened";
			case ERROR -> "Stopped with an error: " + t.lastError();
			case SOAP_FAILURE -> "The server's answer broke off the run: "
					+ ((t.failure() != null) ? t.failure().getMessage() : "no reason given");
			default -> "Ended: " + t.endReason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
		};
	}

	private String usernameFor(String name) {
		String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
		base = base.isEmpty() ? "company" : (base.length() > 40) ? base.substring(0, 40) : base;
		byte[] bytes = new byte[3];
		this.random.nextBytes(bytes);
		return "sandbox-" + base + "-" + HexFormat.of().formatHex(bytes);
	}

}
