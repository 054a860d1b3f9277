package io.qbsync.qbxml.status;

import java.util.List;
import java.util.Locale;

/**
 * One code in the status-code guide: what it means for a bookkeeper, what to do, and how the sync engine handles it.
 *
 * @param code the code as written in the guide: {@code "3200"}, a range {@code "2000-2040"} or {@code "0x80040400"}
 * @param kind a qbXML statusCode or a Web Connector hresult
 * @param severity as QuickBooks reports it in statusSeverity (hresults are errors)
 * @param title a few words
 * @param meaning what happened, in plain words
 * @param steps what to do, in order
 * @param handling the class when no refinement applies
 * @param refinements classes that depend on the request or QuickBooks' message; the first match wins
 * @param support technical detail for support and engineering (empty when there is none)
 * @param rawMessage QuickBooks' own message when the entry answers a particular response (always for the default
 * entry of a code the guide does not list); null in the catalogue itself
 */
public record GuideEntry(String code, Kind kind, Severity severity, String title, String meaning, List<String> steps,
		HandlingClass handling, List<Refinement> refinements, String support, String rawMessage) {

	public GuideEntry {
		steps = List.copyOf(steps);
		refinements = List.copyOf(refinements);
		support = (support != null) ? support : "";
	}

	/** The class for this code given the request's operation (CustomerAdd, Mod...) and QuickBooks' statusMessage. */
	public HandlingClass handlingFor(String operation, String statusMessage) {
		return this.refinements.stream()
			.filter((r) -> r.matches(operation, statusMessage))
			.map(Refinement::handling)
			.findFirst()
			.orElse(this.handling);
	}

	/** This entry with QuickBooks' own message for one particular answer. */
	public GuideEntry withRawMessage(String message) {
		return new GuideEntry(this.code, this.kind, this.severity, this.title, this.meaning, this.steps, this.handling,
				this.refinements, this.support, message);
	}

	/** The meaning and the steps as one paragraph, for places that show a single text (the Web Connector's dialog). */
	public String inPlainWords() {
		return this.meaning + " " + String.join(" ", this.steps);
	}

	/** Which kind of code. */
	public enum Kind {

		/** The statusCode attribute of a qbXML response. */
		QBXML_STATUS,

		/** The COM error the Web Connector passes to receiveResponseXML or connectionError. */
		HRESULT,

		/** A check qbsync made itself before or after QuickBooks answered (PARENT, EARLIER, LOST, LOOKUP, LINKED). */
		QBSYNC

	}

	/** How serious QuickBooks says the code is; for qbXML its statusSeverity attribute (Info, Warn, Error). */
	public enum Severity {

		INFO, WARN, ERROR;

		/** Reads "Info", "Warn" or "Error" in any case. */
		public static Severity parse(String text) {
			return valueOf(text.strip().toUpperCase(Locale.ROOT));
		}

	}

	/**
	 * A class that applies instead of the entry's own when the request is of a given operation or QuickBooks'
	 * message contains a given text.
	 *
	 * @param when what is looked at
	 * @param anyOf operations (matched at the end of the request name: "Add" matches CustomerAddRq) or message texts
	 * (matched anywhere, in any case)
	 * @param handling the class when any of them matches
	 */
	public record Refinement(Condition when, List<String> anyOf, HandlingClass handling) {

		public Refinement {
			anyOf = List.copyOf(anyOf);
		}

		boolean matches(String operation, String statusMessage) {
			return switch (this.when) {
				case OPERATION -> operation != null && this.anyOf.stream().anyMatch((o) -> isOperation(operation, o));
				case MESSAGE -> statusMessage != null && this.anyOf.stream()
					.anyMatch((text) -> lower(statusMessage).contains(lower(text)));
			};
		}

		private static boolean isOperation(String operation, String kind) {
			String name = operation.strip();
			if (name.endsWith("Rq") || name.endsWith("Rs")) {
				name = name.substring(0, name.length() - 2);
			}
			return lower(name).endsWith(lower(kind));
		}

		private static String lower(String text) {
			return text.toLowerCase(Locale.ROOT);
		}

		/** What a refinement looks at. */
		public enum Condition {

			/** The request's operation: Add, Mod, Query, Del... */
			OPERATION,

			/** QuickBooks' statusMessage. */
			MESSAGE

		}

	}

}
