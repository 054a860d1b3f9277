package io.qbsync.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The soak: several companies, each with its own fake QuickBooks, where the host app, the bookkeeper, the admin and
 * the Web Connector act in an order drawn from a seed, with faults drawn into the sessions; then everything settles
 * and {@link SoakOracle} judges the end state. CI runs the fixed seeds below; {@code -Dsoak.seed=} replays one seed
 * (with {@code -Dsoak.keep=} the steps a shrunk failure kept), {@code -Dsoak.long=1000} runs that many sessions on
 * fresh seeds. A failure prints the seed, the broken invariants, the shortest step list found and the replay command.
 * <p>
 * What it has found, each fixed with a named regression test beside the code it concerns: a record on both sides
 * linked and also offered to the host app as new; children of a failed or cleared parent waiting forever; a deleted
 * record's object offered back as new; a record's later changes waiting unseen behind an Add of unknown fate (seed
 * 583638896); an object offered as new and then linked to a record the host app made itself (583638895); and a
 * change approved after its object was deleted in QuickBooks failing every Approve Checked after it (583638898).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoakTests {

	private static final String DATABASE = "qbsync_soak";

	private static final int COMPANIES = 3;

	/** Sessions per fixed seed; four seeds make about 200 sessions (settling adds a few per company). */
	private static final int SESSIONS = 40;

	private SoakServer server;

	@BeforeAll
	void start() {
		this.server = new SoakServer(DATABASE);
	}

	@AfterAll
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 7, 32, 45, 99 })
	void fixedSeedsEndWithEveryInvariantHolding(long seed) {
		assumeTrue(System.getProperty("soak.seed") == null && System.getProperty("soak.long") == null,
				"a replay or a long run was asked for");
		soak(new SoakRun.Plan(seed, COMPANIES, SESSIONS, true, true), null, shrinkBudget());
	}

	/**
	 * Seeds a long run broke, kept at the length they broke at once the cause was fixed (the plan is drawn step by
	 * step, so a shorter run of a seed is the start of the longer one): 583638896 (a record's later changes, and what
	 * needed the record, waited unseen behind an Add of unknown fate), 583638895 (an object offered as new, then
	 * linked to a record the host app made itself), 583638898 at 66 sessions (its 64th ends with an Approve Checked
	 * that failed with a server error), and the two that left a second object in QuickBooks: 583638928 (a lost Add the
	 * bookkeeper renamed before the lookup) and 583638942 (a deletion approved after the record was added again);
	 * and 583638960, the first seed whose item rates the soak's QuickBooks read back unchanged (its ItemServiceMod kept
	 * SalesOrPurchaseMod beside SalesOrPurchase); and 583638975, a link planned while the record's own Add was on its way,
	 * sent after that Add had made the record's object, which it left linked from nothing; 583639024, a deletion
	 * masked by a conflict built from the deleted record; and 583639040, a rename made while the record's Add waited,
	 * offered as a link to the bookkeeper's object of that name and then lost when the link was withdrawn.
	 * Those up to 583639040 were found before the admin worked Unsynced Entities in a run, and replay as they broke,
	 * without it; with it, 583639043 put a vendor the host app had deleted back in QuickBooks through Clear ID, and
	 * 583639051 lost a rename QuickBooks had refused once the record was relinked by hand, and 583639084 the change
	 * the host app made before such a relink, to the scan that read it after (all three in {@code WorkflowTests});
	 * 583639101 broke on the soak's own admin, who confirmed Clear ID on a deleted record whose object QuickBooks still
	 * had (it Resyncs now, as the answer advises).
	 * They run in CI with the fixed seeds above (about 800 sessions more); each defect they found also has its own
	 * named test, in {@code ExactlyOnceMatchingTests}, for 583638975 {@code ReleasePlannerTests}, and for 583639024
	 * {@code DeliveryFaultTests}.
	 */
	@ParameterizedTest(name = "long-run seed {0}, {1} sessions, admin {2}")
	@CsvSource({ "583638896, 100, false", "583638895, 100, false", "583638898, 66, false", "583638928, 100, false",
			"583638942, 100, false", "583638960, 100, false", "583638975, 100, false", "583639024, 100, false",
			"583639040, 100, false", "583639043, 100, true", "583639051, 100, true", "583639084, 100, true",
			"583639101, 100, true" })
	void longRunSeedsThatBrokeOnceStayFixed(long seed, int sessions, boolean admin) {
		assumeTrue(System.getProperty("soak.seed") == null && System.getProperty("soak.long") == null,
				"a replay or a long run was asked for");
		soak(new SoakRun.Plan(seed, COMPANIES, sessions, true, admin), null, shrinkBudget());
	}

	@Test
	@EnabledIfSystemProperty(named = "soak.seed", matches = "-?\\d+")
	void replay() {
		SoakRun.Plan plan = new SoakRun.Plan(Long.getLong("soak.seed"), Integer.getInteger("soak.companies", COMPANIES),
				Integer.getInteger("soak.sessions", SESSIONS),
				!"false".equals(System.getProperty("soak.expensive")), !"false".equals(System.getProperty("soak.admin")));
		String keep = System.getProperty("soak.keep");
		soak(plan, (keep != null && !keep.isBlank()) ? SoakRun.parseRanges(keep) : null, shrinkBudget());
	}

	@Test
	@EnabledIfSystemProperty(named = "soak.long", matches = "\\d+")
	void longRun() throws IOException {
		int target = Integer.getInteger("soak.long");
		int perSeed = Integer.getInteger("soak.sessions", 100);
		long first = Long.getLong("soak.firstSeed", System.currentTimeMillis() % 1_000_000_000L);
		List<String> failures = new ArrayList<>();
		int sessions = 0;
		int seeds = 0;
		int restarts = 0;
		long started = System.nanoTime();
		for (long seed = first; sessions < target; seed++) {
			SoakRun.Plan plan = new SoakRun.Plan(seed, COMPANIES, perSeed, true, true);
			SoakRun.Result result = SoakRun.play(this.server, plan, null);
			sessions += result.sessions();
			restarts += result.restarts();
			seeds++;
			System.out.printf("soak seed %d: %d sessions, %s, %s%n", seed, result.sessions(), result.took(),
					result.failed() ? "FAILED " + result.invariants() : "ok");
			if (result.failed()) {
				failures.add("seed " + seed + " " + result.invariants() + " -- " + result.violations().get(0)
						+ "\n    replay: " + plan.replayCommand(null));
			}
		}
		String summary = String.format("Soak long run: %d sessions, %d seeds from %d, %d companies each, %d restarts, "
				+ "%s; %d seeds failed", sessions, seeds, first, COMPANIES, restarts,
				Duration.ofNanos(System.nanoTime() - started).withNanos(0), failures.size());
		String report = summary + "\nFaults played: " + SessionDriver.PLAYED + ", database connections killed: "
				+ SessionDriver.KILLED + "\nWhat the admin's Resync and Clear ID got: " + SoakWorld.ADMIN + "\n"
				+ String.join("\n", failures) + "\n";
		Files.writeString(Path.of("target", "soak-long-run.txt"), report);
		System.out.println(report);
		if (!failures.isEmpty()) {
			fail(report);
		}
	}

	private static Duration shrinkBudget() {
		return Duration.ofSeconds(Integer.getInteger("soak.shrinkSeconds", 90));
	}

	private void soak(SoakRun.Plan plan, List<Integer> kept, Duration shrinkBudget) {
		SoakRun.Result result = SoakRun.play(this.server, plan, kept);
		System.out.printf("soak seed %d: %d sessions, %d restarts, %s, %s; ms per kind of step so far: %s%n",
				plan.seed(), result.sessions(), result.restarts(), result.took(),
				result.failed() ? "FAILED " + result.invariants() : "ok", SoakRun.TIMES);
		System.out.println("  " + result.summary());
		System.out.println("  faults played so far: " + SessionDriver.PLAYED + ", connections killed: "
				+ SessionDriver.KILLED + ", the admin's Resync and Clear ID so far: " + SoakWorld.ADMIN);
		if (!result.failed()) {
			return;
		}
		if (shrinkBudget.isZero()) {
			fail(failureMessage(plan, result, null, null, null));
		}
		SoakOracle.Violation target = SoakOracle.mostSevere(result.violations().stream()
			.filter((v) -> v.detail().contains(System.getProperty("soak.match", "")))
			.toList(), System.getProperty("soak.invariant"));
		String invariant = target.invariant();
		List<Integer> all = (kept != null) ? kept : SoakRun.range(plan.steps().size());
		long deadline = System.nanoTime() + shrinkBudget.toNanos();
		String match = System.getProperty("soak.match", "");
		java.util.function.Predicate<List<Integer>> stillFails = (candidate) -> SoakRun
			.play(this.server, plan, candidate)
			.violations()
			.stream()
			.anyMatch((v) -> v.invariant().equals(invariant) && v.detail().contains(match));
		// companies are independent: first try the failing company's steps alone
		List<Integer> start = all;
		if (target.company() >= 0 && !invariant.equals("NO_CROSSING_COMPANIES")) {
			List<Step> generated = plan.steps();
			List<Integer> own = all.stream().filter((i) -> generated.get(i).company() == target.company()).toList();
			if (own.size() < all.size() && stillFails.test(own)) {
				start = own;
			}
		}
		Shrinker.Shrunk shrunk = Shrinker.shrink(start, stillFails,
				Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		SoakRun.Result again = SoakRun.play(this.server, plan, shrunk.kept());
		String message = failureMessage(plan, result, invariant, shrunk, again);
		System.out.println(message);
		fail(message);
	}

	private static String failureMessage(SoakRun.Plan plan, SoakRun.Result result, String invariant,
			Shrinker.Shrunk shrunk, SoakRun.Result again) {
		StringBuilder message = new StringBuilder();
		message.append("Soak seed ").append(plan.seed()).append(" broke ").append(result.invariants())
			.append(" after ").append(result.sessions()).append(" sessions.\n");
		result.violations().stream().limit(15).forEach((v) -> message.append("  ").append(v).append('\n'));
		if (shrunk != null) {
			List<Step> steps = plan.steps();
			message.append("Shortest step list found (").append(shrunk.kept().size()).append(" steps, still breaking ")
				.append(invariant).append(", ").append(shrunk.tries()).append(" replays")
				.append(shrunk.budgetRanOut() ? ", shrinking stopped by its time budget" : "").append("):\n");
			for (int i : shrunk.kept()) {
				message.append("  ").append(i).append(": ").append(steps.get(i)).append('\n');
			}
			message.append("which breaks:\n");
			again.violations().stream().limit(10).forEach((v) -> message.append("  ").append(v).append('\n'));
			message.append("Replay: ").append(plan.replayCommand(shrunk.kept())).append('\n');
		}
		message.append("Replay the whole seed: ").append(plan.replayCommand(null)).append('\n');
		return message.toString();
	}

}
