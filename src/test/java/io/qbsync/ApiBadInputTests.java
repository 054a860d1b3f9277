package io.qbsync;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.qbsync.sandbox.SandboxService;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to the JSON API is refused with a problem document that says what was wrong, and changes nothing. Every
 * {@code /api} endpoint that takes a body, path variables or request parameters has a row in {@link #endpoints}; each
 * run sends every row randomly generated bad input (seeded: {@code -Dqbsync.bad-input.seed=N} replays a run, and
 * {@code -Dqbsync.bad-input.calls=N} sets the calls per endpoint) and checks each answer is a 4xx problem document
 * with a detail a person can act on, and that the rows of every table the API can change are the same after each
 * endpoint's calls as before.
 */
@SuppressWarnings({ "unchecked", "rawtypes" })
class ApiBadInputTests extends IntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(ApiBadInputTests.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A field left out of the body. */
	private static final Object MISSING = new Object();

	/**
	 * Tables left out of the snapshot, and why: admin_login_failures counts failed sign-ins, which any caller may cause
	 * whatever it sends (every call here signs in right); Quartz's tables are the scheduler's own bookkeeping (its
	 * check-ins and fired triggers change with time, not with API calls); flyway_schema_history is the schema's.
	 */
	private static final Pattern UNWATCHED = Pattern.compile("admin_login_failures|qrtz_.*|flyway_schema_history");

	/** Words that give away an answer no person can act on. */
	private static final Pattern LEAKS = Pattern
		.compile("Exception|java\\.|tools\\.jackson|springframework|\\tat |Internal Server Error|SQL|Cannot deserialize");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mapping;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SandboxService sandboxes;

	private final HttpClient http = HttpClient.newHttpClient();

	private Fixture fixture;

	/** One endpoint's bad calls, made from a seeded random and the fixture. */
	interface Generator extends Function<Random, Call> {

	}

	/** One bad call: what it is, and, when a body field is to blame, the field the answer should name. */
	record Call(String what, String method, String path, String contentType, String body, String field) {

		Call withWhat(String prefix) {
			return new Call(prefix + what, method, path, contentType, body, field);
		}

	}

	/** The companies, records, items and executions the bad calls name as the valid parts of a call. */
	record Fixture(TestCompany company, long sandbox, String sandboxCustomer, String sandboxCustomerListId,
			String sandboxInvoiceTxnId, long openItem, long execution, long document) {
	}

	@Test
	void everyEndpointThatTakesInputHasARow() {
		Set<String> taking = new TreeSet<>(handlersTakingInput().keySet());
		Set<String> rows = endpoints().keySet();
		assertThat(rows).as("endpoints that take input and have no row: classify them in endpoints()")
			.containsAll(taking);
		assertThat(taking).as("rows for endpoints that do not exist, or take no input").containsAll(rows);
	}

	@Test
	void badInputIsRefusedWithAnAnswerThatSaysWhatWasWrongAndChangesNothing() throws Exception {
		long seed = Long.getLong("qbsync.bad-input.seed", System.nanoTime());
		int perEndpoint = Integer.getInteger("qbsync.bad-input.calls", 8);
		log.info("Bad input seed {} (replay with -Dqbsync.bad-input.seed={})", seed, seed);
		this.fixture = fixture();
		Random random = new Random(seed);
		List<String> failures = new ArrayList<>();
		int calls = 0;
		Map<String, Integer> kinds = new TreeMap<>();
		long started = System.nanoTime();
		for (Map.Entry<String, Generator> row : endpoints().entrySet()) {
			Map<String, String> before = snapshot();
			for (int i = 0; i < perEndpoint; i++) {
				Call call = row.getValue().apply(random);
				HttpResponse<String> answer = send(call);
				calls++;
				kinds.merge(call.what().replaceAll(" =.*| and .*", ""), 1, Integer::sum);
				String problem = judge(call, answer);
				if (problem != null) {
					failures.add(row.getKey() + " | " + call.what() + " | " + call.method() + " " + abbreviate(call.path())
							+ " " + abbreviate(String.valueOf(call.body())) + " -> " + answer.statusCode() + " "
							+ abbreviate(answer.body()) + " : " + problem);
				}
			}
			Map<String, String> after = snapshot();
			if (!after.equals(before)) {
				failures.add(row.getKey() + " changed tables: " + changed(before, after));
			}
		}
		log.info("{} bad calls to {} endpoints in {} ms, seed {}: {}", calls, endpoints().size(),
				(System.nanoTime() - started) / 1_000_000, seed, kinds);
		assertThat(failures).as("seed " + seed + " (replay with -Dqbsync.bad-input.seed=" + seed + ")").isEmpty();
	}

	// ---- the table ----------------------------------------------------------------------------------------------

	/**
	 * Every endpoint that takes input, with what bad input it gets. Path variables are replaced one at a time by bad
	 * ones; bodies are broken as a whole or one field at a time against a valid base; parameters get values of the
	 * wrong type or out of range. Unknown body fields are refused by the records API (its own parser) and ignored by
	 * the other bodies (Spring's Jackson defaults), so there they are only sent along with another bad field.
	 */
	private Map<String, Generator> endpoints() {
		Map<String, Generator> t = new TreeMap<>();
		// companies and users
		t.put("POST /api/companies", json("/api/companies", this::newCompany, Unknown.IGNORED, newCompanyFields()));
		t.put("GET /api/companies/{id}", pathOnly("GET", "/api/companies/{id}"));
		t.put("GET /api/companies/{id}/qwc", pathOnly("GET", "/api/companies/{id}/qwc"));
		t.put("GET /api/companies/{id}/directions", pathOnly("GET", "/api/companies/{id}/directions"));
		t.put("PUT /api/companies/{id}/directions",
				oneOf(pathOnly("PUT", "/api/companies/{id}/directions", "{\"Invoice\": {\"import\": false}}"),
						json("PUT", "/api/companies/{id}/directions", (r) -> map("Invoice", map("import", false)),
								Unknown.REFUSED, List.of(new BadField("Invoice", (r) -> List.of("yes",
										map("sideways", true), map("import", null), map("import", "maybe"),
										List.of(true)), false), new BadField("Widget", (r) -> List.of(map("export", true)),
												false)))));
		t.put("POST /api/companies/{id}/password", oneOf(pathOnly("POST", "/api/companies/{id}/password"),
				json("POST", "/api/companies/{id}/password", (r) -> map("password", password(r)), Unknown.IGNORED,
						List.of(new BadField("password", (r) -> List.of("short", "x".repeat(73), "é".repeat(37),
								List.of(password(r)), map("a", 1)), false)),
						false),
				sandboxCompany("POST", "/api/companies/{id}/password", "{\"password\": \"a-valid-long-password\"}")));
		t.put("POST /api/users", json("/api/users", this::newUser, Unknown.IGNORED, newUserFields()));
		// sandbox
		t.put("POST /api/sandbox-companies", json("/api/sandbox-companies",
				(r) -> map("name", "Sandbox " + unique(r), "runEveryMinutes", 30), Unknown.IGNORED,
				List.of(requiredText("name", 100), new BadField("username", (r) -> List.of("ab", "has space",
						"u".repeat(65), this.fixture.company().username(), List.of("x")), false), intRange("runEveryMinutes",
								1, 1440), bool("allowTruncation"))));
		t.put("POST /api/companies/{id}/sandbox/run", pathOnly("POST", "/api/companies/{id}/sandbox/run", null));
		t.put("GET /api/companies/{id}/sandbox/customers", pathOnly("GET", "/api/companies/{id}/sandbox/customers", null));
		t.put("GET /api/companies/{id}/sandbox/invoices", pathOnly("GET", "/api/companies/{id}/sandbox/invoices", null));
		t.put("POST /api/companies/{id}/sandbox/customers", oneOf(
				pathOnly("POST", "/api/companies/{id}/sandbox/customers", "{\"name\": \"Fresh Customer\"}"),
				sandboxJson("POST", "/api/companies/{id}/sandbox/customers", (r) -> map("name", "Cust " + unique(r)),
						List.of(new BadField("name", (r) -> List.of(MISSING, "", this.fixture.sandboxCustomer(), List.of("x"),
								map("a", 1)), true), new BadField("companyName", (r) -> List.of(List.of()), false),
								new BadField("phone", (r) -> List.of(map()), false)))));
		t.put("PUT /api/companies/{id}/sandbox/customers/{listId}", oneOf(
				pathOnly("PUT", "/api/companies/{id}/sandbox/customers/{listId}", "{\"phone\": \"555-0100\"}"),
				sandboxJson("PUT", "/api/companies/{id}/sandbox/customers/{listId}", (r) -> map("phone", "555-01" + r.nextInt(10)),
						List.of(new BadField("name", (r) -> List.of("", "   ", List.of()), true),
								new BadField("phone", (r) -> List.of(MISSING, map()), false)))));
		t.put("DELETE /api/companies/{id}/sandbox/customers/{listId}",
				pathOnly("DELETE", "/api/companies/{id}/sandbox/customers/{listId}", null));
		t.put("POST /api/companies/{id}/sandbox/invoices", oneOf(
				pathOnly("POST", "/api/companies/{id}/sandbox/invoices", null),
				sandboxJson("POST", "/api/companies/{id}/sandbox/invoices", this::sandboxInvoice, List.of(
						new BadField("customer", (r) -> List.of(MISSING, "", "Nobody " + unique(r), List.of()), true),
						new BadField("lines", (r) -> List.of(MISSING, List.of(), "x", List.of(map("quantity", 1)),
								List.of(map("item", "No Such Item")), List.of(map("item", "Mowing", "rate", "abc")),
								java.util.Collections.singletonList(null)), true),
						new BadField("txnDate", (r) -> List.of("2026-13-45", "yesterday", "05/04/2026", 20260504), true),
						new BadField("refNumber", (r) -> List.of(List.of(), map()), false)))));
		t.put("PUT /api/companies/{id}/sandbox/invoices/{txnId}", oneOf(
				pathOnly("PUT", "/api/companies/{id}/sandbox/invoices/{txnId}", "{\"memo\": \"Changed\"}"),
				sandboxJson("PUT", "/api/companies/{id}/sandbox/invoices/{txnId}", (r) -> map("memo", "Memo " + unique(r)),
						List.of(new BadField("memo", (r) -> List.of(MISSING, List.of()),
								true), new BadField("customer", (r) -> List.of("Someone"), true),
								new BadField("lines", (r) -> List.of(List.of(map("item", "Mowing"))), true),
								new BadField("txnDate", (r) -> List.of("2026-02-30", "tomorrow"), true)))));
		t.put("DELETE /api/companies/{id}/sandbox/invoices/{txnId}",
				pathOnly("DELETE", "/api/companies/{id}/sandbox/invoices/{txnId}", null));
		// records
		t.put("PUT /api/companies/{companyId}/records/{type}/{externalId}", oneOf(
				pathOnly("PUT", "/api/companies/{companyId}/records/{type}/{externalId}", "{\"name\": \"Path Test\"}"),
				json("PUT", "/api/companies/{companyId}/records/{type}/{externalId}", (r) -> map("name", "Fuzz " + unique(r)),
						Unknown.REFUSED, List.of(
								new BadField("name", (r) -> List.of(MISSING, "", "   ", 5, true, List.of("x"), map()), true),
								bool("active"), new BadField("email", (r) -> List.of(7, List.of()), true),
								new BadField("billingAddress", (r) -> List.of("1 Oak St", List.of(), map("planet", "Mars")),
										false))),
				json("PUT", "/api/companies/{companyId}/records/invoices/{externalId}", this::invoiceRecord,
						Unknown.REFUSED, List.of(
								new BadField("customer", (r) -> List.of(MISSING, "NOBODY-" + unique(r), "MOW", List.of()),
										true),
								new BadField("date", (r) -> List.of(MISSING, "2025-13-45", "30/04/2025", 20250430), true),
								new BadField("lines", (r) -> List.of("x", List.of(map("item", "NOPE")),
										List.of(map("item", "MOW", "quantity", "abc")),
										List.of(map("item", "MOW", "rate", "1e999999")),
										List.of(map("item", "MOW", "quantity", new java.math.BigDecimal("1e20")))), true)))));
		t.put("GET /api/companies/{companyId}/records/{type}/{externalId}",
				pathOnly("GET", "/api/companies/{companyId}/records/{type}/{externalId}"));
		t.put("DELETE /api/companies/{companyId}/records/{type}/{externalId}", oneOf(
				pathOnly("DELETE", "/api/companies/{companyId}/records/{type}/{externalId}"),
				fixed("DELETE", "/api/companies/{companyId}/records/customers/C-1", null, null,
						"a customer an invoice names")));
		t.put("GET /api/companies/{companyId}/records/{type}", query("GET", "/api/companies/{companyId}/records/{type}",
				Map.of("after", LONG, "limit", CLAMPED_INT, "includeDeleted", BOOL)));
		t.put("POST /api/companies/{companyId}/records:bulk", this::bulk);
		t.put("POST /api/companies/{companyId}/records/{type}/{externalId}/clear-id", oneOf(
				pathOnly("POST", "/api/companies/{companyId}/records/{type}/{externalId}/clear-id", "{}"),
				json("POST", "/api/companies/{companyId}/records/customers/C-1/clear-id", (r) -> map("confirm", true),
						Unknown.IGNORED, List.of(bool("confirm"), new BadField("relinkTo", (r) -> List.of("80000999-"
								+ r.nextInt(1_000_000), List.of(), "x".repeat(300)), false)), false)));
		// wizard and report
		t.put("GET /api/companies/{companyId}/wizard", query("GET", "/api/companies/{companyId}/wizard",
				Map.of("page", intRange(0, Integer.MAX_VALUE), "exportPage", intRange(0, Integer.MAX_VALUE), "importPage",
						intRange(0, Integer.MAX_VALUE), "size", intRange(1, 500))));
		t.put("POST /api/companies/{companyId}/wizard/approve", json("POST", "/api/companies/{companyId}/wizard/approve",
				(r) -> map("checked", List.of(this.fixture.openItem()), "unchecked", "KEEP"), Unknown.IGNORED,
				approvalFields()));
		t.put("GET /api/companies/{companyId}/wizard/cleared", query("GET", "/api/companies/{companyId}/wizard/cleared",
				Map.of("before", LONG, "limit", intRange(1, 500))));
		t.put("POST /api/companies/{companyId}/wizard/cleared/{itemId}/undo",
				pathOnly("POST", "/api/companies/{companyId}/wizard/cleared/{itemId}/undo"));
		t.put("GET /api/companies/{companyId}/wizard/decisions", query("GET",
				"/api/companies/{companyId}/wizard/decisions", Map.of("item", LONG, "before", LONG, "limit", CLAMPED_INT)));
		t.put("POST /api/companies/{companyId}/scans", pathOnly("POST", "/api/companies/{companyId}/scans"));
		t.put("GET /api/companies/{companyId}/syncs", query("GET", "/api/companies/{companyId}/syncs?state=FAILED",
				Map.of("state", enumParam(true, "PENDING", "SUCCEEDED", "FAILED"), "from", DATE_TIME, "to", DATE_TIME,
						"page", intRange(0, Integer.MAX_VALUE), "size", intRange(1, 500))));
		t.put("GET /api/companies/{companyId}/syncs/per-day",
				query("GET", "/api/companies/{companyId}/syncs/per-day", Map.of("from", DATE_TIME)));
		t.put("GET /api/companies/{companyId}/unsynced", query("GET", "/api/companies/{companyId}/unsynced",
				Map.of("page", intRange(0, Integer.MAX_VALUE), "size", intRange(1, 500))));
		t.put("POST /api/companies/{companyId}/unsynced/{itemId}/resync",
				pathOnly("POST", "/api/companies/{companyId}/unsynced/{itemId}/resync"));
		t.put("GET /api/companies/{companyId}/changes-from-quickbooks", query("GET",
				"/api/companies/{companyId}/changes-from-quickbooks", Map.of("after", LONG, "limit", CLAMPED_INT)));
		t.put("GET /api/companies/{companyId}/sessions",
				query("GET", "/api/companies/{companyId}/sessions", Map.of("limit", CLAMPED_INT)));
		t.put("GET /api/companies/{companyId}/logins", pathOnly("GET", "/api/companies/{companyId}/logins"));
		// outbox
		t.put("POST /api/companies/{companyId}/outbox", this::outbox);
		t.put("GET /api/companies/{companyId}/outbox", query("GET", "/api/companies/{companyId}/outbox",
				Map.of("state", enumParam(false, "QUEUED", "SENT", "ANSWERED", "FAILED"), "after", intRange(0, Long.MAX_VALUE),
						"limit", intRange(1, 500))));
		t.put("GET /api/companies/{companyId}/outbox/{id}", pathOnly("GET", "/api/companies/{companyId}/outbox/{id}"));
		// jobs and the guide
		t.put("GET /api/jobs/executions", query("GET", "/api/jobs/executions", Map.of("status",
				enumParam(false, "COMPLETED", "FAILED"), "companyId", LONG, "limit", CLAMPED_INT)));
		t.put("GET /api/jobs/executions/{id}", pathOnly("GET", "/api/jobs/executions/{id}"));
		t.put("POST /api/jobs/executions/{id}/restart", pathOnly("POST", "/api/jobs/executions/{id}/restart"));
		t.put("GET /api/status-codes", query("GET", "/api/status-codes", Map.of("kind", enumParam(false, "QBXML_STATUS",
				"HRESULT"))));
		t.put("GET /api/status-codes/{code}", pathOnly("GET", "/api/status-codes/{code}"));
		return t;
	}


	// ---- bodies and their fields ---------------------------------------------------------------------------------

	/** Whether an endpoint refuses a body field it does not know, or ignores it. */
	enum Unknown {

		REFUSED, IGNORED

	}

	/** A body field and values of it that are bad; {@code named}: a list of errors must name it (or the body). */
	record BadField(String name, Function<Random, List<Object>> values, boolean named) {
	}

	private Map<String, Object> newCompany(Random r) {
		return map("name", "Fuzz " + unique(r), "username", "fuzz-" + unique(r), "password", password(r),
				"runEveryMinutes", 1 + r.nextInt(1440));
	}

	private List<BadField> newCompanyFields() {
		return List.of(requiredText("name", 100), new BadField("username", (r) -> List.of(MISSING, "ab", "has space",
				"u".repeat(65), this.fixture.company().username(), List.of("x")), true),
				// left out, a company's password is generated: only a bad one given is refused
				new BadField("password", (r) -> List.of("short", "x".repeat(73), "\u00e9".repeat(37),
						List.of(password(r))), true),
				new BadField("companyFile", (r) -> List.of("not a path", "C:\\" + "d".repeat(500) + ".QBW", List.of()), true),
				new BadField("qbxmlVersion", (r) -> List.of("99.0", "abc", "1.x", map()), true),
				intRange("runEveryMinutes", 1, 1440), bool("allowTruncation"));
	}

	private Map<String, Object> newUser(Random r) {
		return map("username", "user-" + unique(r), "password", password(r), "role", "VIEWER", "companies",
				List.of(this.fixture.company().id()), "email", "office@example.com");
	}

	private List<BadField> newUserFields() {
		return List.of(new BadField("username", (r) -> List.of(MISSING, "ab", "bad name!", "u".repeat(65), ADMIN, map()),
				true), passwordField(),
				new BadField("role", (r) -> List.of(MISSING, "ROOT", "admin", "", List.of("ADMIN")), true),
				new BadField("companies", (r) -> List.of(List.of(nonexistentId(r)), List.of(-1), List.of(0), "abc",
						List.of("abc"), map(), java.util.Collections.singletonList(null)), true),
				new BadField("email", (r) -> List.of("not-an-email", "a@example.com, b@example.com",
						"e".repeat(300) + "@example.com", List.of()), true));
	}

	private List<BadField> approvalFields() {
		return List.of(
				new BadField("checked", (r) -> List.of(MISSING, List.of(nonexistentId(r)), "abc", List.of("abc"),
						List.of(-1), map(), java.util.Collections.singletonList(null)), true),
				new BadField("unchecked", (r) -> List.of(MISSING, "MAYBE", "", List.of("KEEP"), map()), true),
				new BadField("shown", (r) -> List.of("x", java.util.Collections.singletonList(null), map()), true),
				new BadField("allOpen", (r) -> List.of("maybe", List.of(true)), true),
				new BadField("overrides", (r) -> List.of(map(String.valueOf(nonexistentId(r)), "KEEP"),
						map("abc", "KEEP"), map(openItem(), "KEEP"), map(openItem(), "SOMETIMES"), "x"), true),
				new BadField("resolutions", (r) -> List.of(map(openItem(), "SINGLEOPS"), map(openItem(), "NEITHER"),
						List.of()), true));
	}

	private String openItem() {
		return String.valueOf(this.fixture.openItem());
	}

	private Map<String, Object> sandboxInvoice(Random r) {
		return map("customer", this.fixture.sandboxCustomer(), "lines",
				List.of(map("item", "Mowing", "quantity", 1 + r.nextInt(5), "rate", 45)));
	}

	private Map<String, Object> invoiceRecord(Random r) {
		return map("customer", "C-1", "date", "2025-04-30", "lines", List.of(map("item", "MOW", "quantity",
				1 + r.nextInt(9))));
	}

	private BadField passwordField() {
		return new BadField("password", (r) -> List.of(MISSING, "short", "x".repeat(73), "\u00e9".repeat(37),
				List.of(password(r))), true);
	}

	private static BadField requiredText(String name, int max) {
		return new BadField(name, (r) -> List.of(MISSING, "", "   ", longText(r, max), List.of("x"), map("a", 1),
				"tab\tand\u0007bell"), true);
	}

	private static BadField intRange(String name, long min, long max) {
		return new BadField(name, (r) -> List.of(min - 1 - r.nextInt(1000), max + 1 + r.nextInt(1000),
				1_000_000_000_000L * (1 + r.nextInt(1000)), "abc", List.of(1), map()), true);
	}

	private static BadField bool(String name) {
		return new BadField(name, (r) -> List.of("maybe", List.of(true), map("a", true)), true);
	}

	private Generator json(String path, Function<Random, Map<String, Object>> base, Unknown unknown,
			List<BadField> fields) {
		return json("POST", path, base, unknown, fields, true);
	}

	private Generator json(String method, String path, Function<Random, Map<String, Object>> base, Unknown unknown,
			List<BadField> fields) {
		return json(method, path, base, unknown, fields, true);
	}

	private Generator sandboxJson(String method, String path, Function<Random, Map<String, Object>> base,
			List<BadField> fields) {
		return json(method, path, base, Unknown.IGNORED, fields, true);
	}

	/**
	 * A JSON body broken as a whole (not JSON, cut short, trailing content, the wrong shape, empty when
	 * {@code emptyIsBad}, the wrong content type) or one field at a time; an unknown field alone where the endpoint
	 * refuses those, else with another bad field.
	 */
	private Generator json(String method, String path, Function<Random, Map<String, Object>> base, Unknown unknown,
			List<BadField> fields, boolean emptyIsBad) {
		return (r) -> {
			String uri = validPath(path, r);
			String valid = write(base.apply(r));
			int kind = r.nextInt(10);
			switch (kind) {
				case 0:
					return new Call("cut short", method, uri, "application/json",
							valid.substring(0, 1 + r.nextInt(valid.length() - 2)), null);
				case 1:
					return new Call("not JSON", method, uri, "application/json",
							pick(r, "name=Ann&x=1", "{'name': 'single quotes'}", "{\"a\": tru}", "<xml/>", "{,}", valid + "}"),
							null);
				case 2:
					return new Call("wrong shape", method, uri, "application/json",
							emptyIsBad ? pick(r, "[" + valid + "]", "\"text\"", "42", "null", "true", "[]")
									: pick(r, "[" + valid + "]", "\"text\"", "42", "true", "[]"),
							null);
				case 3:
					if (emptyIsBad) {
						return new Call("empty body", method, uri, "application/json", "", null);
					}
					return new Call("wrong content type", method, uri, "text/plain", valid, null);
				case 4:
					return new Call("wrong content type", method, uri,
							pick(r, "text/plain", "application/x-www-form-urlencoded", "text/csv"), valid, null);
				case 5:
					if (unknown == Unknown.REFUSED) {
						Map<String, Object> body = base.apply(r);
						body.put("unexpected" + r.nextInt(100), pick(r, "x", 1, true));
						return new Call("unknown field", method, uri, "application/json", write(body), "unexpected");
					}
					Call bad = field(method, uri, base.apply(r), fields, r);
					Map<String, Object> body = read(bad.body());
					body.put("unexpected" + r.nextInt(100), "x");
					return new Call("unknown field and " + bad.what(), method, uri, "application/json", write(body),
							bad.field());
				default:
					return field(method, uri, base.apply(r), fields, r);
			}
		};
	}

	private Call field(String method, String uri, Map<String, Object> body, List<BadField> fields, Random r) {
		BadField field = fields.get(r.nextInt(fields.size()));
		List<Object> values = field.values().apply(r);
		Object value = values.get(r.nextInt(values.size()));
		if (value == MISSING) {
			body.remove(field.name());
		}
		else {
			body.put(field.name(), value);
		}
		String shown = (value == MISSING) ? "missing" : abbreviate(String.valueOf(value));
		return new Call("field " + field.name() + " = " + shown, method, uri, "application/json", write(body),
				field.named() ? field.name() : null);
	}

	// ---- path variables and parameters --------------------------------------------------------------------------

	private Generator pathOnly(String method, String pattern) {
		return pathOnly(method, pattern, null);
	}

	/** One path variable replaced by a bad one: not a number, zero, negative, too large, of nothing that exists. */
	private Generator pathOnly(String method, String pattern, String body) {
		return (r) -> {
			List<String> variables = variables(pattern);
			String bad = variables.get(r.nextInt(variables.size()));
			List<String> values = badPathValues(method, pattern, bad, r);
			String value = values.get(r.nextInt(values.size()));
			String uri = validPath(pattern.replace("{" + bad + "}", encode(value)), r);
			return new Call("path " + bad + " = " + abbreviate(value), method, uri,
					(body != null) ? "application/json" : null, body, null);
		};
	}

	private Generator sandboxCompany(String method, String pattern, String body) {
		return (r) -> new Call("a sandbox company", method, pattern.replace("{id}", String.valueOf(this.fixture.sandbox())),
				"application/json", body, null);
	}

	private Generator fixed(String method, String pattern, String contentType, String body, String what) {
		return (r) -> new Call(what, method, validPath(pattern, r), contentType, body, null);
	}

	/** Bad values of one parameter at a time: of the wrong type, out of range, not one of the values allowed. */
	private Generator query(String method, String path, Map<String, Function<Random, List<String>>> parameters) {
		List<String> names = new ArrayList<>(new TreeSet<>(parameters.keySet()));
		return (r) -> {
			String base = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
			Map<String, String> query = new LinkedHashMap<>();
			if (path.contains("?")) {
				for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
					query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
				}
			}
			if (base.contains("{") && r.nextInt(5) == 0) {
				Call bad = pathOnly(method, base).apply(r);
				return new Call(bad.what(), method, bad.path() + join(query), null, null, null);
			}
			String name = names.get(r.nextInt(names.size()));
			List<String> values = parameters.get(name).apply(r);
			String value = values.get(r.nextInt(values.size()));
			if (value == null) {
				query.remove(name);
			}
			else {
				query.put(name, encode(value));
			}
			return new Call("parameter " + name + " = " + ((value == null) ? "missing" : abbreviate(value)), method,
					validPath(base, r) + join(query), null, null, name);
		};
	}

	private static final Function<Random, List<String>> LONG = (r) -> List.of("abc", "1.5", "99999999999999999999",
			"1e3", "--1", "1,000");

	/** An int the endpoint caps to its range: only values that are not a whole number are bad. */
	private static final Function<Random, List<String>> CLAMPED_INT = (r) -> List.of("abc", "1.5", "99999999999",
			"ten", "1_000");

	private static final Function<Random, List<String>> BOOL = (r) -> List.of("maybe", "2", "yes please");

	private static final Function<Random, List<String>> DATE_TIME = (r) -> List.of("yesterday",
			"2026-13-01T00:00:00Z", "2026-05-04", "2026-05-04T25:00:00Z", "05/04/2026");

	private static Function<Random, List<String>> intRange(long min, long max) {
		return (r) -> {
			List<String> values = new ArrayList<>(List.of("abc", "1.5", "99999999999999999999999"));
			values.add(String.valueOf(min - 1 - r.nextInt(1000)));
			if (max < Long.MAX_VALUE - 1000) {
				values.add(String.valueOf(max + 1 + r.nextInt(1000)));
			}
			return values;
		};
	}

	private static Function<Random, List<String>> enumParam(boolean required, String... values) {
		return (r) -> {
			List<String> bad = new ArrayList<>(List.of("NOPE", "DONE", values[0] + "X"));
			if (required) {
				bad.add("");
				bad.add(null);
			}
			return bad;
		};
	}

	/**
	 * Bad values of a path variable. Not an encoded / or \\: Tomcat refuses those itself, before qbsync sees the
	 * request, with its own 400 page.
	 */
	private List<String> badPathValues(String method, String pattern, String variable, Random r) {
		List<String> numbers = List.of("abc", "1.5", "-1", "0", "99999999999999999999", "1e3",
				String.valueOf(nonexistentId(r)));
		return switch (variable) {
			case "id", "companyId" -> {
				List<String> values = new ArrayList<>(numbers);
				if (pattern.startsWith("/api/companies/") && pattern.contains("/sandbox/")) {
					values.add(String.valueOf(this.fixture.company().id()));
				}
				if (pattern.startsWith("/api/companies/{id}/password")) {
					values.add(String.valueOf(this.fixture.sandbox()));
				}
				if (pattern.startsWith("/api/jobs/executions/{id}/restart")) {
					values.add(String.valueOf(this.fixture.execution()));
				}
				yield values;
			}
			case "itemId" -> {
				List<String> values = new ArrayList<>(numbers);
				values.add(String.valueOf(this.fixture.openItem()));
				yield values;
			}
			case "type" -> List.of("widgets", "customer", "records", "invoice" + r.nextInt(9));
			case "externalId" -> {
				List<String> values = new ArrayList<>(List.of("x".repeat(101 + r.nextInt(50)), " leading", "trailing ",
						"bell\u0007", "50%", "semi;colon"));
				if (!method.equals("PUT")) {
					// a PUT of an id the host app has not used yet creates the record: only the other calls need one
					values.add("NOPE-" + unique(r));
				}
				yield values;
			}
			case "listId", "txnId" -> List.of("80000099-" + (1_000_000_000 + r.nextInt(999_999_999)), "abc",
					"x".repeat(200 + r.nextInt(100)));
			case "code" -> List.of("99999", "abc", "0xZZZZ", "c".repeat(200), String.valueOf(-r.nextInt(1000) - 1));
			default -> throw new IllegalStateException("no bad values for path variable " + variable);
		};
	}

	/** The pattern with every path variable left in it replaced by its valid value from the fixture. */
	private String validPath(String pattern, Random r) {
		boolean sandbox = pattern.contains("/sandbox/");
		String path = pattern.replace("{id}",
				String.valueOf(pattern.startsWith("/api/jobs/") ? this.fixture.execution()
						: pattern.contains("/outbox/") ? this.fixture.document()
								: sandbox ? this.fixture.sandbox() : this.fixture.company().id()))
			.replace("{companyId}", String.valueOf(this.fixture.company().id()))
			.replace("{itemId}", String.valueOf(this.fixture.openItem()))
			.replace("{type}", "customers")
			.replace("{listId}", this.fixture.sandboxCustomerListId())
			.replace("{txnId}", this.fixture.sandboxInvoiceTxnId())
			.replace("{code}", "3100");
		return path.replace("{externalId}", "C-1");
	}

	private static List<String> variables(String pattern) {
		List<String> names = new ArrayList<>();
		Matcher m = Pattern.compile("\\{(\\w+)}").matcher(pattern);
		while (m.find()) {
			names.add(m.group(1));
		}
		return names;
	}

	// ---- the outbox and the bulk load ---------------------------------------------------------------------------

	private Call outbox(Random r) {
		String uri = validPath("/api/companies/{companyId}/outbox", r);
		return switch (r.nextInt(6)) {
			case 0 -> new Call("empty document", "POST", uri, "text/xml", "", null);
			case 1 -> new Call("not XML", "POST", uri, pick(r, "text/xml", "application/xml"),
					pick(r, "not xml", "{\"qbxml\": 1}", "<QBXML><QBXMLMsgsRq>", "<?xml version=\"1.0\"?>"), null);
			case 2 -> new Call("not qbXML", "POST", uri, "text/xml",
					pick(r, "<a/>", "<QBXML/>", TestCompanies.customerQuery("99.0", "x"),
							"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><QBXML>&e;</QBXML>"),
					null);
			case 3 -> new Call("wrong content type", "POST", uri, pick(r, "application/json", "text/plain"),
					TestCompanies.customerQuery("13.0", "x"), null);
			default -> pathOnly("POST", "/api/companies/{companyId}/outbox", null).apply(r)
				.withWhat("xml ");
		};
	}

	/** Bad NDJSON: the load answers a report in which every line is rejected, by line number, or refuses the call. */
	private Call bulk(Random r) {
		String uri = validPath("/api/companies/{companyId}/records:bulk", r);
		if (r.nextInt(4) == 0) {
			return new Call("wrong content type", "POST", uri, pick(r, "application/json", "text/plain"),
					"{\"type\":\"customers\",\"externalId\":\"B-1\",\"record\":{\"name\":\"Bulk\"}}", null);
		}
		List<String> pool = List.of("not json", "{\"type\":\"widgets\",\"externalId\":\"B-1\",\"record\":{}}",
				"{\"type\":\"customers\",\"record\":{\"name\":\"No Id\"}}",
				"{\"type\":\"customers\",\"externalId\":\"B-2\",\"record\":{\"nome\":\"Typo\"}}",
				"{\"type\":\"customers\",\"externalId\":\"B-3\",\"record\":{\"name\":5}}",
				"{\"type\":\"invoices\",\"externalId\":\"B-4\",\"record\":{\"customer\":\"NOBODY\",\"date\":\"2025-01-01\",\"lines\":[]}}",
				"[1, 2]", "{\"type\":\"customers\",\"externalId\":\"" + "x".repeat(150) + "\",\"record\":{\"name\":\"L\"}}");
		StringBuilder body = new StringBuilder();
		int lines = 1 + r.nextInt(5);
		for (int i = 0; i < lines; i++) {
			body.append(pool.get(r.nextInt(pool.size()))).append('\n');
		}
		return new Call("bad lines", "POST", uri, "application/x-ndjson", body.toString(), "REPORT:" + lines);
	}

	// ---- sending and judging -------------------------------------------------------------------------------------

	private HttpResponse<String> send(Call call) throws Exception {
		HttpRequest.BodyPublisher body = (call.body() != null)
				? HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8)
				: HttpRequest.BodyPublishers.noBody();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUri() + call.path()))
			.method(call.method(), body)
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.header("X-Requested-With", "qbsync-tests")
			.header("Accept", "application/json");
		if (call.contentType() != null) {
			request.header("Content-Type", call.contentType());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * What is wrong with the answer to a bad call, or null: a 4xx problem document whose detail (and errors, if any)
	 * say what was wrong in words, without Java's; a bulk load may instead report every line rejected.
	 */
	private String judge(Call call, HttpResponse<String> answer) {
		int status = answer.statusCode();
		Map<String, Object> body;
		try {
			body = read(answer.body());
		}
		catch (RuntimeException ex) {
			return "the answer is not a JSON object";
		}
		if (call.field() != null && call.field().startsWith("REPORT:") && status == 200) {
			long lines = Long.parseLong(call.field().substring("REPORT:".length()));
			if (((Number) body.get("rejected")).longValue() != lines || ((Number) body.get("accepted")).longValue() != 0) {
				return "a bulk load of bad lines stored some";
			}
			List<Map<String, Object>> errors = (List<Map<String, Object>>) body.get("errors");
			return (errors.size() == lines && errors.stream().allMatch((e) -> e.get("line") != null
					&& !LEAKS.matcher(String.valueOf(e)).find())) ? null : "the report does not say which lines and why";
		}
		if (status < 400 || status > 499) {
			return "status " + status + ", not a 4xx";
		}
		Object detail = body.get("detail");
		if (!(detail instanceof String text) || text.strip().length() < 15) {
			return "no detail that says what was wrong";
		}
		if (LEAKS.matcher(answer.body()).find()) {
			return "the answer shows Java internals";
		}
		Object errors = body.get("errors");
		if (errors != null) {
			List<Map<String, Object>> list = (List<Map<String, Object>>) errors;
			if (list.isEmpty() || list.stream().anyMatch((e) -> !(e.get("field") instanceof String f) || f.isBlank()
					|| !(e.get("message") instanceof String m) || m.isBlank())) {
				return "errors without a field and a message";
			}
			if (call.field() != null && !call.field().startsWith("REPORT:") && list.stream()
				.map((e) -> ((String) e.get("field")).toLowerCase(java.util.Locale.ROOT))
				.noneMatch((f) -> f.equals("body") || f.startsWith(call.field().toLowerCase(java.util.Locale.ROOT))
						|| call.field().toLowerCase(java.util.Locale.ROOT).startsWith(f))) {
				return "the errors do not name " + call.field();
			}
		}
		return null;
	}

	// ---- the database --------------------------------------------------------------------------------------------

	/** Row count and checksum of every table the API can change. */
	private Map<String, String> snapshot() {
		List<String> tables = this.jdbc
			.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'")
			.query(String.class)
			.list()
			.stream()
			.filter((t) -> !UNWATCHED.matcher(t.toLowerCase(java.util.Locale.ROOT)).matches())
			.sorted()
			.toList();
		Map<String, String> snapshot = new TreeMap<>();
		this.jdbc.sql("CHECKSUM TABLE " + tables.stream().map((t) -> "`" + t + "`").collect(Collectors.joining(", ")))
			.query((rs, n) -> Map.entry(rs.getString(1), String.valueOf(rs.getLong(2))))
			.list()
			.forEach((e) -> snapshot.put(e.getKey().substring(e.getKey().indexOf('.') + 1), e.getValue()));
		for (String table : tables) {
			snapshot.merge(table, " rows " + this.jdbc.sql("SELECT COUNT(*) FROM `" + table + "`").query(Long.class).single(),
					String::concat);
		}
		return snapshot;
	}

	private static String changed(Map<String, String> before, Map<String, String> after) {
		return before.keySet()
			.stream()
			.filter((t) -> !before.get(t).equals(after.get(t)))
			.map((t) -> t + " (" + before.get(t) + " -> " + after.get(t) + ")")
			.collect(Collectors.joining(", "));
	}

	// ---- the fixture ---------------------------------------------------------------------------------------------

	/**
	 * A company with records, a scanned wizard item waiting, a completed scan execution and a queued document; a
	 * sandbox company whose QuickBooks has an item, a customer and an invoice.
	 */
	private Fixture fixture() {
		TestCompany company = TestCompanies.create(api(), "Bad Input");
		SyncSteps steps = new SyncSteps(api(), endpoint());
		steps.put(company, "customers", "C-1", "{\"name\": \"Ann Lee\"}");
		steps.put(company, "items", "MOW", "{\"name\": \"Mowing\", \"type\": \"SERVICE\"}");
		steps.put(company, "invoices", "INV-1",
				"{\"customer\": \"C-1\", \"date\": \"2025-04-30\", \"lines\": [{\"item\": \"MOW\"}]}");
		Map<String, Object> scan = api().post().uri("/api/companies/{id}/scans", company.id()).retrieve().body(Map.class);
		long execution = ((Number) scan.get("executionId")).longValue();
		Map<String, Object> wizard = api().get().uri("/api/companies/{id}/wizard", company.id()).retrieve().body(Map.class);
		long openItem = ((Number) ((List<Map<String, Object>>) wizard.get("export")).get(0).get("id")).longValue();
		long document = TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "bad-input"));

		long sandbox = this.sandboxes
			.create(new SandboxService.NewSandboxCompany("Bad Input Sandbox " + System.nanoTime(), null, 60, null),
					(books) -> books.seed("ItemService", "<Name>Mowing</Name>"))
			.id();
		Map<String, Object> customer = api().post()
			.uri("/api/companies/{id}/sandbox/customers", sandbox)
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Sandbox Customer"))
			.retrieve()
			.body(Map.class);
		Map<String, Object> invoice = api().post()
			.uri("/api/companies/{id}/sandbox/invoices", sandbox)
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(Map.of("customer", "Sandbox Customer", "lines", List.of(Map.of("item", "Mowing", "quantity", 1,
					"rate", 45))))
			.retrieve()
			.body(Map.class);
		return new Fixture(company, sandbox, "Sandbox Customer", (String) customer.get("listId"),
				(String) invoice.get("txnId"), openItem, execution, document);
	}

	/** The handlers under /api that take a body, path variables or request parameters, as "METHOD pattern". */
	private Map<String, HandlerMethod> handlersTakingInput() {
		Map<String, HandlerMethod> handlers = new TreeMap<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> e : this.mapping.getHandlerMethods().entrySet()) {
			boolean input = false;
			for (MethodParameter p : e.getValue().getMethodParameters()) {
				input |= p.hasParameterAnnotation(RequestBody.class) || p.hasParameterAnnotation(PathVariable.class)
						|| p.hasParameterAnnotation(RequestParam.class)
						|| java.io.InputStream.class.isAssignableFrom(p.getParameterType());
			}
			Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
			for (String pattern : e.getKey().getPatternValues()) {
				if (!pattern.startsWith("/api/")) {
					continue;
				}
				if (methods.isEmpty()) {
					throw new IllegalStateException(pattern + " answers every method: give it one");
				}
				for (RequestMethod method : methods) {
					if (input) {
						handlers.put(method + " " + pattern, e.getValue());
					}
				}
			}
		}
		return handlers;
	}

	// ---- small things --------------------------------------------------------------------------------------------

	private static Map<String, Object> map(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	@SafeVarargs
	private static <T> T pick(Random r, T... values) {
		return values[r.nextInt(values.length)];
	}

	private static Generator oneOf(Generator... generators) {
		return (r) -> generators[r.nextInt(generators.length)].apply(r);
	}

	private static String unique(Random r) {
		return Long.toString(System.nanoTime() % 1_000_000_000L, 36) + r.nextInt(1000);
	}

	private static String password(Random r) {
		return "valid-password-" + r.nextInt(1_000_000);
	}

	private static long nonexistentId(Random r) {
		return 900_000_000_000L + r.nextInt(1_000_000_000);
	}

	private static String longText(Random r, int max) {
		return "w".repeat(max + 1 + r.nextInt(2000));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static String join(Map<String, String> query) {
		return query.isEmpty() ? "" : "?" + query.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining("&"));
	}

	private static String write(Object value) {
		return JSON.writeValueAsString(value);
	}

	private static Map<String, Object> read(String json) {
		return JSON.readValue(json, Map.class);
	}

	private static String abbreviate(String s) {
		return (s == null) ? "" : (s.length() > 160) ? s.substring(0, 160) + "..." : s;
	}

}
