package io.qbsync.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.QbNode;
import io.qbsync.sandbox.QbRecord;
import io.qbsync.sandbox.QbStatusException;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * The world of one soak run on a running {@link SoakServer}: its companies, each with its own fake QuickBooks, a
 * bookkeeper who changes it (and whose objects are noted), and a host app that pushes records and applies the
 * changes-from-quickbooks feed. Runs {@link Step}s, lets everything settle, and takes the {@link SoakOracle}'s
 * snapshot.
 */
final class SoakWorld {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> LIST_TYPES = List.of("Customer", "Vendor", "ItemService", "ItemNonInventory");

	private final SoakServer server;

	private final SessionDriver driver;

	private final List<Company> companies = new ArrayList<>();

	private int sessions;

	/** One company: its fake QuickBooks, what the bookkeeper did there, and the host app's own bookkeeping. */
	static final class Company {

		final int index;

		final TestCompany company;

		final FakeQuickBooks books;

		final Set<String> madeByBookkeeper = new HashSet<>();

		final Set<String> deletedByBookkeeper = new HashSet<>();

		/** type/externalId of records the host app made from a feed entry -> that entry's QuickBooks id. */
		final Map<String, String> fromFeed = new HashMap<>();

		long feedCursor;

		/** The feed entries as the host app read them when it applied them (a later read may name a record since). */
		final List<SoakOracle.FeedEntry> seen = new ArrayList<>();

		int hostCounter;

		Company(int index, TestCompany company, FakeQuickBooks books) {
			this.index = index;
			this.company = company;
			this.books = books;
		}

	}

	SoakWorld(SoakServer server, long seed, int companies) {
		this.server = server;
		this.driver = new SessionDriver(server);
		Random random = new Random(seed);
		for (int i = 0; i < companies; i++) {
			TestCompany company = TestCompanies.create(server.api(), "Soak " + seed + " " + i);
			// one company in three runs an old QuickBooks that reads qbXML 7.0 at most: no ExternalGUID
			String[] versions = (random.nextInt(3) == 0) ? new String[] { "6.0", "7.0" }
					: new String[] { "12.0", "13.0" };
			FakeQuickBooks books = FakeQuickBooks.builder()
				.fileId(company.fileId())
				.ownerId(company.ownerId())
				.supportedQbXmlVersions(versions)
				.idBase(0x1000000L * (i + 1) + (company.id() % 1000) * 0x10000L)
				.build();
			Company c = new Company(i, company, books);
			c.madeByBookkeeper.add(books.seed("Account", "<Name>Sales</Name><AccountType>Income</AccountType>")
				.text("ListID"));
			this.companies.add(c);
		}
	}

	List<Company> companies() {
		return this.companies;
	}

	int sessions() {
		return this.sessions;
	}

	private RestClient api() {
		return this.server.api();
	}

	// ------------------------------------------------------------------ steps

	void run(Step step) {
		trace(step);
		Company c = this.companies.get(step.company());
		long id = c.company.id();
		if (step instanceof Step.PutRecord s) {
			put(id, s.type(), s.externalId(), s.json(), null);
		}
		else if (step instanceof Step.DeleteRecord s) {
			api().delete()
				.uri("/api/companies/{id}/records/{type}/{ext}", id, s.type(), s.externalId())
				.retrieve()
				.toBodilessEntity();
		}
		else if (step instanceof Step.BookkeeperAdd s) {
			bookkeeperAdd(c, s.qbType(), s.name());
		}
		else if (step instanceof Step.BookkeeperEdit s) {
			pick(c, s.qbType(), s.pick()).ifPresent((r) -> edit(c.books, r, s.field(), s.value()));
		}
		else if (step instanceof Step.BookkeeperRename s) {
			pick(c, s.qbType(), s.pick()).ifPresent((r) -> {
				// the name as QuickBooks keeps it is the one that must be free (seed 583638914 renamed two customers
				// to one name, a typed curly apostrophe not matching the stored straight one)
				String name = SoakOracle.asQuickBooksStoresIt(s.newName());
				try {
					c.books.store().checkNameFree(r.type(), name, name, r.id());
					c.books.userEdit(r.id(), "Name", name);
				}
				catch (QbStatusException ex) {
					// the name is taken: QuickBooks says so and the bookkeeper gives up
				}
			});
		}
		else if (step instanceof Step.BookkeeperInactivate s) {
			pick(c, s.qbType(), s.pick()).ifPresent((r) -> c.books.userEdit(r.id(), "IsActive", "false"));
		}
		else if (step instanceof Step.BookkeeperDelete s) {
			pick(c, s.qbType(), s.pick()).filter((r) -> !inUse(c.books, r.id()))
				.ifPresent((r) -> bookkeeperDelete(c, r.id()));
		}
		else if (step instanceof Step.Scan) {
			scan(id);
		}
		else if (step instanceof Step.Approve s) {
			approve(c, new Random(s.pick()), s.unchecked());
		}
		else if (step instanceof Step.ApplyFeed) {
			applyFeed(c);
		}
		else if (step instanceof Step.Session s) {
			session(c, s.fault(), s.at());
		}
		else if (step instanceof Step.Resync s) {
			unsyncedLine(id, s.pick()).ifPresent((line) -> resync(id, line));
		}
		else if (step instanceof Step.ClearId s) {
			unsyncedLine(id, s.pick()).ifPresent((line) -> clearId(id, line));
		}
	}

	/** What the admin's Resync and Clear ID got back, over the JVM's runs (printed with a long run's summary). */
	static final Map<String, Integer> ADMIN = new java.util.concurrent.ConcurrentSkipListMap<>();

	/** The {@code pick}-th line of the company's Unsynced Entities, if it has any. */
	@SuppressWarnings("unchecked")
	private java.util.Optional<Map<String, Object>> unsyncedLine(long companyId, int pick) {
		List<Map<String, Object>> lines = api().get()
			.uri("/api/companies/{id}/unsynced?size=500", companyId)
			.retrieve()
			.body(List.class);
		return (lines == null || lines.isEmpty()) ? java.util.Optional.empty()
				: java.util.Optional.of(lines.get(pick % lines.size()));
	}

	/** Resync: a refusal in words (a 4xx) is an answer; a server error fails the step. */
	private void resync(long companyId, Map<String, Object> line) {
		ResponseEntity<Map> answer = api().post()
			.uri("/api/companies/{id}/unsynced/{item}/resync", companyId, line.get("id"))
			.retrieve()
			.onStatus((status) -> status.is4xxClientError(), (request, response) -> {
			})
			.toEntity(Map.class);
		ADMIN.merge("resync " + ((answer.getBody() != null && answer.getBody().get("outcome") != null)
				? answer.getBody().get("outcome") : answer.getStatusCode().value()), 1, Integer::sum);
		trace("  resync " + line.get("id") + " " + line.get("recordType") + "/" + line.get("externalId") + ": "
				+ answer.getStatusCode() + " " + answer.getBody());
	}

	/**
	 * Clear ID as a careful admin does it: asks first; relinks to the object it is linked to when qbsync says that one
	 * is still in QuickBooks; confirms the clearing only when qbsync found nothing there; otherwise leaves it.
	 */
	private void clearId(long companyId, Map<String, Object> line) {
		String type = SoakOracle.typePath((String) line.get("recordType"));
		Object externalId = line.get("externalId");
		if (externalId == null) {
			return;
		}
		Map<?, ?> first = clearId(companyId, type, externalId, Map.of());
		if (first == null) {
			return;
		}
		Object outcome = first.get("outcome");
		if ("RELINK_OFFERED".equals(outcome) && Boolean.TRUE.equals(first.get("linkedStillInQuickBooks"))
				&& first.get("linkedQbId") != null) {
			clearId(companyId, type, externalId, Map.of("relinkTo", first.get("linkedQbId")));
		}
		else if ("CONFIRMATION_NEEDED".equals(outcome) && Boolean.TRUE.equals(first.get("linkedStillInQuickBooks"))) {
			// a record deleted in the field-service app whose object QuickBooks still has: clearing would leave that
			// object behind, active and linked to nothing, so the admin does what the answer advises, Resync, which
			// makes it inactive (seed 583639101 confirmed here and left such an object)
			resync(companyId, line);
		}
		else if ("CONFIRMATION_NEEDED".equals(outcome)) {
			clearId(companyId, type, externalId, Map.of("confirm", true));
		}
	}

	private Map<?, ?> clearId(long companyId, String type, Object externalId, Map<String, Object> body) {
		ResponseEntity<Map> answer = api().post()
			.uri("/api/companies/{id}/records/{type}/{ext}/clear-id", companyId, type, externalId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.onStatus((status) -> status.is4xxClientError(), (request, response) -> {
			})
			.toEntity(Map.class);
		ADMIN.merge("clear-id " + (body.isEmpty() ? "" : body.keySet() + " ") + ((answer.getBody() != null
				&& answer.getBody().get("outcome") != null) ? answer.getBody().get("outcome")
						: answer.getStatusCode().value()), 1, Integer::sum);
		trace("  clear-id " + type + "/" + externalId + " " + body + ": " + answer.getStatusCode() + " "
				+ answer.getBody());
		return answer.getStatusCode().is2xxSuccessful() ? answer.getBody() : null;
	}

	private ResponseEntity<Map> put(long companyId, String type, String externalId, String json, String linkTo) {
		return api().put()
			.uri((linkTo == null) ? "/api/companies/{id}/records/{type}/{ext}"
					: "/api/companies/{id}/records/{type}/{ext}?linkTo={qb}", companyId, type, externalId, linkTo)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toEntity(Map.class);
	}

	private void scan(long companyId) {
		api().post().uri("/api/companies/{id}/scans", companyId).retrieve().toBodilessEntity();
	}

	private void bookkeeperAdd(Company c, String type, String typed) {
		// QuickBooks keeps Latin-1 only: typographic quotes and dashes are stored plain (the reference, "field rules")
		String name = SoakOracle.asQuickBooksStoresIt(typed);
		String inner = "<Name>" + name + "</Name>" + (type.startsWith("Item")
				? "<SalesOrPurchase><Price>55.00</Price><AccountRef><FullName>Sales</FullName></AccountRef></SalesOrPurchase>"
				: "");
		try {
			c.madeByBookkeeper.add(c.books.seed(type, inner).text("ListID"));
		}
		catch (IllegalArgumentException ex) {
			// 3100: the name is in use; the bookkeeper gives up
		}
	}

	private void bookkeeperDelete(Company c, String id) {
		c.books.userDelete(id);
		c.deletedByBookkeeper.add(id);
	}

	private static java.util.Optional<QbRecord> pick(Company c, String type, int pick) {
		List<QbRecord> all = c.books.store().records(type);
		return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(pick % all.size()));
	}

	/** Whether a transaction refers to this object (QuickBooks then refuses to delete it). */
	private static boolean inUse(FakeQuickBooks books, String id) {
		for (String type : List.of("Invoice", "ReceivePayment")) {
			for (QbRecord t : books.store().records(type)) {
				if (id.equals(t.field("CustomerRef/ListID"))
						|| t.lines().stream().anyMatch((l) -> id.equals(l.text("ItemRef/ListID")))) {
					return true;
				}
			}
		}
		return false;
	}

	/** The bookkeeper edits a field; {@code A/B} edits B inside the aggregate A. */
	private static void edit(FakeQuickBooks books, QbRecord r, String field, String value) {
		synchronized (books) {
			int slash = field.indexOf('/');
			if (slash < 0) {
				books.userEdit(r.id(), field, value);
				return;
			}
			String aggregate = field.substring(0, slash);
			List<QbNode> fields = new ArrayList<>();
			for (QbNode f : r.fields()) {
				fields.add(f.name().equals(aggregate) ? f.with(field.substring(slash + 1), value) : f);
			}
			r.setFields(fields);
			books.store().touch(r);
		}
	}

	/** A bookkeeper's edit in the middle of a session: the phone of some customer changes. */
	static void bookkeeperTouch(FakeQuickBooks books, int pick) {
		List<QbRecord> customers = books.store().records("Customer");
		if (!customers.isEmpty()) {
			edit(books, customers.get(pick % customers.size()), "Phone", "919-555-" + (1000 + pick));
		}
	}

	/** Approve Checked; answers how many items it approved. */
	@SuppressWarnings("unchecked")
	private int approve(Company c, Random random, String unchecked) {
		Map<String, Object> wizard = api().get().uri("/api/companies/{id}/wizard", c.company.id()).retrieve()
			.body(Map.class);
		List<Map<String, Object>> items = new ArrayList<>();
		items.addAll((List<Map<String, Object>>) wizard.getOrDefault("export", List.of()));
		items.addAll((List<Map<String, Object>>) wizard.getOrDefault("import", List.of()));
		items.sort(Comparator.comparingLong((i) -> ((Number) i.get("id")).longValue()));
		List<Long> checked = new ArrayList<>();
		Map<Long, String> resolutions = new LinkedHashMap<>();
		for (Map<String, Object> item : items) {
			long id = ((Number) item.get("id")).longValue();
			boolean take = random == null || random.nextInt(10) < 7;
			String side = (random == null || random.nextBoolean()) ? "SINGLEOPS" : "QUICKBOOKS";
			if (take) {
				checked.add(id);
				if ("CONFLICT".equals(item.get("action"))) {
					resolutions.put(id, side);
				}
			}
		}
		if (items.isEmpty()) {
			return 0;
		}
		trace("company " + c.index + " approve " + checked + " of " + items.stream()
			.map((i) -> i.get("id") + ":" + i.get("action") + ":" + i.get("recordType") + "/" + i.get("externalId"))
			.toList() + " " + resolutions);
		ResponseEntity<Map> answer = api().post()
			.uri("/api/companies/{id}/wizard/approve", c.company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", checked, "unchecked", unchecked, "resolutions", resolutions))
			.retrieve()
			.toEntity(Map.class);
		trace("  approve answer " + answer.getStatusCode() + " " + answer.getBody());
		Object approved = (answer.getBody() != null) ? answer.getBody().get("approved") : null;
		return (approved instanceof Number n) ? n.intValue() : 0;
	}

	/** The host app applies the feed as a real one would: makes new records linked, updates and deletes linked ones. */
	@SuppressWarnings("unchecked")
	private int applyFeed(Company c) {
		int applied = 0;
		while (true) {
			List<Map<String, Object>> entries = api().get()
				.uri("/api/companies/{id}/changes-from-quickbooks?after={a}&limit=500", c.company.id(), c.feedCursor)
				.retrieve()
				.body(List.class);
			if (entries == null || entries.isEmpty()) {
				return applied;
			}
			for (Map<String, Object> e : entries) {
				c.feedCursor = ((Number) e.get("id")).longValue();
				c.seen.add(new SoakOracle.FeedEntry(c.feedCursor, (String) e.get("action"), (String) e.get("objectType"),
						(String) e.get("qbId"), (String) e.get("externalId")));
				applied++;
				apply(c, e);
			}
		}
	}

	private static final boolean VERBOSE = Boolean.getBoolean("soak.verbose");

	private static void trace(Object what) {
		if (VERBOSE) {
			System.out.println("soak> " + what);
		}
	}

	private void apply(Company c, Map<String, Object> e) {
		trace("company " + c.index + " feed " + e);
		String action = (String) e.get("action");
		String objectType = (String) e.get("objectType");
		String qbId = (String) e.get("qbId");
		String externalId = (String) e.get("externalId");
		String type = switch (objectType) {
			case "Customer" -> "customers";
			case "Vendor" -> "vendors";
			case "ItemService", "ItemNonInventory" -> "items";
			default -> null;
		};
		if (type == null) {
			return;
		}
		if (externalId == null && !"NEW_IN_QUICKBOOKS".equals(action)) {
			// a later entry of an object the host made a record from earlier in this page: that record's
			externalId = c.fromFeed.entrySet().stream()
				.filter((made) -> qbId.equals(made.getValue()) && made.getKey().startsWith(type + "/"))
				.map((made) -> made.getKey().substring(type.length() + 1))
				.findFirst()
				.orElse(null);
		}
		Map<String, Object> fields = fields((String) e.get("data"));
		long id = c.company.id();
		if ("DELETED_IN_QUICKBOOKS".equals(action)) {
			if (externalId != null) {
				api().delete().uri("/api/companies/{id}/records/{type}/{ext}", id, type, externalId).retrieve()
					.toBodilessEntity();
			}
			return;
		}
		if (fields == null) {
			return;
		}
		if ("NEW_IN_QUICKBOOKS".equals(action) && externalId == null) {
			String ext = "Q-" + (++c.hostCounter);
			ResponseEntity<Map> made = put(id, type, ext, body(type, fields, null), qbId);
			if (made.getStatusCode().is2xxSuccessful()) {
				c.fromFeed.put(type + "/" + ext, qbId);
			}
			return;
		}
		if (externalId != null) {
			Map<String, Object> current = record(id, type, externalId);
			if (current != null && !Boolean.TRUE.equals(current.get("deleted"))) {
				ResponseEntity<Map> updated = put(id, type, externalId,
						body(type, fields, (Map<String, Object>) current.get("record")), null);
				trace("  host update " + type + "/" + externalId + ": " + updated.getStatusCode() + " " + updated.getBody());
			}
		}
	}

	/**
	 * A record body from QuickBooks' version of the object, keeping only the host's own fields from the current record:
	 * QuickBooks leaves an empty field out of its answer, so a field the record maps that the object lacks is empty.
	 */
	private static String body(String type, Map<String, Object> qb, Map<String, Object> current) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (current != null) {
			body.putAll(current);
		}
		put(body, "name", qb.get("Name"));
		put(body, "active", (qb.get("IsActive") != null) ? Boolean.valueOf(String.valueOf(qb.get("IsActive"))) : null);
		if (type.equals("items")) {
			body.putIfAbsent("type", "SERVICE");
			body.putIfAbsent("incomeAccount", "Sales");
			Object price = qb.get("SalesOrPurchase/Price");
			if (price == null && qb.get("SalesOrPurchase") instanceof Map<?, ?> sp) {
				price = sp.get("Price");
			}
			put(body, "rate", price);
		}
		else {
			body.remove("email");
			body.remove("phone");
			put(body, "email", qb.get("Email"));
			put(body, "phone", qb.get("Phone"));
		}
		return JSON.writeValueAsString(body);
	}

	private static void put(Map<String, Object> body, String key, Object value) {
		if (value != null) {
			body.put(key, value);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> fields(String data) {
		if (data == null) {
			return null;
		}
		Map<String, Object> parsed = JSON.readValue(data, Map.class);
		Object fields = parsed.get("fields");
		return (fields instanceof Map<?, ?>) ? (Map<String, Object>) fields : null;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> record(long companyId, String type, String externalId) {
		ResponseEntity<Map> r = api().get()
			.uri("/api/companies/{id}/records/{type}/{ext}", companyId, type, externalId)
			.retrieve()
			.toEntity(Map.class);
		return r.getStatusCode().is2xxSuccessful() ? r.getBody() : null;
	}

	@SuppressWarnings("unchecked")
	private void session(Company c, Fault fault, int at) {
		this.sessions++;
		switch (fault) {
			case BUSY -> {
				String[] types = { "CustomerAdd", "CustomerMod", "VendorAdd", "ItemServiceAdd", "InvoiceAdd", "InvoiceMod",
						"ReceivePaymentAdd" };
				c.books.failNext(types[at % types.length], 3175, "There was an error when saving. QuickBooks error "
						+ "message: The record could not be locked, it is in use by another user.");
			}
			case NAME_TAKEN -> takeAName(c, at);
			case PARENT_DELETED -> deleteAParent(c, at);
			default -> {
			}
		}
		importDue(c);
		// the wrong file: this company's Web Connector opens the next company's QuickBooks file
		FakeQuickBooks books = (fault == Fault.WRONG_COMPANY_FILE && this.companies.size() > 1)
				? this.companies.get((c.index + 1) % this.companies.size()).books : c.books;
		String how = this.driver.run(new SessionDriver.Login(c.company.username(), c.company.password(), books), fault,
				at);
		trace("company " + c.index + " session " + fault + "@" + at + ": " + how);
	}

	/**
	 * As if the import interval (a minute at least) had passed since the company's last read of QuickBooks: every
	 * session of the soak reads QuickBooks' changes, as the hourly sessions of a real company do.
	 */
	private void importDue(Company c) {
		try (java.sql.Connection db = this.server.database().open();
				java.sql.PreparedStatement s = db.prepareStatement(
						"UPDATE quickbooks_import_cursors SET completed_at = '2000-01-01' WHERE company_id = ?")) {
			s.setLong(1, c.company.id());
			s.executeUpdate();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("Could not make the import due", ex);
		}
	}

	/** The bookkeeper makes an object with the name of a record that is not in QuickBooks yet. */
	@SuppressWarnings("unchecked")
	private void takeAName(Company c, int at) {
		List<Map<String, Object>> candidates = new ArrayList<>();
		for (String type : List.of("customers", "vendors", "items")) {
			for (Map<String, Object> r : records(c.company.id(), type)) {
				Map<String, Object> link = (Map<String, Object>) r.get("quickBooks");
				if (!Boolean.TRUE.equals(r.get("deleted")) && (link == null || link.get("id") == null)) {
					candidates.add(r);
				}
			}
		}
		if (candidates.isEmpty()) {
			return;
		}
		Map<String, Object> r = candidates.get(at % candidates.size());
		String name = (String) ((Map<String, Object>) r.get("record")).get("name");
		String type = switch ((String) r.get("type")) {
			case "items" -> "ItemService";
			case "vendors" -> (at % 2 == 0) ? "Vendor" : "Customer";
			default -> (at % 2 == 0) ? "Customer" : "Vendor";
		};
		bookkeeperAdd(c, type, name);
	}

	/** The bookkeeper deletes the customer of an invoice that is not in QuickBooks yet (else any unused customer). */
	@SuppressWarnings("unchecked")
	private void deleteAParent(Company c, int at) {
		List<String> targets = new ArrayList<>();
		for (Map<String, Object> inv : records(c.company.id(), "invoices")) {
			Map<String, Object> link = (Map<String, Object>) inv.get("quickBooks");
			if (link != null && link.get("id") == null) {
				Map<String, Object> customer = record(c.company.id(), "customers",
						(String) ((Map<String, Object>) inv.get("record")).get("customer"));
				Object qbId = (customer != null) ? ((Map<String, Object>) customer.get("quickBooks")).get("id") : null;
				if (qbId != null) {
					targets.add((String) qbId);
				}
			}
		}
		if (targets.isEmpty()) {
			c.books.store().records("Customer").forEach((r) -> targets.add(r.id()));
		}
		targets.removeIf((id) -> c.books.find(id).isEmpty() || inUse(c.books, id));
		if (!targets.isEmpty()) {
			bookkeeperDelete(c, targets.get(at % targets.size()));
		}
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> records(long companyId, String type) {
		List<Map<String, Object>> all = new ArrayList<>();
		long after = 0;
		while (true) {
			Map<String, Object> page = api().get()
				.uri("/api/companies/{id}/records/{type}?includeDeleted=true&limit=500&after={a}", companyId, type, after)
				.retrieve()
				.body(Map.class);
			all.addAll((List<Map<String, Object>>) page.get("records"));
			if (page.get("next") == null) {
				return all;
			}
			after = ((Number) page.get("next")).longValue();
		}
	}

	// ------------------------------------------------------------------ settling

	/**
	 * Lets every company come to rest with no faults: the admin approves everything the wizard shows (conflicts to
	 * the field-service side), sessions run until nothing is pending, and the host app applies the feed; again until a
	 * round changes nothing.
	 */
	void settle() {
		for (Company c : this.companies) {
			c.books.clearInjected();
			c.books.running();
			for (int round = 0; round < 6; round++) {
				sessionsUntilIdle(c);
				int fed = applyFeed(c);
				scan(c.company.id());
				int approved = approve(c, null, "KEEP");
				if (fed == 0 && approved == 0) {
					break;
				}
			}
			sessionsUntilIdle(c);
			applyFeed(c);
		}
	}

	/** Sessions until nothing is pending (then one more, to read QuickBooks' last changes), or no progress is made. */
	private void sessionsUntilIdle(Company c) {
		long before = Long.MAX_VALUE;
		int stuck = 0;
		for (int i = 0; i < 10; i++) {
			session(c, Fault.NONE, 0);
			long pending = pendingCount(c);
			if (pending == 0) {
				session(c, Fault.NONE, 0);
				return;
			}
			stuck = (pending >= before) ? stuck + 1 : 0;
			if (stuck == 2) {
				return;
			}
			before = pending;
		}
	}

	private long pendingCount(Company c) {
		Map<?, ?> page = api().get().uri("/api/companies/{id}/syncs?state=PENDING&size=1", c.company.id()).retrieve()
			.body(Map.class);
		return ((Number) page.get("total")).longValue();
	}

	// ------------------------------------------------------------------ snapshot

	/** Every object of the types we sync in a fake QuickBooks, as the oracle sees it. */
	static List<SoakOracle.QbObject> objectsOf(FakeQuickBooks books) {
		List<SoakOracle.QbObject> objects = new ArrayList<>();
		for (String type : List.of("Customer", "Vendor", "ItemService", "ItemNonInventory", "Invoice", "ReceivePayment")) {
			for (QbNode o : books.list(type)) {
				Map<String, String> fields = new HashMap<>();
				for (String f : List.of("Email", "Phone", "Memo", "TotalAmount", "SalesOrPurchase/Price",
						"SalesAndPurchase/SalesPrice")) {
					if (o.text(f) != null) {
						fields.put(f.replaceAll(".*/", ""), o.text(f));
					}
				}
				String objectId = (o.text("ListID") != null) ? o.text("ListID") : o.text("TxnID");
				String name = type.equals("Invoice") || type.equals("ReceivePayment") ? o.text("RefNumber") : o.text("Name");
				objects.add(new SoakOracle.QbObject(type, objectId, name, o.text("ExternalGUID"),
						!"false".equals(o.text("IsActive")), fields));
			}
		}
		return objects;
	}

	/** What the oracle looks at, read from the fakes and the REST API. */
	@SuppressWarnings("unchecked")
	List<SoakOracle.Company> snapshot() {
		List<SoakOracle.Company> out = new ArrayList<>();
		for (Company c : this.companies) {
			long id = c.company.id();
			List<SoakOracle.QbObject> objects = objectsOf(c.books);
			List<SoakOracle.Record> records = new ArrayList<>();
			for (String type : List.of("customers", "vendors", "items", "invoices", "payments")) {
				for (Map<String, Object> r : records(id, type)) {
					Map<String, Object> body = (Map<String, Object>) r.get("record");
					Map<String, Object> link = (Map<String, Object>) r.get("quickBooks");
					Map<String, String> values = new HashMap<>();
					for (String f : List.of("name", "email", "phone", "number", "memo", "rate", "amount")) {
						if (body.get(f) != null) {
							values.put(f, String.valueOf(body.get(f)));
						}
					}
					String ext = (String) r.get("externalId");
					records.add(new SoakOracle.Record(type, ext, Boolean.TRUE.equals(r.get("deleted")),
							(link != null) ? (String) link.get("id") : null, values, c.fromFeed.get(type + "/" + ext)));
				}
			}
			List<SoakOracle.FeedEntry> feed = List.copyOf(c.seen);
			List<SoakOracle.Pending> pending = new ArrayList<>();
			Map<String, Object> page = api().get()
				.uri("/api/companies/{id}/syncs?state=PENDING&size=50", id)
				.retrieve()
				.body(Map.class);
			for (Map<String, Object> row : (List<Map<String, Object>>) page.get("items")) {
				pending.add(new SoakOracle.Pending(((Number) row.get("id")).longValue(),
						row.get("action") + " " + row.get("recordType") + "/" + row.get("externalId") + " ("
								+ row.get("summary") + ")",
						(String) row.get("state"), (String) row.get("message")));
			}
			List<SoakOracle.Failed> failed = new ArrayList<>();
			for (Map<String, Object> u : (List<Map<String, Object>>) api().get()
				.uri("/api/companies/{id}/unsynced", id)
				.retrieve()
				.body(List.class)) {
				failed.add(new SoakOracle.Failed((String) u.get("recordType"), (String) u.get("externalId"),
						(String) u.get("code"), (String) u.get("fix"), (String) u.get("message")));
			}
			Set<String> cleared = new HashSet<>();
			for (Map<String, Object> i : (List<Map<String, Object>>) api().get()
				.uri("/api/companies/{id}/wizard/cleared", id)
				.retrieve()
				.body(List.class)) {
				cleared.add(SoakOracle.typePath((String) i.get("recordType")) + "/" + i.get("externalId"));
			}
			Set<String> open = new HashSet<>();
			Map<String, Object> wizard = api().get().uri("/api/companies/{id}/wizard", id).retrieve().body(Map.class);
			for (Map<String, Object> i : (List<Map<String, Object>>) wizard.get("export")) {
				open.add(SoakOracle.typePath((String) i.get("recordType")) + "/" + i.get("externalId"));
			}
			out.add(new SoakOracle.Company(c.index, id, objects, Set.copyOf(c.madeByBookkeeper),
					Set.copyOf(c.deletedByBookkeeper), records, feed, pending, failed, cleared, open));
		}
		return out;
	}

}
