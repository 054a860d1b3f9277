package io.qbsync.qbxml.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.qbsync.qbxml.status.GuideEntry.Kind;
import io.qbsync.qbxml.status.GuideEntry.Severity;

/**
 * The status-code guide shipped in the jar ({@code status-guide.txt} beside this class, format described at its top):
 * looks up qbXML status codes and Web Connector hresults, and answers a safe default for codes it does not list.
 *
 * <p>
 * The default for an unlisted code is never {@link HandlingClass#SUCCESS}. A qbXML code below 1000 (QuickBooks'
 * information and warning range, where it did the work) becomes {@link HandlingClass#WARNING}: the result is kept but
 * shown to a person. Anything else (a code of 1000 or more, any hresult, text that is not a code) becomes
 * {@link HandlingClass#NEEDS_PERSON}: nothing is retried or assumed saved until someone has read QuickBooks' message.
 */
public final class StatusGuide {

	private static final String RESOURCE = "status-guide.txt";

	private static final Pattern STATUS = Pattern.compile("\\d{1,7}");

	static final Pattern RANGE = Pattern.compile("(\\d{1,7})\\s*-\\s*(\\d{1,7})");

	// The Web Connector writes "0x80040400"; COM tools also print the bare eight hex digits.
	private static final Pattern HRESULT = Pattern.compile("0[xX]([0-9a-fA-F]{1,8})|([0-9a-fA-F]{8})");

	private final List<GuideEntry> entries;

	private final Map<String, GuideEntry> byCode;

	private final List<CodeRange> ranges;

	private StatusGuide(List<GuideEntry> entries, List<CodeRange> ranges) {
		this.entries = List.copyOf(entries);
		this.ranges = List.copyOf(ranges);
		Map<String, GuideEntry> byCode = new LinkedHashMap<>();
		entries.forEach((e) -> byCode.put(e.code(), e));
		this.byCode = Map.copyOf(byCode);
	}

	/** The guide shipped with qbsync, read once. */
	public static StatusGuide standard() {
		return Standard.GUIDE;
	}

	/**
	 * Reads a guide in the format of {@code status-guide.txt}.
	 * @param source named in error messages
	 * @throws IllegalArgumentException naming the line of the first problem
	 */
	public static StatusGuide parse(String text, String source) {
		List<GuideEntry> entries = new ArrayList<>();
		List<CodeRange> ranges = new ArrayList<>();
		Map<String, Integer> seen = new LinkedHashMap<>();
		for (GuideBlock block : GuideBlock.read(text, source)) {
			GuideEntry entry = block.toEntry();
			Integer earlier = seen.put(entry.code(), block.line);
			if (earlier != null) {
				throw block.problem("code " + entry.code() + " is already described on line " + earlier);
			}
			Matcher range = RANGE.matcher(entry.code());
			if (range.matches()) {
				CodeRange r = new CodeRange(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)), entry);
				if (r.low() > r.high()) {
					throw block.problem("range " + entry.code() + " runs backwards");
				}
				ranges.add(r);
			}
			entries.add(entry);
		}
		for (GuideEntry entry : entries) {
			Code code = Code.parse(entry.code()).orElse(null);
			if (code != null && code.kind() == Kind.QBXML_STATUS) {
				ranges.stream().filter((r) -> r.covers(code.status())).findFirst().ifPresent((r) -> {
					throw new IllegalArgumentException(
							source + ": code " + entry.code() + " is also inside the range " + r.entry().code());
				});
			}
		}
		return new StatusGuide(entries, ranges);
	}

	/** Every entry, in the guide's order. */
	public List<GuideEntry> entries() {
		return this.entries;
	}

	/**
	 * The entry for a code: a qbXML status code ("3200", also any code inside a range such as 2000-2040, or the range
	 * itself) or an hresult in any case, with or without 0x ("0x8004041b", "8004041B").
	 */
	public Optional<GuideEntry> find(String code) {
		if (code == null) {
			return Optional.empty();
		}
		Matcher range = RANGE.matcher(code.strip());
		if (range.matches()) {
			return Optional.ofNullable(this.byCode
				.get(Integer.parseInt(range.group(1)) + "-" + Integer.parseInt(range.group(2))));
		}
		return Code.parse(code).flatMap((c) -> (c.kind() == Kind.QBXML_STATUS) ? find(c.status())
				: Optional.ofNullable(this.byCode.get(c.text())));
	}

	/** The entry for a qbXML status code, including codes inside a range. */
	public Optional<GuideEntry> find(int statusCode) {
		GuideEntry entry = this.byCode.get(Integer.toString(statusCode));
		if (entry != null) {
			return Optional.of(entry);
		}
		return this.ranges.stream().filter((r) -> r.covers(statusCode)).map(CodeRange::entry).findFirst();
	}

	/**
	 * The entry for a code QuickBooks answered with, carrying QuickBooks' message; for a code the guide does not list,
	 * the safe default described on this class.
	 */
	public GuideEntry entryFor(String code, String rawMessage) {
		return find(code).or(() -> Optional.ofNullable(OWN.get(canonical(code))))
			.map((e) -> e.withRawMessage(rawMessage))
			.orElseGet(() -> unknown(code, rawMessage));
	}

	/**
	 * The codes qbsync fails an item with itself; the item's message names the record involved, so the steps can
	 * point at it.
	 */
	private static final java.util.Map<String, GuideEntry> OWN = java.util.Map.of(
			"PARENT", own("PARENT", "Waits for a record that did not reach QuickBooks",
					"This change needs another record (its customer, item or invoice), and that one did not reach "
							+ "QuickBooks; the message names it.",
					List.of("Fix the record the message names: it has its own row in Unsynced Entities.",
							"Once that one reaches QuickBooks, this one follows by itself.")),
			"EARLIER", own("EARLIER", "Waits for an earlier change of the same record",
					"An earlier change of this record went to QuickBooks and its answer was lost, so this later one "
							+ "waits rather than risk a second copy.",
					List.of("Settle the earlier change the message names in Unsynced Entities (Resync or Clear ID).",
							"Once it is settled, this one follows by itself.")),
			"LOST", own("LOST", "QuickBooks' answer was lost",
					"qbsync sent this to QuickBooks and the answer never came back, so it cannot tell whether "
							+ "QuickBooks saved it; it is not sent again on its own, so nothing is added twice.",
					List.of("Look in QuickBooks for what the message names.",
							"If QuickBooks has it, click Clear ID and link the record to it; if not, click Resync.")),
			"LOOKUP", own("LOOKUP", "QuickBooks could not be asked whether it has this",
					"An answer was lost and qbsync's question to QuickBooks about it failed too, so it cannot tell "
							+ "whether QuickBooks saved it; it is not sent again on its own.",
					List.of("Look in QuickBooks for what the message names.",
							"If QuickBooks has it, click Clear ID and link the record to it; if not, click Resync.")),
			"LINKED", own("LINKED", "Already linked to another record",
					"The QuickBooks record this one was to be linked to is linked to another record of the "
							+ "field-service app, so this one was not linked: one QuickBooks record never has two.",
					List.of("Delete the record you do not need in the field-service app.",
							"If both are needed, rename this one in the app and click Resync to add it to QuickBooks.")));

	private static GuideEntry own(String code, String title, String meaning, List<String> steps) {
		return new GuideEntry(code, Kind.QBSYNC, Severity.ERROR, title, meaning, steps, HandlingClass.NEEDS_PERSON,
				List.of(), "Set by qbsync, not by QuickBooks.", null);
	}

	/**
	 * How the sync engine handles an answer.
	 * @param code the statusCode or hresult
	 * @param operation the request it answers (CustomerAdd, InvoiceModRq, or just Add / Mod); may be null
	 * @param statusMessage QuickBooks' statusMessage (3170 and 3180 are decided by it); may be null
	 */
	public HandlingClass classify(String code, String operation, String statusMessage) {
		return entryFor(code, statusMessage).handlingFor(operation, statusMessage);
	}

	/**
	 * One paragraph for a bookkeeper: the meaning, the steps, then QuickBooks' own code and message for support, e.g.
	 * "... (QuickBooks error 0x8004041B Could not lock the required information.)".
	 */
	public String explain(String code, String rawMessage) {
		GuideEntry entry = entryFor(code, rawMessage);
		String detail = (rawMessage != null && !rawMessage.isBlank()) ? " " + rawMessage.strip() : "";
		String label = switch (entry.kind()) {
			case HRESULT -> "QuickBooks error ";
			case QBSYNC -> "qbsync check ";
			case QBXML_STATUS -> "QuickBooks status ";
		};
		return entry.inPlainWords() + " (" + label + canonical(code) + detail + ")";
	}

	/**
	 * Entries whose code, title, texts or class contain {@code text} (any case), of the given kind.
	 * @param text null or blank for all
	 * @param kind null for both kinds
	 */
	public List<GuideEntry> search(String text, Kind kind) {
		String needle = (text != null) ? text.strip().toLowerCase(Locale.ROOT) : "";
		return this.entries.stream()
			.filter((e) -> kind == null || e.kind() == kind)
			.filter((e) -> needle.isEmpty() || searchableText(e).contains(needle))
			.toList();
	}

	/** A code as the guide writes it: "3200", "0x8004041B"; text that is no code comes back stripped, upper case. */
	public static String canonical(String code) {
		return Code.parse(code).map(Code::text)
			.orElseGet(() -> (code != null) ? code.strip().toUpperCase(Locale.ROOT) : "");
	}

	static GuideEntry unknown(String code, String rawMessage) {
		Optional<Code> parsed = Code.parse(code);
		String text = canonical(code);
		if (parsed.isPresent() && parsed.get().kind() == Kind.QBXML_STATUS && parsed.get().status() < 1000) {
			Severity severity = (parsed.get().status() < 500) ? Severity.INFO : Severity.WARN;
			return new GuideEntry(text, Kind.QBXML_STATUS, severity,
					"A note qbsync's guide does not list",
					"QuickBooks answered with a note that qbsync's guide does not list. QuickBooks most likely did "
							+ "what was asked, but qbsync cannot tell what the note is about, so someone should look.",
					List.of("Read QuickBooks' message below and check the record in QuickBooks.",
							"If the message is unclear, contact qbsync support with the code and the message."),
					HandlingClass.WARNING, List.of(),
					"Not in the status-code guide. An unlisted code below 1000 is a WARNING: kept, never silently "
							+ "treated as success. Add it to status-guide.txt once its meaning is known.",
					rawMessage);
		}
		Kind kind = parsed.map(Code::kind).orElse(Kind.HRESULT);
		List<String> steps = (kind == Kind.HRESULT)
				? List.of("Run the Web Connector again.",
						"If the same error comes back, contact qbsync support with the code and QuickBooks' message.")
				: List.of("Read QuickBooks' message below; it often names the record or field involved.",
						"Contact qbsync support with the code and the message before changing anything.");
		return new GuideEntry(text, kind, Severity.ERROR, "An error qbsync's guide does not list",
				"QuickBooks reported an error qbsync does not know.", steps, HandlingClass.NEEDS_PERSON, List.of(),
				"Not in the status-code guide. An unlisted error is NEEDS_PERSON: never retried or assumed saved. Add "
						+ "it to status-guide.txt once its meaning is known.",
				rawMessage);
	}

	private static String searchableText(GuideEntry e) {
		return Stream.concat(Stream.of(e.code(), e.title(), e.meaning(), e.support(), e.handling().name()),
				e.steps().stream()).map((s) -> s.toLowerCase(Locale.ROOT)).reduce("", (a, b) -> a + "\n" + b);
	}

	/** Loads the shipped guide on first use. */
	private static final class Standard {

		static final StatusGuide GUIDE = load();

		private static StatusGuide load() {
			try (InputStream in = StatusGuide.class.getResourceAsStream(RESOURCE)) {
				if (in == null) {
					throw new IllegalStateException(RESOURCE + " is missing beside " + StatusGuide.class.getName());
				}
				return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read " + RESOURCE, ex);
			}
		}

	}

	/** A code in canonical form; {@code status} is set for qbXML status codes. */
	record Code(Kind kind, String text, int status) {

		static Optional<Code> parse(String raw) {
			String code = (raw != null) ? raw.strip() : "";
			if (STATUS.matcher(code).matches()) {
				int status = Integer.parseInt(code);
				return Optional.of(new Code(Kind.QBXML_STATUS, Integer.toString(status), status));
			}
			Matcher hresult = HRESULT.matcher(code);
			if (hresult.matches()) {
				String digits = (hresult.group(1) != null) ? hresult.group(1) : hresult.group(2);
				return Optional.of(new Code(Kind.HRESULT, "0x" + digits.toUpperCase(Locale.ROOT), -1));
			}
			return Optional.empty();
		}

	}

	private record CodeRange(int low, int high, GuideEntry entry) {

		boolean covers(int code) {
			return code >= this.low && code <= this.high;
		}

	}

}
