package io.qbsync.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.qbsync.company.Company;
import io.qbsync.company.CompanyService;
import io.qbsync.quickbooks.LinkChecks;
import io.qbsync.singleops.SingleOpsService;
import io.qbsync.system.InvalidInputException;
import io.qbsync.wizard.ScanService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The demo on first start: when there is no company yet and {@link SandboxSettings#demo()} wants it (by default only
 * on the embedded database), a sandbox company with a season of landscaping work. Its QuickBooks already knows a few
 * of the customers (two linked, one of those deleted there since, one only matched by name) and one the field-service
 * app does not have; one customer's name is too long for QuickBooks. Its built-in Web Connector reads QuickBooks once
 * and the records are scanned, so the Sync Wizard has both sections waiting.
 */
@Component
class SandboxDemo implements ApplicationListener<ApplicationReadyEvent> {

	static final String NAME = "Greenway Landscaping (demo)";

	static final String USERNAME = "sandbox-demo";

	private static final Logger log = LoggerFactory.getLogger(SandboxDemo.class);

	private final SandboxSettings settings;

	private final Environment environment;

	private final CompanyService companies;

	private final SandboxService sandboxes;

	private final SingleOpsService records;

	private final LinkChecks linkChecks;

	private final ScanService scans;

	private final Clock clock;

	SandboxDemo(SandboxSettings settings, Environment environment, CompanyService companies, SandboxService sandboxes,
			SingleOpsService records, LinkChecks linkChecks, ScanService scans, Clock clock) {
		this.settings = settings;
		this.environment = environment;
		this.companies = companies;
		this.sandboxes = sandboxes;
		this.records = records;
		this.linkChecks = linkChecks;
		this.scans = scans;
		this.clock = clock;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		boolean embedded = !StringUtils.hasText(this.environment.getProperty("spring.datasource.url"));
		if (!this.settings.demo().wanted(embedded) || !this.companies.list().isEmpty()) {
			return;
		}
		try {
			Company company = create();
			log.info("First start: made the sandbox company '{}' (id {}) with a season of landscaping work; its Sync "
					+ "Wizard is waiting (qbsync.sandbox.demo=off turns this off)", company.name(), company.id());
		}
		catch (InvalidInputException ex) {
			// another node made it at the same moment (the username is taken)
			log.info("The demo sandbox company was not made: {}", ex.getMessage());
		}
	}

	Company create() {
		// the field-service customer each QuickBooks customer is linked to, by its ListID
		Map<String, String> linked = new HashMap<>();
		Company company = this.sandboxes.create(
				new SandboxService.NewSandboxCompany(NAME, USERNAME, 60, false), (books) -> {
					for (String[] c : QUICKBOOKS_CUSTOMERS) {
						QbNode ret = books.seed("Customer", "<Name>" + c[0] + "</Name><Phone>" + c[1] + "</Phone>");
						if (c[2] != null) {
							linked.put(c[2], ret.text("ListID"));
						}
					}
				});
		long id = company.id();
		// QuickBooks is read once, so two of the field-service customers can be stored already linked to theirs
		this.sandboxes.runWebConnector(id);
		put(id, "items", ITEMS);
		for (String[] c : CUSTOMERS) {
			this.records.put(id, "customers", c[0], c[1].getBytes(StandardCharsets.UTF_8), linked.get(c[0]));
		}
		put(id, "invoices", INVOICES);
		put(id, "payments", PAYMENTS);
		// the bookkeeper deleted one linked customer in QuickBooks; the next run's look-up of every link finds it gone
		this.sandboxes.deleteCustomer(id, linked.get(DELETED_IN_QUICKBOOKS));
		this.linkChecks.requestAll(id, this.clock.instant());
		this.sandboxes.runWebConnector(id);
		this.scans.scan(id);
		return company;
	}

	private void put(long companyId, String type, String[][] rows) {
		for (String[] row : rows) {
			this.records.put(companyId, type, row[0], row[1].getBytes(StandardCharsets.UTF_8));
		}
	}

	/** The linked customer the bookkeeper deletes in QuickBooks. */
	private static final String DELETED_IN_QUICKBOOKS = "C-103";

	/**
	 * Customers the bookkeeper already has in QuickBooks: name, phone, and the field-service customer stored linked to
	 * it (null: none; Riverside Office Park is found by its name, Dunmore Family Dental is in QuickBooks only).
	 */
	private static final String[][] QUICKBOOKS_CUSTOMERS = { { "Maple Street HOA", "217-555-0110", "C-100" },
			{ "Riverside Office Park", "217-555-0121", null }, { "Oak Hollow Estates", "217-555-0143", "C-103" },
			{ "Dunmore Family Dental", "217-555-0187", null } };

	private static final String[][] ITEMS = {
			{ "MOW", "{\"name\": \"Mowing\", \"type\": \"SERVICE\", \"rate\": 45, \"incomeAccount\": \"Sales\", "
					+ "\"description\": \"Mow, trim and blow, per visit\"}" },
			{ "MULCH", "{\"name\": \"Mulch Installation\", \"type\": \"SERVICE\", \"rate\": 65, "
					+ "\"incomeAccount\": \"Sales\", \"description\": \"Hardwood mulch, per cubic yard installed\"}" },
			{ "HEDGE", "{\"name\": \"Hedge Trimming\", \"type\": \"SERVICE\", \"rate\": 55, "
					+ "\"incomeAccount\": \"Sales\", \"description\": \"Per crew hour\"}" },
			{ "CLEANUP", "{\"name\": \"Spring Cleanup\", \"type\": \"SERVICE\", \"rate\": 180, "
					+ "\"incomeAccount\": \"Sales\"}" },
			{ "AERATE", "{\"name\": \"Core Aeration\", \"type\": \"SERVICE\", \"rate\": 120, "
					+ "\"incomeAccount\": \"Sales\"}" } };

	private static final String[][] CUSTOMERS = {
			{ "C-100", "{\"name\": \"Maple Street HOA\", \"phone\": \"217-555-0110\"}" },
			{ "C-101", "{\"name\": \"Riverside Office Park\", \"phone\": \"217-555-0121\", "
					+ "\"email\": \"facilities@riversidepark.example\"}" },
			{ "C-102", "{\"name\": \"Hillcrest Community Church\", \"phone\": \"217-555-0132\", "
					+ "\"billingAddress\": {\"line1\": \"400 Hillcrest Rd\", \"city\": \"Springfield\", "
					+ "\"state\": \"IL\", \"postalCode\": \"62704\"}}" },
			{ "C-103", "{\"name\": \"Oak Hollow Estates\", \"phone\": \"217-555-0143\"}" },
			{ "C-104", "{\"name\": \"Birchwood Apartments\", \"phone\": \"217-555-0154\", "
					+ "\"email\": \"office@birchwood.example\"}" },
			{ "C-105", "{\"name\": \"Patel Residence\", \"firstName\": \"Anita\", \"lastName\": \"Patel\", "
					+ "\"phone\": \"217-555-0165\"}" },
			{ "C-106", "{\"name\": \"Lakeshore Commons Homeowners Association of Greater Springfield\", "
					+ "\"phone\": \"217-555-0176\"}" } };

	private static final Map<String, String> RATES = Map.of("MOW", "45", "MULCH", "65", "HEDGE", "55", "CLEANUP", "180",
			"AERATE", "120");

	private static final String[][] INVOICES = {
			{ "INV-2001", invoice("2001", "C-100", "2026-04-06", "CLEANUP", "1", "MULCH", "6") },
			{ "INV-2002", invoice("2002", "C-101", "2026-04-13", "MOW", "4", "HEDGE", "3") },
			{ "INV-2003", invoice("2003", "C-102", "2026-04-20", "CLEANUP", "1", "AERATE", "1") },
			{ "INV-2004", invoice("2004", "C-103", "2026-05-04", "MOW", "4", "MULCH", "3") },
			{ "INV-2005", invoice("2005", "C-104", "2026-05-11", "MOW", "4", "HEDGE", "2") },
			{ "INV-2006", invoice("2006", "C-105", "2026-05-18", "AERATE", "1", "MULCH", "2") },
			{ "INV-2007", invoice("2007", "C-106", "2026-06-01", "MOW", "8", "HEDGE", "6") },
			{ "INV-2008", invoice("2008", "C-100", "2026-06-08", "MOW", "4", "HEDGE", "2") } };

	private static final String[][] PAYMENTS = {
			{ "PAY-3001", payment("C-100", "2026-04-20", "570.00", "Check", "1042", "INV-2001") },
			{ "PAY-3002", payment("C-101", "2026-04-27", "345.00", "Check", "88317", "INV-2002") },
			{ "PAY-3003", payment("C-105", "2026-05-25", "250.00", "Credit Card", "VISA-4417", "INV-2006") } };

	private static String invoice(String number, String customer, String date, String item1, String quantity1,
			String item2, String quantity2) {
		return "{\"number\": \"" + number + "\", \"customer\": \"" + customer + "\", \"date\": \"" + date
				+ "\", \"lines\": [" + line(item1, quantity1) + ", " + line(item2, quantity2) + "]}";
	}

	private static String line(String item, String quantity) {
		return "{\"item\": \"" + item + "\", \"quantity\": " + quantity + ", \"rate\": " + RATES.get(item) + "}";
	}

	private static String payment(String customer, String date, String amount, String method, String reference,
			String invoice) {
		return "{\"customer\": \"" + customer + "\", \"date\": \"" + date + "\", \"amount\": \"" + amount
				+ "\", \"method\": \"" + method + "\", \"reference\": \"" + reference + "\", \"appliedTo\": [{\"invoice\": \""
				+ invoice + "\", \"amount\": \"" + amount + "\"}]}";
	}

}
