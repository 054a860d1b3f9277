package io.qbsync.qbxml.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import io.qbsync.qbxml.status.GuideEntry.Kind;
import io.qbsync.qbxml.status.GuideEntry.Refinement;
import io.qbsync.qbxml.status.GuideEntry.Refinement.Condition;
import io.qbsync.qbxml.status.GuideEntry.Severity;

/** One "[code]" block of a status guide file, its lines already joined with their continuations. */
final class GuideBlock {

	private final String code;

	final int line;

	private final String source;

	private final List<Field> fields = new ArrayList<>();

	private GuideBlock(String code, int line, String source) {
		this.code = code;
		this.line = line;
		this.source = source;
	}

	static List<GuideBlock> read(String text, String source) {
		List<GuideBlock> blocks = new ArrayList<>();
		GuideBlock block = null;
		Field last = null;
		String[] lines = text.split("\\R", -1);
		for (int i = 0; i < lines.length; i++) {
			int number = i + 1;
			String line = lines[i];
			if (line.isBlank() || line.strip().startsWith("#")) {
				last = null;
			}
			else if (Character.isWhitespace(line.charAt(0))) {
				if (last == null) {
					throw problem(source, number, "an indented line continues nothing; indent only continuations");
				}
				last.value.append(' ').append(line.strip());
			}
			else if (line.startsWith("[")) {
				String header = line.strip();
				if (!header.endsWith("]")) {
					throw problem(source, number, "a code line must look like [3200] or [0x80040400]");
				}
				block = new GuideBlock(header.substring(1, header.length() - 1).strip(), number, source);
				blocks.add(block);
				last = null;
			}
			else {
				int colon = line.indexOf(':');
				if (block == null || colon < 1) {
					throw problem(source, number, "expected [code] or 'key: value'");
				}
				last = new Field(line.substring(0, colon).strip(), line.substring(colon + 1).strip(), number);
				block.fields.add(last);
			}
		}
		return blocks;
	}

	GuideEntry toEntry() {
		Kind kind = kindOfCode();
		Map<String, Field> single = new LinkedHashMap<>();
		List<String> steps = new ArrayList<>();
		List<Refinement> refinements = new ArrayList<>();
		for (Field field : this.fields) {
			switch (field.key) {
				case "severity", "class", "title", "meaning", "support" -> {
					Field earlier = single.put(field.key, field);
					if (earlier != null) {
						throw problem(this.source, field.line, "'" + field.key + "' is given twice");
					}
				}
				case "step" -> steps.add(field.text());
				case "when-operation" -> refinements.add(refinement(Condition.OPERATION, field));
				case "when-message" -> refinements.add(refinement(Condition.MESSAGE, field));
				default -> throw problem(this.source, field.line, "unknown key '" + field.key + "'");
			}
		}
		if (steps.isEmpty()) {
			throw problem("needs at least one 'step:'");
		}
		return new GuideEntry(canonicalCode(), kind, severity(required(single, "severity")),
				required(single, "title").text(), required(single, "meaning").text(), steps,
				handlingClass(required(single, "class")), refinements,
				single.containsKey("support") ? single.get("support").text() : "", null);
	}

	private Kind kindOfCode() {
		if (StatusGuide.RANGE.matcher(this.code).matches()) {
			return Kind.QBXML_STATUS;
		}
		return StatusGuide.Code.parse(this.code)
			.map(StatusGuide.Code::kind)
			.orElseThrow(() -> problem("'" + this.code + "' is not a status code, a range or an hresult"));
	}

	private String canonicalCode() {
		Matcher range = StatusGuide.RANGE.matcher(this.code);
		return range.matches() ? Integer.parseInt(range.group(1)) + "-" + Integer.parseInt(range.group(2))
				: StatusGuide.canonical(this.code);
	}

	private Field required(Map<String, Field> single, String key) {
		Field field = single.get(key);
		if (field == null || field.text().isEmpty()) {
			throw problem("needs '" + key + ":'");
		}
		return field;
	}

	private Severity severity(Field field) {
		try {
			return Severity.parse(field.text());
		}
		catch (IllegalArgumentException ex) {
			throw problem(this.source, field.line, "severity must be Info, Warn or Error, not " + field.text());
		}
	}

	private HandlingClass handlingClass(Field field) {
		return handlingClass(field.text(), field.line);
	}

	private HandlingClass handlingClass(String name, int line) {
		try {
			return HandlingClass.valueOf(name.strip());
		}
		catch (IllegalArgumentException ex) {
			throw problem(this.source, line, "'" + name.strip() + "' is not a HandlingClass");
		}
	}

	private Refinement refinement(Condition condition, Field field) {
		String[] parts = field.text().split("=>", -1);
		if (parts.length != 2) {
			throw problem(this.source, field.line, field.key + " must look like 'text | text => CLASS'");
		}
		List<String> anyOf = Stream.of(parts[0].split("\\|")).map(String::strip).filter((s) -> !s.isEmpty())
			.toList();
		if (anyOf.isEmpty()) {
			throw problem(this.source, field.line, field.key + " names nothing to match");
		}
		return new Refinement(condition, anyOf, handlingClass(parts[1], field.line));
	}

	IllegalArgumentException problem(String message) {
		return problem(this.source, this.line, "[" + this.code + "] " + message);
	}

	private static IllegalArgumentException problem(String source, int line, String message) {
		return new IllegalArgumentException(source + " line " + line + ": " + message);
	}

	private record Field(String key, StringBuilder value, int line) {

		Field(String key, String value, int line) {
			this(key, new StringBuilder(value), line);
		}

		String text() {
			return this.value.toString().strip();
		}

	}

}
