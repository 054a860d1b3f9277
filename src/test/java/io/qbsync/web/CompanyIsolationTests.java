package io.qbsync.web;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.qbsync.support.CompanyRows;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One company never sees or changes another's data, over every endpoint Spring maps (REST API, pages, Actuator,
 * OpenAPI), not a chosen few. Two sandbox companies, Ours and Theirs, each hold records, open and cleared wizard items,
 * a failed sync item, outbox documents, job executions and simulated QuickBooks customers and invoices. A user limited
 * to Ours, an admin and then a viewer, calls every method of every mapping: with Theirs' company id and ids (refused:
 * 403 or 404), with Ours' company id but one of Theirs' ids in the path (refused: a 4xx), and with Ours' ids and
 * Theirs' ids in the body or query. No answer (nor the page a redirect leads to) names anything of Theirs, and every
 * row of Theirs in the database is as it was after each call. The same reads by the admin who sees every company do
 * answer, so the refusals are not those of a malformed call. A mapping with a variable in its path must be classified
 * in {@link #VARIABLES}: a new one fails this test until it is. The order of the calls and which of Theirs' ids each
 * one names come from a seed, logged, and replayed with {@code -Dqbsync.isolation.seed=}.
 */
class CompanyIsolationTests extends IntegrationTest {

	private static final Logger log = LoggerFactory.getLogger(CompanyIsolationTests.class);

	private static final String PASSWORD = "isolation-password-1";

	/** What a path variable names. */
	enum Names {

		COMPANY, CLEARED_ITEM, FAILED_ITEM, DOCUMENT, EXECUTION, RECORD, QB_CUSTOMER, QB_INVOICE,
		/** Not owned by a company: a record type, a status code. */
		RECORD_TYPE, STATUS_CODE;

		boolean owned() {
			return this != COMPANY && this != RECORD_TYPE && this != STATUS_CODE;
		}

	}

	/** Every mapped pattern with a variable in its path, and what each variable names, in order. */
	static final Map<String, List<Names>> VARIABLES = classify(
			// REST API
			entry("/api/companies/{id}", Names.COMPANY), entry("/api/companies/{id}/password", Names.COMPANY),
			entry("/api/companies/{id}/qwc", Names.COMPANY), entry("/api/companies/{id}/directions", Names.COMPANY),
			entry("/api/companies/{id}/sandbox/run", Names.COMPANY),
			entry("/api/companies/{id}/sandbox/customers", Names.COMPANY),
			entry("/api/companies/{id}/sandbox/customers/{listId}", Names.COMPANY, Names.QB_CUSTOMER),
			entry("/api/companies/{id}/sandbox/invoices", Names.COMPANY),
			entry("/api/companies/{id}/sandbox/invoices/{txnId}", Names.COMPANY, Names.QB_INVOICE),
			entry("/api/companies/{companyId}/wizard", Names.COMPANY),
			entry("/api/companies/{companyId}/wizard/approve", Names.COMPANY),
			entry("/api/companies/{companyId}/wizard/cleared", Names.COMPANY),
			entry("/api/companies/{companyId}/wizard/cleared/{itemId}/undo", Names.COMPANY, Names.CLEARED_ITEM),
			entry("/api/companies/{companyId}/wizard/decisions", Names.COMPANY),
			entry("/api/companies/{companyId}/scans", Names.COMPANY),
			entry("/api/companies/{companyId}/syncs", Names.COMPANY),
			entry("/api/companies/{companyId}/syncs/per-day", Names.COMPANY),
			entry("/api/companies/{companyId}/unsynced", Names.COMPANY),
			entry("/api/companies/{companyId}/unsynced/{itemId}/resync", Names.COMPANY, Names.FAILED_ITEM),
			entry("/api/companies/{companyId}/records/{type}/{externalId}/clear-id", Names.COMPANY, Names.RECORD_TYPE,
					Names.RECORD),
			entry("/api/companies/{companyId}/records/{type}/{externalId}", Names.COMPANY, Names.RECORD_TYPE,
					Names.RECORD),
			entry("/api/companies/{companyId}/records/{type}", Names.COMPANY, Names.RECORD_TYPE),
			entry("/api/companies/{companyId}/records:bulk", Names.COMPANY),
			entry("/api/companies/{companyId}/changes-from-quickbooks", Names.COMPANY),
			entry("/api/companies/{companyId}/sessions", Names.COMPANY),
			entry("/api/companies/{companyId}/logins", Names.COMPANY),
			entry("/api/companies/{companyId}/outbox", Names.COMPANY),
			entry("/api/companies/{companyId}/outbox/{id}", Names.COMPANY, Names.DOCUMENT),
			entry("/api/jobs/executions/{id}", Names.EXECUTION),
			entry("/api/jobs/executions/{id}/restart", Names.EXECUTION),
			entry("/api/status-codes/{code}", Names.STATUS_CODE),
			// pages
			entry("/companies/{companyId}", Names.COMPANY), entry("/companies/{companyId}/password", Names.COMPANY),
			entry("/companies/{companyId}/qwc", Names.COMPANY),
			entry("/companies/{companyId}/sandbox/run", Names.COMPANY),
			entry("/companies/{companyId}/jobs", Names.COMPANY),
			entry("/companies/{companyId}/jobs/progress", Names.COMPANY),
			entry("/companies/{companyId}/jobs/{executionId}/restart", Names.COMPANY, Names.EXECUTION),
			entry("/companies/{companyId}/wizard", Names.COMPANY),
			entry("/companies/{companyId}/wizard/approve", Names.COMPANY),
			entry("/companies/{companyId}/wizard/scan", Names.COMPANY),
			entry("/companies/{companyId}/wizard/cleared", Names.COMPANY),
			entry("/companies/{companyId}/wizard/cleared/{itemId}/undo", Names.COMPANY, Names.CLEARED_ITEM),
			entry("/companies/{companyId}/unsynced", Names.COMPANY),
			entry("/companies/{companyId}/unsynced/resync", Names.COMPANY),
			entry("/companies/{companyId}/unsynced/clear-ids", Names.COMPANY),
			entry("/companies/{companyId}/unsynced/clear-ids/confirm", Names.COMPANY),
			entry("/companies/{companyId}/unsynced/{itemId}/clear-id", Names.COMPANY, Names.FAILED_ITEM),
			entry("/companies/{companyId}/report", Names.COMPANY),
			entry("/companies/{companyId}/records/{type}/{externalId}", Names.COMPANY, Names.RECORD_TYPE,
					Names.RECORD));

	/** JSON (or other) bodies of the API calls that take one; Theirs' ids where a body names ids. */
	private static final Map<String, String> API_BODIES = Map.ofEntries(
			Map.entry("POST /api/companies/{companyId}/wizard/approve",
					"{\"checked\": $OPEN, \"unchecked\": \"CLEAR\", \"shown\": $OPEN, \"allOpen\": false}"),
			Map.entry("POST /api/companies/{id}/password", "{\"password\": \"probe-password-12345\"}"),
			Map.entry("PUT /api/companies/{id}/directions", "{\"Customer\": {\"import\": true}}"),
			Map.entry("PUT /api/companies/{companyId}/records/{type}/{externalId}", "{\"name\": \"Probe Customer\"}"),
			Map.entry("POST /api/companies/{companyId}/records:bulk",
					"{\"type\": \"customers\", \"externalId\": \"probe-1\", \"record\": {\"name\": \"Probe Bulk\"}}\n"),
			Map.entry("POST /api/companies/{companyId}/records/{type}/{externalId}/clear-id", "{\"confirm\": true}"),
			Map.entry("POST /api/companies/{id}/sandbox/customers", "{\"name\": \"Probe Sandbox Customer\"}"),
			Map.entry("PUT /api/companies/{id}/sandbox/customers/{listId}", "{\"name\": \"Probe Renamed\"}"),
			Map.entry("POST /api/companies/{id}/sandbox/invoices",
					"{\"customer\": \"$CUSTOMER\", \"refNumber\": \"P-1\", \"lines\": []}"),
			Map.entry("PUT /api/companies/{id}/sandbox/invoices/{txnId}", "{\"memo\": \"probe\"}"),
			Map.entry("POST /api/companies/{companyId}/outbox", TestCompanies.customerQuery("13.0", "Probe")),
			Map.entry("POST /api/companies",
					"{\"name\": \"Probe Co\", \"username\": \"probe-co\", \"password\": \"probe-password-12345\"}"),
			Map.entry("POST /api/sandbox-companies", "{\"name\": \"Probe Sandbox\"}"),
			Map.entry("POST /api/users", "{\"username\": \"probe-user\", \"password\": \"probe-password-12345\", "
					+ "\"role\": \"ADMIN\", \"companies\": [$COMPANY]}"));

	/** The fields of the page forms that take some; Theirs' ids where a form names ids. */
	private static final Map<String, List<String>> FORMS = Map.of("/companies/{companyId}/wizard/approve",
			List.of("shown", "$OPEN", "checked", "$OPEN", "unchecked", "CLEAR"),
			"/companies/{companyId}/unsynced/resync", List.of("item", "$FAILED", "anyway", "true"),
			"/companies/{companyId}/unsynced/clear-ids", List.of("item", "$FAILED"),
			"/companies/{companyId}/unsynced/clear-ids/confirm", List.of("item", "$FAILED"),
			"/companies/{companyId}/unsynced/{itemId}/clear-id", List.of("confirm", "true"), "/companies/{companyId}",
			List.of("name", "Probe Renamed", "runEveryMinutes", "5"), "/companies/{companyId}/password",
			List.of("confirm", "true"), "/companies",
			List.of("name", "Probe Co", "username", "probe-page-co", "password", "probe-password-12345"),
			"/companies/sandbox", List.of("name", "Probe Sandbox"));

	/** Query strings some calls need to answer at all; Theirs' ids where a query names ids. */
	private static final Map<String, String> QUERIES = Map.of("/api/companies/{companyId}/syncs", "?state=FAILED",
			"/api/companies/{companyId}/wizard/decisions", "?item=$CLEARED", "/api/jobs/executions",
			"?companyId=$COMPANY", "/companies/{companyId}/report", "?tab=FAILED", "/guide", "?q=3120");

	private static final Pattern VARIABLE = Pattern.compile("\\{\\*?(\\w+)(:[^}]*)?}");

	@Autowired
	List<RequestMappingInfoHandlerMapping> handlerMappings;

	@Autowired
	JdbcClient jdbc;

	/** The company the user may not see. */
	private Company theirs;

	/** Which of Theirs' ids each call names. */
	private Random random;

	@Test
	void aUserOfOneCompanyNeitherSeesNorChangesAnotherCompanysDataThroughAnyEndpoint() {
		long seed = Long.getLong("qbsync.isolation.seed", new Random().nextLong());
		log.info("Company isolation: seed {} (replay with -Dqbsync.isolation.seed={})", seed, seed);
		this.random = new Random(seed);
		List<Endpoint> endpoints = endpoints();
		assertThat(unclassified(endpoints))
			.as("mappings with a variable in their path missing from VARIABLES: say what each variable names")
			.isEmpty();
		assertThat(VARIABLES.keySet())
			.as("VARIABLES names mappings that no longer exist")
			.isSubsetOf(endpoints.stream().map(Endpoint::pattern).collect(Collectors.toSet()));

		long started = System.nanoTime();
		Company ours = company("Ours", "O");
		// a QuickBooks ListID or TxnID is a counter and the second the object was made, and both company files count
		// alike: Theirs' objects are made in a later second than any of Ours', so that their ids differ
		nextSecond();
		Company theirs = company("Theirs", "T").without(ours);
		this.theirs = theirs;
		String admin = user("ADMIN", ours.id());
		String viewer = user("VIEWER", ours.id());
		List<String> ownTables = CompanyRows.tables(this.jdbc);
		JdbcClient.StatementSpec fingerprint = CompanyRows.fingerprint(this.jdbc, theirs.id(), ownTables);

		long probing = System.nanoTime();
		List<Probe> probes = probes(endpoints, ours, theirs, this.random);
		Collections.shuffle(probes, this.random);
		List<String> problems = new ArrayList<>();
		problems.addAll(answersForTheAdminOfAll(probes, theirs));
		int calls = 0;
		for (String user : List.of(admin, viewer)) {
			boolean isViewer = user.equals(viewer);
			RestClient api = client(user);
			Browser browser = new Browser(baseUri());
			assertThat(browser.signIn(user, PASSWORD)).isTrue();
			String before = snapshot(theirs, ownTables);
			String print = fingerprint.query(String.class).single();
			for (Probe probe : probes) {
				Answer answer = probe.page() ? page(browser, probe, ours) : api(api, probe);
				calls++;
				String problem = judge(probe, answer, theirs, isViewer);
				String now = fingerprint.query(String.class).single();
				if (!now.equals(print)) {
					String after = snapshot(theirs, ownTables);
					problem = ((problem != null) ? problem + "; " : "") + "Theirs' data changed:\n" + diff(before, after);
					before = after;
					print = now;
				}
				if (problem != null) {
					problems.add(user + " " + probe + " -> " + answer.status() + ": " + problem);
				}
			}
		}
		log.info("Company isolation: {} endpoints, {} probes ({}), {} calls; {} ms to set up, {} ms to probe",
				endpoints.size(), probes.size(),
				probes.stream().collect(Collectors.groupingBy(Probe::expect, TreeMap::new, Collectors.counting())),
				calls, (probing - started) / 1_000_000, (System.nanoTime() - probing) / 1_000_000);
		assertThat(problems).as("seed " + seed).isEmpty();

		// a viewer of Ours reads Ours
		Browser reader = new Browser(baseUri());
		assertThat(reader.signIn(viewer, PASSWORD)).isTrue();
		assertThat(reader.open("/companies/" + ours.id() + "/wizard").body()).contains(ours.tag());
	}

	// -- the endpoints and the calls made to each

	/** One mapped pattern and HTTP method. */
	record Endpoint(String pattern, HttpMethod method, RequestMappingInfo info) {

		boolean page() {
			return !this.pattern.startsWith("/api/") && !this.pattern.startsWith("/actuator")
					&& !this.pattern.startsWith("/v3/") && !this.pattern.startsWith("/swagger");
		}

		String key() {
			return this.method.name() + " " + this.pattern;
		}

	}

	/** What a call must answer: refused (403 or 404), not done (a 4xx), or anything that shows nothing of Theirs. */
	enum Expect {

		REFUSED, NOT_DONE, NOTHING_OF_THEIRS

	}

	/** One call: its endpoint, the address with the variables filled in, and what it must answer. */
	record Probe(Endpoint endpoint, String path, Expect expect, String why) {

		boolean page() {
			return this.endpoint.page();
		}

		@Override
		public String toString() {
			return this.endpoint.method() + " " + this.path + " (" + this.why + ")";
		}

	}

	record Answer(int status, String body, String location) {
	}

	private List<Endpoint> endpoints() {
		List<Endpoint> endpoints = new ArrayList<>();
		for (RequestMappingInfoHandlerMapping mapping : this.handlerMappings) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				for (String pattern : info.getPatternValues()) {
					for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
						endpoints.add(new Endpoint(pattern, HttpMethod.valueOf(method.name()), info));
					}
				}
			}
		}
		endpoints.sort(java.util.Comparator.comparing(Endpoint::key));
		return endpoints;
	}

	private static List<String> unclassified(List<Endpoint> endpoints) {
		return endpoints.stream()
			.filter((e) -> VARIABLE.matcher(e.pattern()).find())
			.filter((e) -> !VARIABLES.containsKey(e.pattern())
					|| VARIABLES.get(e.pattern()).size() != variables(e.pattern()).size())
			.map(Endpoint::key)
			.distinct()
			.toList();
	}

	/**
	 * The calls to every endpoint: one naming Theirs' company and ids; for one of a company, one per owned id in its
	 * path naming Ours' company and that id of Theirs, and one naming Ours' company and ids (bodies and queries name
	 * Theirs' ids); one plain call to an endpoint of no company.
	 */
	private static List<Probe> probes(List<Endpoint> endpoints, Company ours, Company theirs, Random random) {
		List<Probe> probes = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			List<Names> names = VARIABLES.getOrDefault(endpoint.pattern(), List.of());
			boolean ofACompany = names.contains(Names.COMPANY);
			if (!ofACompany && names.stream().noneMatch(Names::owned)) {
				probes.add(probe(endpoint, names, (n) -> ours, random, theirs, Expect.NOTHING_OF_THEIRS,
						"no company"));
				continue;
			}
			probes.add(probe(endpoint, names, (n) -> theirs, random, theirs, Expect.REFUSED, "theirs"));
			if (!ofACompany) {
				continue;
			}
			for (Names owned : names.stream().filter(Names::owned).distinct().toList()) {
				// a record's external id is the caller's own name for it, in its own company
				Expect expect = (owned == Names.RECORD) ? Expect.NOTHING_OF_THEIRS : Expect.NOT_DONE;
				probes.add(probe(endpoint, names, (n) -> (n == owned) ? theirs : ours, random, theirs, expect,
						"ours with their " + owned.name().toLowerCase()));
			}
			probes.add(probe(endpoint, names, (n) -> ours, random, theirs, Expect.NOTHING_OF_THEIRS, "ours"));
		}
		return probes;
	}

	private static Probe probe(Endpoint endpoint, List<Names> names, Function<Names, Company> whose, Random random,
			Company theirs, Expect expect, String why) {
		Matcher m = VARIABLE.matcher(endpoint.pattern());
		StringBuilder path = new StringBuilder();
		int i = 0;
		while (m.find()) {
			Names name = names.get(i++);
			m.appendReplacement(path, Matcher.quoteReplacement(whose.apply(name).pick(name, random)));
		}
		m.appendTail(path);
		String query = QUERIES.get(endpoint.pattern());
		return new Probe(endpoint, path + ((query != null) ? theirs.fill(query, random) : ""), expect, why);
	}

	// -- calling and judging

	private Answer api(RestClient client, Probe probe) {
		Endpoint endpoint = probe.endpoint();
		RestClient.RequestBodySpec call = client.method(endpoint.method()).uri(URI.create(baseUri() + probe.path()));
		String body = API_BODIES.get(endpoint.key());
		if (body != null) {
			Set<MediaType> consumes = endpoint.info().getConsumesCondition().getConsumableMediaTypes();
			MediaType type = consumes.contains(MediaType.TEXT_XML) ? MediaType.TEXT_XML
					: consumes.contains(MediaType.APPLICATION_NDJSON) ? MediaType.APPLICATION_NDJSON
							: MediaType.APPLICATION_JSON;
			call.contentType(type).body(this.theirs.fill(body, this.random));
		}
		ResponseEntity<String> answer = call.retrieve().toEntity(String.class);
		return new Answer(answer.getStatusCode().value(), (answer.getBody() != null) ? answer.getBody() : "",
				answer.getHeaders().getFirst("Location"));
	}

	private Answer page(Browser browser, Probe probe, Company ours) {
		HttpResponse<String> response;
		if (probe.endpoint().method() == HttpMethod.GET) {
			response = browser.get(probe.path());
		}
		else {
			// a form carries the token of the page it came from
			browser.get("/companies/" + ours.id() + "/wizard");
			List<String> fields = FORMS.getOrDefault(probe.endpoint().pattern(), List.of())
				.stream()
				.map((f) -> this.theirs.fill(f, this.random))
				.toList();
			response = browser.post(probe.path(), true, fields.toArray(String[]::new));
		}
		String location = response.headers().firstValue("Location").orElse(null);
		String body = response.body();
		if (response.statusCode() / 100 == 3 && location != null) {
			// the page a redirect leads to shows the outcome (a flash message)
			body += "\n" + browser.get(location).body();
		}
		return new Answer(response.statusCode(), body, location);
	}

	private static String judge(Probe probe, Answer answer, Company theirs, boolean viewer) {
		List<String> wrong = new ArrayList<>();
		if (answer.body().toLowerCase().contains(theirs.tag().toLowerCase())) {
			wrong.add("the answer shows Theirs' data: " + around(answer.body(), theirs.tag()));
		}
		if (answer.location() != null && answer.location().contains("/companies/" + theirs.id())) {
			wrong.add("redirected to Theirs' pages: " + answer.location());
		}
		int status = answer.status();
		switch (probe.expect()) {
			case REFUSED -> {
				if (status != 403 && status != 404) {
					wrong.add("expected 403 or 404");
				}
			}
			case NOT_DONE -> {
				if (status / 100 != 4) {
					wrong.add("expected a 4xx");
				}
			}
			case NOTHING_OF_THEIRS -> {
			}
		}
		boolean change = probe.endpoint().method() != HttpMethod.GET;
		if (viewer && ((probe.page() && change) || probe.path().startsWith("/api/")) && status != 403) {
			wrong.add("a viewer's " + (change ? "change" : "API call") + " must be refused with 403");
		}
		return wrong.isEmpty() ? null : String.join("; ", wrong);
	}

	/** The same reads of Theirs by the admin who sees every company answer 2xx: the probes reach real data. */
	private List<String> answersForTheAdminOfAll(List<Probe> probes, Company theirs) {
		Browser browser = new Browser(baseUri());
		assertThat(browser.signIn(ADMIN, ADMIN_PASSWORD)).isTrue();
		List<String> problems = new ArrayList<>();
		int showingTheirs = 0;
		for (Probe probe : probes) {
			if (probe.expect() != Expect.REFUSED || probe.endpoint().method() != HttpMethod.GET) {
				continue;
			}
			Answer answer = probe.page() ? page(browser, probe, theirs) : api(api(), probe);
			// answered, or refused for what the company is (a sandbox has no .qwc file), not for who asks
			if (answer.status() == 403 || answer.status() == 404 || answer.status() / 100 == 5) {
				problems.add("the admin of all: " + probe + " -> " + answer.status() + " " + answer.body());
			}
			showingTheirs += answer.body().contains(theirs.tag()) ? 1 : 0;
		}
		assertThat(showingTheirs).as("reads that show Theirs' names to the admin of all").isGreaterThan(10);
		return problems;
	}

	// -- the two companies

	/** A company, its distinctive tag (in every name it holds), the ids of what it owns, and its open items. */
	record Company(long id, String tag, Map<Names, List<String>> ids, List<String> open) {

		String pick(Names name, Random random) {
			return switch (name) {
				case COMPANY -> Long.toString(this.id);
				case RECORD_TYPE -> "customers";
				case STATUS_CODE -> "3120";
				default -> {
					List<String> all = this.ids.get(name);
					yield all.get(random.nextInt(all.size()));
				}
			};
		}

		/** This company's ids less those the other holds too (QuickBooks ids of two company files may). */
		Company without(Company other) {
			Map<Names, List<String>> own = new TreeMap<>();
			this.ids.forEach((name, all) -> own.put(name,
					all.stream().filter((i) -> !other.ids().get(name).contains(i)).toList()));
			assertThat(own).allSatisfy((name, some) -> assertThat(some).as(name.name()).isNotEmpty());
			return new Company(this.id, this.tag, own, this.open);
		}

		/** Fills a body or query template with this company's ids. */
		String fill(String template, Random random) {
			return template.replace("$OPEN", "[" + String.join(", ", this.open) + "]")
				.replace("$FAILED", pick(Names.FAILED_ITEM, random))
				.replace("$CLEARED", pick(Names.CLEARED_ITEM, random))
				.replace("$CUSTOMER", pick(Names.QB_CUSTOMER, random))
				.replace("$COMPANY", Long.toString(this.id));
		}

	}

	private static void nextSecond() {
		long second = Instant.now().getEpochSecond();
		while (Instant.now().getEpochSecond() <= second) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private Company company(String who, String prefix) {
		String tag = who.toLowerCase().substring(0, 2) + TestCompanies.uniqueUsername("x").replaceAll("[^a-z0-9]", "");
		long id = ((Number) api().post()
			.uri("/api/sandbox-companies")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", who + " " + tag))
			.retrieve()
			.body(Map.class)
			.get("id")).longValue();
		for (int n = 1; n <= 4; n++) {
			put(id, "customers", prefix + "-C-" + n, "{\"name\": \"Customer " + n + " " + tag + "\"}");
		}
		put(id, "items", prefix + "-I-1",
				"{\"name\": \"Mowing " + tag + "\", \"type\": \"SERVICE\", \"rate\": 45, \"incomeAccount\": \"Sales\"}");
		put(id, "invoices", prefix + "-INV-1", "{\"number\": \"" + prefix + "-5001\", \"customer\": \"" + prefix
				+ "-C-1\", \"date\": \"2026-05-04\", \"lines\": [{\"item\": \"" + prefix + "-I-1\", \"quantity\": 2, "
				+ "\"rate\": 45}]}");
		List<String> executions = new ArrayList<>();
		executions.add(scan(id));
		// the fourth customer waits for the next scan; the third is cleared, the rest approved and sent
		List<Map<String, Object>> export = export(id);
		List<Object> cleared = export.stream()
			.filter((i) -> (prefix + "-C-3").equals(i.get("externalId")))
			.map((i) -> i.get("id"))
			.toList();
		List<Object> approved = export.stream()
			.filter((i) -> !cleared.contains(i.get("id")) && !(prefix + "-C-4").equals(i.get("externalId")))
			.map((i) -> i.get("id"))
			.toList();
		approve(id, approved, cleared);
		run(id);
		// the bookkeeper deletes the second customer in QuickBooks: its next change fails there
		String second = sandboxCustomers(id).stream()
			.filter((c) -> ("Customer 2 " + tag).equals(c.get("name")))
			.map((c) -> (String) c.get("listId"))
			.findFirst()
			.orElseThrow();
		api().delete().uri("/api/companies/{id}/sandbox/customers/{listId}", id, second).retrieve().toBodilessEntity();
		put(id, "customers", prefix + "-C-2", "{\"name\": \"Customer 2 " + tag + "\", \"phone\": \"919-555-0102\"}");
		executions.add(scan(id));
		approve(id, export(id).stream()
			.filter((i) -> (prefix + "-C-2").equals(i.get("externalId")))
			.map((i) -> i.get("id"))
			.toList(), List.of());
		run(id);
		TestCompanies.enqueue(api(), id, TestCompanies.customerQuery("13.0", "Query " + tag));

		Map<Names, List<String>> ids = new TreeMap<>();
		ids.put(Names.CLEARED_ITEM, idsOf(list("/api/companies/{id}/wizard/cleared", id), "id"));
		ids.put(Names.FAILED_ITEM, idsOf(list("/api/companies/{id}/unsynced", id), "id"));
		ids.put(Names.DOCUMENT, idsOf(list("/api/companies/{id}/outbox", id), "id"));
		ids.put(Names.EXECUTION, executions);
		ids.put(Names.RECORD, List.of(prefix + "-C-1", prefix + "-C-2", prefix + "-C-3", prefix + "-C-4"));
		ids.put(Names.QB_CUSTOMER, idsOf(sandboxCustomers(id), "listId"));
		ids.put(Names.QB_INVOICE, idsOf(list("/api/companies/{id}/sandbox/invoices", id), "txnId"));
		Company company = new Company(id, tag, ids, idsOf(export(id), "id"));
		assertThat(company.open()).hasSize(1);
		assertThat(ids).as(who + "'s ids").allSatisfy((name, some) -> assertThat(some).as(name.name()).isNotEmpty());
		assertThat(ids.get(Names.FAILED_ITEM)).hasSize(1);
		return company;
	}

	// -- Theirs' rows

	/** Every row of the company, its users, and its job executions, as text. */
	private String snapshot(Company company, List<String> tables) {
		StringBuilder all = new StringBuilder();
		for (String table : tables) {
			all.append(table).append(":\n");
			rows("SELECT * FROM " + table + " WHERE company_id = ?", company.id(), all);
		}
		all.append("companies:\n");
		rows("SELECT * FROM companies WHERE id = ?", company.id(), all);
		all.append("job executions:\n");
		rows("""
				SELECT e.JOB_EXECUTION_ID, e.STATUS, e.EXIT_CODE, e.VERSION FROM BATCH_JOB_EXECUTION e
				JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
				WHERE p.PARAMETER_NAME = 'companyId' AND p.PARAMETER_VALUE = ?""", Long.toString(company.id()), all);
		return all.toString();
	}

	private void rows(String sql, Object id, StringBuilder into) {
		this.jdbc.sql(sql)
			.param(id)
			.query()
			.listOfRows()
			.stream()
			.map((row) -> new TreeMap<>(row).toString())
			.sorted()
			.forEach((row) -> into.append("  ").append(row).append('\n'));
	}

	private static String diff(String before, String after) {
		List<String> was = before.lines().toList();
		List<String> is = after.lines().toList();
		StringBuilder diff = new StringBuilder();
		was.stream().filter((l) -> !is.contains(l)).forEach((l) -> diff.append("- ").append(l).append('\n'));
		is.stream().filter((l) -> !was.contains(l)).forEach((l) -> diff.append("+ ").append(l).append('\n'));
		return diff.toString();
	}

	// -- small steps through the API as the admin of all

	private String user(String role, long company) {
		String username = TestCompanies.uniqueUsername("isolation-" + role.toLowerCase());
		api().post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("username", username, "password", PASSWORD, "role", role, "companies", List.of(company)))
			.retrieve()
			.toBodilessEntity();
		return username;
	}

	private RestClient client(String username) {
		return RestClient.builder()
			.baseUrl(baseUri().toString())
			.defaultHeaders((h) -> h.setBasicAuth(username, PASSWORD))
			.defaultHeader("X-Requested-With", "qbsync-tests")
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	private void put(long company, String type, String externalId, String json) {
		assertThat(api().put()
			.uri("/api/companies/{id}/records/{type}/{ext}", company, type, externalId)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.is2xxSuccessful()).isTrue();
	}

	private String scan(long company) {
		return String.valueOf(
				api().post().uri("/api/companies/{id}/scans", company).retrieve().body(Map.class).get("executionId"));
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> export(long company) {
		return (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard", company)
			.retrieve()
			.body(Map.class)
			.get("export");
	}

	private void approve(long company, List<Object> checked, List<Object> cleared) {
		List<Object> shown = new ArrayList<>(checked);
		shown.addAll(cleared);
		api().post()
			.uri("/api/companies/{id}/wizard/approve", company)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", checked, "unchecked", "CLEAR", "shown", shown))
			.retrieve()
			.toBodilessEntity();
	}

	private void run(long company) {
		assertThat(api().post().uri("/api/companies/{id}/sandbox/run", company).retrieve().body(Map.class))
			.containsEntry("endReason", "COMPLETED");
	}

	private List<Map<String, Object>> sandboxCustomers(long company) {
		return list("/api/companies/{id}/sandbox/customers", company);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> list(String uri, long company) {
		return api().get().uri(uri, company).retrieve().body(List.class);
	}

	private static List<String> idsOf(List<Map<String, Object>> rows, String field) {
		return rows.stream().map((r) -> String.valueOf(r.get(field))).toList();
	}

	// -- the table

	private static Map.Entry<String, List<Names>> entry(String pattern, Names... names) {
		return Map.entry(pattern, List.of(names));
	}

	@SafeVarargs
	private static Map<String, List<Names>> classify(Map.Entry<String, List<Names>>... entries) {
		Map<String, List<Names>> table = new LinkedHashMap<>();
		for (Map.Entry<String, List<Names>> e : entries) {
			table.put(e.getKey(), e.getValue());
		}
		return table;
	}

	private static List<String> variables(String pattern) {
		List<String> names = new ArrayList<>();
		Matcher m = VARIABLE.matcher(pattern);
		while (m.find()) {
			names.add(m.group(1));
		}
		return names;
	}

	private static String around(String body, String tag) {
		int at = body.toLowerCase().indexOf(tag.toLowerCase());
		return body.substring(Math.max(0, at - 120), Math.min(body.length(), at + 80)).replaceAll("\\s+", " ");
	}

}
