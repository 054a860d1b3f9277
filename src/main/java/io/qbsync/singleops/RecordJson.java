package io.qbsync.singleops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qbsync.system.FieldProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON in and out of the SingleOps store. Input is read strictly (duplicate keys and trailing content refused,
 * decimals kept exact). The canonical form a record is stored in is compact JSON with the fields in the record's
 * declared order, absent and empty values left out, money and quantities as plain decimal strings and dates as ISO
 * dates; its SHA-256 is the record's content hash, so equal records have equal hashes.
 */
final class RecordJson {

	private static final JsonMapper INPUT = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private static final JsonMapper CANONICAL = JsonMapper.builder()
		.disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
		.enable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
		.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY)
			.withContentInclusion(JsonInclude.Include.NON_EMPTY))
		.build();

	private RecordJson() {
	}

	/** Thrown for input that is not one JSON value; carries the problem to report. */
	static final class Unreadable extends Exception {

		private final FieldProblem problem;

		Unreadable(FieldProblem problem) {
			super(problem.message(), null, false, false);
			this.problem = problem;
		}

		FieldProblem problem() {
			return this.problem;
		}

	}

	/** Reads one JSON value from UTF-8 (or UTF-16/32) bytes; {@code field} names the input in the problem. */
	static JsonNode read(byte[] bytes, int offset, int length, String field) throws Unreadable {
		try {
			JsonNode node = INPUT.readTree(bytes, offset, length);
			if (node == null || node.isMissingNode()) {
				throw new Unreadable(new FieldProblem(field, "is empty: send a JSON object"));
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new Unreadable(new FieldProblem(field, "is not valid JSON: " + describe(ex)));
		}
	}

	static JsonNode read(String json) {
		return INPUT.readTree(json);
	}

	/** The canonical JSON of a record. */
	static String canonical(RecordBody body) {
		return CANONICAL.writeValueAsString(body);
	}

	/** A record back from its canonical JSON (as stored). */
	static RecordBody fromCanonical(RecordType type, String json) {
		RecordParser.Parsed parsed = RecordParser.parse(type, INPUT.readTree(json), "");
		if (!parsed.valid()) {
			throw new IllegalStateException("A stored " + type.path() + " record does not read back: "
					+ parsed.problems());
		}
		return parsed.body();
	}

	/** The lowercase hex SHA-256 of the text's UTF-8 bytes. */
	static String sha256(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Jackson's message without its source excerpt, plus where the problem is. */
	private static String describe(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (message == null) {
			message = "unreadable";
		}
		for (String cut : new String[] { " (start marker at", " [Source:", "\n", " (for " }) {
			int at = message.indexOf(cut);
			if (at > 0) {
				message = message.substring(0, at);
			}
		}
		if (ex.getLocation() != null && ex.getLocation().getLineNr() > 0) {
			message += " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
		}
		return message;
	}

}
