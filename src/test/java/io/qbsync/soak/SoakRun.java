package io.qbsync.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One soak run: the steps a seed draws (or the ones kept of them), played against fresh companies on the soak server,
 * then settled and judged by the {@link SoakOracle}.
 */
final class SoakRun {

	/** What a seed, company count and session count stand for. */
	record Plan(long seed, int companies, int sessions, boolean expensiveFaults, boolean admin) {

		List<Step> steps() {
			return StepGenerator.generate(this.seed,
					new StepGenerator.Settings(this.companies, this.sessions, this.expensiveFaults, this.admin));
		}

		String replayCommand(List<Integer> kept) {
			return "./mvnw test -Dtest=SoakTests -Dsoak.seed=" + this.seed + " -Dsoak.companies=" + this.companies
					+ " -Dsoak.sessions=" + this.sessions + (this.expensiveFaults ? "" : " -Dsoak.expensive=false")
					+ (this.admin ? "" : " -Dsoak.admin=false")
					+ ((kept != null) ? " -Dsoak.keep=" + ranges(kept) : "");
		}

	}

	/** How a run went: the broken invariants (empty when it passed), sessions played, how long it took. */
	record Result(List<SoakOracle.Violation> violations, int sessions, int restarts, Duration took, String summary) {

		boolean failed() {
			return !this.violations.isEmpty();
		}

		TreeSet<String> invariants() {
			TreeSet<String> names = new TreeSet<>();
			this.violations.forEach((v) -> names.add(v.invariant()));
			return names;
		}

	}

	/** Milliseconds spent per kind of step, over the JVM's runs (printed with each seed's result). */
	static final java.util.Map<String, Long> TIMES = new java.util.concurrent.ConcurrentSkipListMap<>();

	private SoakRun() {
	}

	/** Plays the steps with these indices (all when {@code kept} is null). */
	static Result play(SoakServer server, Plan plan, List<Integer> kept) {
		long started = System.nanoTime();
		List<Step> all = plan.steps();
		int restartsBefore = server.restarts();
		SoakWorld world = new SoakWorld(server, plan.seed(), plan.companies());
		List<SoakOracle.Violation> violations = new ArrayList<>();
		StringBuilder summary = new StringBuilder();
		List<Integer> indices = (kept != null) ? kept : range(all.size());
		for (int i : indices) {
			if (i >= all.size()) {
				continue;
			}
			try {
				long t = System.nanoTime();
				world.run(all.get(i));
				TIMES.merge(all.get(i).getClass().getSimpleName(), (System.nanoTime() - t) / 1_000_000, Long::sum);
			}
			catch (RuntimeException ex) {
				violations.add(new SoakOracle.Violation("STEP_RAN", all.get(i).company(),
						"step " + i + " " + all.get(i) + " threw " + ex));
				break;
			}
		}
		if (violations.isEmpty()) {
			try {
				long t = System.nanoTime();
				world.settle();
				TIMES.merge("settle", (System.nanoTime() - t) / 1_000_000, Long::sum);
				List<SoakOracle.Company> snapshot = world.snapshot();
				violations.addAll(SoakOracle.check(snapshot));
				for (SoakOracle.Company c : snapshot) {
					summary.append(String.format(" [company %d: %d QuickBooks objects, %d by the bookkeeper, %d records, "
							+ "%d linked, %d feed entries, %d failed, %d cleared]", c.index(), c.objects().size(),
							c.madeByBookkeeper().size(), c.records().size(),
							c.records().stream().filter((r) -> r.qbId() != null).count(), c.feed().size(),
							c.failed().size(), c.cleared().size()));
				}
			}
			catch (RuntimeException ex) {
				violations.add(new SoakOracle.Violation("SETTLED", -1, "settling or reading the result threw " + ex));
			}
		}
		if (Boolean.getBoolean("soak.verbose") && !violations.isEmpty()) {
			dumpItems(server, violations);
		}
		return new Result(violations, world.sessions(), server.restarts() - restartsBefore,
				Duration.ofNanos(System.nanoTime() - started), summary.toString());
	}

	/** With soak.verbose: the wizard items of every record a violation names, as the database holds them. */
	private static void dumpItems(SoakServer server, List<SoakOracle.Violation> violations) {
		java.util.regex.Pattern key = java.util.regex.Pattern.compile("(customers|vendors|items|invoices|payments)/([A-Z]+-\\d+)");
		for (SoakOracle.Violation v : violations) {
			dumpObjects(server, v);
			java.util.regex.Matcher m = key.matcher(v.detail());
			if (!m.find()) {
				continue;
			}
			System.out.println("soak> items of " + m.group() + " (" + v.invariant() + "):");
			try (java.sql.Connection db = server.database().open();
					java.sql.PreparedStatement s = db.prepareStatement("""
							SELECT w.* FROM wizard_items w JOIN singleops_records r ON r.id = w.record_id
							WHERE r.record_type = UPPER(?) AND r.external_id = ? ORDER BY w.id""")) {
				s.setString(1, m.group(1));
				s.setString(2, m.group(2));
				print(s);
			}
			catch (java.sql.SQLException ex) {
				System.out.println("soak>   could not read: " + ex);
			}
		}
	}

	/** With soak.verbose: the wizard items that name a QuickBooks object a violation names (by ListID or TxnID). */
	private static void dumpObjects(SoakServer server, SoakOracle.Violation v) {
		java.util.regex.Matcher ids = java.util.regex.Pattern.compile("[0-9A-F]{8}-\\d{10}").matcher(v.detail());
		while (ids.find()) {
			System.out.println("soak> items naming " + ids.group() + " (" + v.invariant() + "):");
			try (java.sql.Connection db = server.database().open();
					java.sql.PreparedStatement s = db.prepareStatement("""
							SELECT id, company_id, direction, action, state, record_type, external_id, qb_id, result_qb_id,
								identity, sent_as, sent_key, result_code, result_message, document_id, lookup
							FROM wizard_items WHERE qb_id = ? OR result_qb_id = ? ORDER BY id""")) {
				s.setString(1, ids.group());
				s.setString(2, ids.group());
				print(s);
			}
			catch (java.sql.SQLException ex) {
				System.out.println("soak>   could not read: " + ex);
			}
		}
	}

	private static void print(java.sql.PreparedStatement query) throws java.sql.SQLException {
		try (java.sql.ResultSet rs = query.executeQuery()) {
			while (rs.next()) {
				StringBuilder row = new StringBuilder("soak>   ");
				for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
					if (rs.getObject(c) != null) {
						row.append(rs.getMetaData().getColumnLabel(c)).append('=').append(rs.getObject(c)).append(' ');
					}
				}
				System.out.println(row);
			}
		}
	}

	static List<Integer> range(int n) {
		List<Integer> all = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			all.add(i);
		}
		return all;
	}

	/** {@code 0-3,7,9-12} */
	static String ranges(List<Integer> indices) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < indices.size(); i++) {
			int start = indices.get(i);
			int end = start;
			while (i + 1 < indices.size() && indices.get(i + 1) == end + 1) {
				end = indices.get(++i);
			}
			sb.append(sb.isEmpty() ? "" : ",").append(start).append(end > start ? "-" + end : "");
		}
		return sb.toString();
	}

	static List<Integer> parseRanges(String text) {
		List<Integer> out = new ArrayList<>();
		for (String part : text.split(",")) {
			if (part.isBlank()) {
				continue;
			}
			String[] ends = part.trim().split("-");
			int from = Integer.parseInt(ends[0]);
			int to = (ends.length > 1) ? Integer.parseInt(ends[1]) : from;
			for (int i = from; i <= to; i++) {
				out.add(i);
			}
		}
		return out;
	}

}
