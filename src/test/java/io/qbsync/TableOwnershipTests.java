package io.qbsync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table has one owner, the package whose classes write it, and no other package names it in its SQL unless
 * {@link #ALLOWED} says why: a package that needs another's rows asks the owner's public API. {@link #OWNERS} is the
 * ownership table, checked against the tables the Flyway migrations create. The SQL is read from every main source
 * file's string literals and text blocks: a known table after FROM, JOIN (or a comma in a FROM list) is read, after
 * INSERT INTO, REPLACE INTO, UPDATE, DELETE ... FROM or TRUNCATE written, and a literal that is a table's name alone
 * (SQL put together elsewhere) counts as written. {@code ModularityTests} checks the same boundaries over the types.
 */
class TableOwnershipTests {

	private static final Path MAIN = Path.of("src/main/java/io/qbsync");

	private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

	/** The owner of the tables no package of ours writes: Spring Modulith's event publication registry. */
	private static final String MODULITH = "(Spring Modulith)";

	/** Each table the migrations create, and its owner. */
	static final Map<String, String> OWNERS = owners(
			owns("system", "admin_users", "admin_user_companies", "admin_login_failures"),
			owns("company", "companies", "company_sync_directions"),
			owns("singleops", "singleops_records", "singleops_changes", "singleops_references",
					"singleops_journal_locks"),
			owns("quickbooks", "quickbooks_changes", "quickbooks_feed", "quickbooks_import_cursors",
					"quickbooks_link_checks"),
			owns("wizard", "wizard_items", "wizard_decisions", "wizard_scan_cursors"),
			owns("outbox", "outbox_documents"),
			owns("delivery", "delivery_counts"),
			owns("webconnector", "webconnector_sessions", "webconnector_login_throttles",
					"webconnector_login_addresses"),
			owns("notification", "notifications_sent"),
			owns("sandbox", "sandbox_company_files"),
			// Quartz and Spring Batch write their own tables; schedule configures both, and is the one place that
			// reads Spring Batch's metadata in SQL
			owns("schedule", "QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_CRON_TRIGGERS",
					"QRTZ_SIMPROP_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS", "QRTZ_PAUSED_TRIGGER_GRPS",
					"QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS", "BATCH_JOB_INSTANCE",
					"BATCH_JOB_EXECUTION", "BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION_CONTEXT",
					"BATCH_STEP_EXECUTION", "BATCH_STEP_EXECUTION_CONTEXT"),
			owns(MODULITH, "EVENT_PUBLICATION"));

	/** How a source names a table. */
	enum Access {

		READ, WRITE

	}

	/**
	 * A class that names a table of another package, and why that is better than asking the owner. A write is
	 * allowed only where nothing else would do.
	 *
	 * @param source the class, relative to io.qbsync ({@code wizard.ItemTransitions})
	 */
	record Allowed(String source, String table, Access access, String reason) {
	}

	static final List<Allowed> ALLOWED = allowed(
			// the scan, the hot path: one join per query instead of a round trip per record
			reads("wizard.WizardItems", "the wizard's problems-only filter: one EXISTS over the records' references",
					"singleops_records", "singleops_references"),
			reads("wizard.ItemTransitions", "an item's record read with the item, in the delivery's hot path",
					"singleops_records"),
			reads("wizard.ItemQueries", "the failed and uncertain documents drive the probe of pending items "
					+ "(an index seek per document, not a read of every pending item)", "outbox_documents"),
			reads("wizard.match.DuplicateMatcher", "matching compares both sides' names in one query",
					"quickbooks_changes", "singleops_records"),
			reads("quickbooks.LinkChecks", "INSERT ... SELECT of every linked record: one statement, not a row each",
					"singleops_records"),
			// retention asks each owner to purge its own rows; an owner's purge re-checks in the statement that
			// writes that no other package's row still points at the rows it removes
			reads("outbox.Outbox", "bodies stay while an item, a link check or an import cursor waits on the "
					+ "document: re-checked by the UPDATE that drops them", "wizard_items", "quickbooks_link_checks",
					"quickbooks_import_cursors"),
			reads("webconnector.SessionRetention", "a session an outbox document names stays: re-checked by the DELETE",
					"outbox_documents"));

	@SafeVarargs
	private static List<Allowed> allowed(List<Allowed>... groups) {
		return Stream.of(groups).flatMap(List::stream).toList();
	}

	private static List<Allowed> reads(String source, String reason, String... tables) {
		return Stream.of(tables).map((table) -> new Allowed(source, table, Access.READ, reason)).toList();
	}

	private static List<Allowed> writes(String source, String reason, String... tables) {
		return Stream.of(tables).map((table) -> new Allowed(source, table, Access.WRITE, reason)).toList();
	}

	/** One place a source file names a table. */
	record Use(String source, String table, Access access) {

		String module() {
			return this.source.substring(0, this.source.indexOf('.'));
		}

	}

	@Test
	void everyTableTheMigrationsCreateHasOneOwner() {
		Set<String> created = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		List<Path> migrations = files(MIGRATIONS, ".sql").stream()
			.sorted(java.util.Comparator.comparingInt((file) -> Integer
				.parseInt(file.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
			.toList();
		for (String sql : migrations.stream().map(TableOwnershipTests::read).toList()) {
			matches(Pattern.compile("(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)"), sql)
				.forEach(created::add);
			matches(Pattern.compile("(?i)\\bDROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?`?(\\w+)"), sql)
				.forEach(created::remove);
		}
		assertThat(OWNERS.keySet()).as("the tables the migrations leave").containsExactlyInAnyOrderElementsOf(created);
		Set<String> modules = files(MAIN, ".java").stream()
			.map((file) -> MAIN.relativize(file).getName(0).toString())
			.collect(Collectors.toCollection(java.util.HashSet::new));
		modules.add(MODULITH);
		assertThat(OWNERS.values()).as("the owners").allSatisfy((owner) -> assertThat(owner).isIn(modules));
	}

	@Test
	void noPackageNamesATableItDoesNotOwn() {
		List<String> foreign = uses().stream()
			.filter((use) -> !use.module().equals(OWNERS.get(use.table())))
			.filter((use) -> ALLOWED.stream().noneMatch((allowed) -> covers(allowed, use)))
			.map((use) -> use.source() + " " + (use.access() == Access.READ ? "reads " : "writes ") + use.table()
					+ " (owned by " + OWNERS.get(use.table()) + ")")
			.toList();
		assertThat(foreign).as("SQL naming another package's table; ask the owner's API, or say why in ALLOWED")
			.isEmpty();
	}

	@Test
	void everyAllowanceIsStillNeeded() {
		List<Use> uses = uses();
		assertThat(ALLOWED).as("allowances nothing uses any more")
			.allSatisfy((allowed) -> assertThat(uses).anySatisfy((use) -> assertThat(covers(allowed, use)).isTrue()));
		assertThat(ALLOWED).allSatisfy((allowed) -> {
			assertThat(OWNERS).containsKey(allowed.table());
			assertThat(allowed.reason()).isNotBlank();
		});
	}

	/** The reading of SQL itself, on the shapes the sources use. */
	@Test
	void findsTheTablesASourceNames() {
		String source = """
				class Example {
					// SELECT * FROM companies (a comment is no SQL)
					static final String READ = \"""
							SELECT w.id FROM wizard_items w JOIN singleops_records r ON r.id = w.record_id
							WHERE NOT EXISTS (SELECT 1 FROM outbox_documents d, quickbooks_feed f WHERE d.id = w.document_id)
							\""";
					void write() {
						jdbc.sql("UPDATE webconnector_sessions SET state = 'ENDED' WHERE id = ?").update();
						jdbc.sql("DELETE FROM " + "notifications_sent" + " WHERE company_id = ?").update();
						jdbc.sql("INSERT INTO wizard_decisions (item_id) SELECT id FROM wizard_items").update();
						model.addAttribute("companies", companies.list('x'));
					}
				}
				""";
		assertThat(uses("example.Example", source)).containsExactlyInAnyOrder(
				new Use("example.Example", "wizard_items", Access.READ),
				new Use("example.Example", "singleops_records", Access.READ),
				new Use("example.Example", "outbox_documents", Access.READ),
				new Use("example.Example", "quickbooks_feed", Access.READ),
				new Use("example.Example", "webconnector_sessions", Access.WRITE),
				new Use("example.Example", "notifications_sent", Access.WRITE),
				new Use("example.Example", "wizard_decisions", Access.WRITE));
	}

	private static boolean covers(Allowed allowed, Use use) {
		return allowed.source().equals(use.source()) && allowed.table().equals(use.table())
				&& allowed.access() == use.access();
	}

	/** Every table named by every main source file. */
	private static List<Use> uses() {
		return files(MAIN, ".java").stream().flatMap((file) -> {
			String relative = MAIN.relativize(file).toString();
			String source = relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
			return uses(source, read(file)).stream();
		}).toList();
	}

	private static final Pattern WRITTEN = Pattern.compile("(?i)\\b(?:INSERT\\s+(?:IGNORE\\s+)?INTO|REPLACE\\s+INTO"
			+ "|UPDATE|DELETE\\s+FROM|DELETE\\s+\\w+(?:\\s*,\\s*\\w+)*\\s+FROM|TRUNCATE(?:\\s+TABLE)?)\\s+`?(\\w+)");

	private static final Pattern READ = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+`?(\\w+)");

	/** After a table in a FROM list: an alias, perhaps, then a comma and the next table. */
	private static final Pattern NEXT_IN_LIST = Pattern.compile("(?i)\\G(?:\\s+(?:AS\\s+)?\\w+)?\\s*,\\s*`?(\\w+)");

	private static List<Use> uses(String source, String java) {
		Set<Use> found = new java.util.LinkedHashSet<>();
		for (String literal : literals(java)) {
			Matcher written = WRITTEN.matcher(literal);
			while (written.find()) {
				table(written.group(1)).ifPresent((table) -> found.add(new Use(source, table, Access.WRITE)));
			}
			Matcher read = READ.matcher(literal);
			while (read.find()) {
				table(read.group(1)).ifPresent((table) -> found.add(new Use(source, table, Access.READ)));
				Matcher next = NEXT_IN_LIST.matcher(literal);
				int at = read.end();
				while (next.find(at) && table(next.group(1)).isPresent()) {
					found.add(new Use(source, table(next.group(1)).get(), Access.READ));
					at = next.end();
				}
			}
			// a name alone, put into SQL elsewhere; "companies" alone is too common a word to count
			table(literal.strip()).filter((table) -> table.contains("_"))
				.ifPresent((table) -> found.add(new Use(source, table, Access.WRITE)));
		}
		return new ArrayList<>(found);
	}

	private static java.util.Optional<String> table(String name) {
		return OWNERS.keySet().stream().filter((table) -> table.equalsIgnoreCase(name)).findFirst();
	}

	/** The contents of a Java source's string literals and text blocks, comments and char literals skipped. */
	static List<String> literals(String java) {
		List<String> literals = new ArrayList<>();
		int i = 0;
		while (i < java.length()) {
			if (java.startsWith("//", i)) {
				int end = java.indexOf('\n', i);
				i = (end < 0) ? java.length() : end;
			}
			else if (java.startsWith("/*", i)) {
				i = java.indexOf("*/", i + 2) + 2;
			}
			else if (java.startsWith("\"\"\"", i)) {
				int end = java.indexOf("\"\"\"", i + 3);
				while (java.charAt(end - 1) == '\\') {
					end = java.indexOf("\"\"\"", end + 1);
				}
				literals.add(java.substring(i + 3, end));
				i = end + 3;
			}
			else if (java.charAt(i) == '"' || java.charAt(i) == '\'') {
				char quote = java.charAt(i);
				int end = i + 1;
				while (java.charAt(end) != quote) {
					end += (java.charAt(end) == '\\') ? 2 : 1;
				}
				if (quote == '"') {
					literals.add(java.substring(i + 1, end));
				}
				i = end + 1;
			}
			else {
				i++;
			}
		}
		return literals;
	}

	@SafeVarargs
	private static Map<String, String> owners(Map.Entry<String, List<String>>... tablesByOwner) {
		Map<String, String> owners = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (Map.Entry<String, List<String>> entry : tablesByOwner) {
			entry.getValue().forEach((table) -> owners.put(table, entry.getKey()));
		}
		return owners;
	}

	private static Map.Entry<String, List<String>> owns(String owner, String... tables) {
		return Map.entry(owner, List.of(tables));
	}

	private static List<String> matches(Pattern pattern, String text) {
		List<String> found = new ArrayList<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	private static List<Path> files(Path root, String suffix) {
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((file) -> file.toString().endsWith(suffix)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
