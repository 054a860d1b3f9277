package io.qbsync.singleops;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.qbsync.company.CompanyService;
import io.qbsync.system.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads many records from NDJSON ({@code {"type", "externalId", "record"}} a line), streamed: lines are read and
 * checked one at a time and written in batches of up to {@value #BATCH_LINES} lines (or {@value #BATCH_BYTES}
 * bytes), one transaction each, with batched statements. A line with a problem is skipped and reported by its line
 * number; the other lines are stored. A record may name records created by earlier lines of the same file. Each
 * batch commits on its own, so a load cut short keeps the batches before; sending the same file again is safe, as
 * unchanged lines change nothing.
 */
@Service
public class BulkLoad {

	static final int BATCH_LINES = 500;

	static final int BATCH_BYTES = 8 * 1024 * 1024;

	/** How many rejected lines the report lists; the rest are only counted. */
	static final int MAX_REPORTED_ERRORS = 1000;

	private static final Logger log = LoggerFactory.getLogger(BulkLoad.class);

	private static final Set<String> LINE_FIELDS = Set.of("type", "externalId", "record");

	private final CompanyService companies;

	private final RecordWriter writer;

	private final TransactionTemplate transaction;

	BulkLoad(CompanyService companies, RecordWriter writer, PlatformTransactionManager transactions) {
		this.companies = companies;
		this.writer = writer;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** A rejected line: its number in the file, what it was meant to be, and every problem with it. */
	public record LineError(long line, String type, String externalId, List<FieldProblem> errors) {
	}

	/**
	 * What a load did: lines read (blank ones not counted), lines accepted (created or updated), unchanged and
	 * rejected, and the first {@value #MAX_REPORTED_ERRORS} rejected lines with {@code errorsOmitted} more.
	 */
	public record Report(long lines, long accepted, long created, long updated, long unchanged, long rejected,
			List<LineError> errors, long errorsOmitted) {
	}

	public Report load(long companyId, InputStream input) throws IOException {
		this.companies.get(companyId);
		long started = System.nanoTime();
		Tally tally = new Tally();
		NdjsonLines lines = new NdjsonLines(input, SingleOpsService.MAX_RECORD_BYTES);
		List<Line> batch = new ArrayList<>();
		long batchBytes = 0;
		while (lines.next()) {
			if (lines.blank()) {
				continue;
			}
			batch.add(read(lines));
			batchBytes += lines.length();
			if (batch.size() >= BATCH_LINES || batchBytes >= BATCH_BYTES) {
				write(companyId, batch, tally);
				batch.clear();
				batchBytes = 0;
			}
		}
		write(companyId, batch, tally);
		Report report = new Report(tally.lines, tally.created + tally.updated, tally.created, tally.updated,
				tally.unchanged, tally.rejected, List.copyOf(tally.errors),
				Math.max(0, tally.rejected - tally.errors.size()));
		log.info("Bulk load for company {}: {} lines, {} created, {} updated, {} unchanged, {} rejected in {} ms",
				companyId, report.lines(), report.created(), report.updated(), report.unchanged(), report.rejected(),
				(System.nanoTime() - started) / 1_000_000);
		return report;
	}

	/** One line, read as far as it could be. */
	private record Line(long number, String typeName, String externalId, RecordWriter.Entry entry) {
	}

	private static Line read(NdjsonLines lines) {
		long number = lines.number();
		List<FieldProblem> problems = new ArrayList<>();
		if (lines.tooLong()) {
			problems.add(new FieldProblem("line",
					"is longer than " + SingleOpsService.MAX_RECORD_BYTES + " bytes: records are at most 1 MB"));
			return new Line(number, null, null, new RecordWriter.Entry(null, null, null, problems));
		}
		JsonNode node;
		try {
			node = RecordJson.read(lines.bytes(), 0, lines.length(), "line");
		}
		catch (RecordJson.Unreadable ex) {
			problems.add(ex.problem());
			return new Line(number, null, null, new RecordWriter.Entry(null, null, null, problems));
		}
		if (!node.isObject()) {
			problems.add(new FieldProblem("line", "must be a JSON object {\"type\", \"externalId\", \"record\"}"));
			return new Line(number, null, null, new RecordWriter.Entry(null, null, null, problems));
		}
		for (String name : node.propertyNames()) {
			if (!LINE_FIELDS.contains(name)) {
				problems.add(new FieldProblem(name, "is not a field of a bulk line (its fields are type, externalId, "
						+ "record)"));
			}
		}
		JsonNode typeNode = node.get("type");
		String typeName = (typeNode != null && typeNode.isString()) ? typeNode.stringValue() : null;
		RecordType type = (typeName != null) ? RecordType.fromPath(typeName).orElse(null) : null;
		if (type == null) {
			problems.add(new FieldProblem("type", "must be one of " + RecordType.paths()));
		}
		JsonNode idNode = node.get("externalId");
		String externalId = (idNode != null && idNode.isString()) ? idNode.stringValue() : null;
		String idProblem = (idNode == null || idNode.isNull()) ? ExternalIds.problem(null)
				: (externalId == null) ? "must be a JSON string" : ExternalIds.problem(externalId);
		if (idProblem != null) {
			problems.add(new FieldProblem("externalId", idProblem));
		}
		RecordBody body = null;
		JsonNode record = node.get("record");
		if (type != null) {
			RecordParser.Parsed parsed = RecordParser.parse(type, record, "record");
			body = parsed.body();
			problems.addAll(parsed.problems());
		}
		else if (record == null || !record.isObject()) {
			problems.add(new FieldProblem("record", "must be a JSON object with the record's fields"));
		}
		return new Line(number, typeName, externalId,
				new RecordWriter.Entry(type, (idProblem == null) ? externalId : null, body, problems));
	}

	private void write(long companyId, List<Line> batch, Tally tally) {
		if (batch.isEmpty()) {
			return;
		}
		List<RecordWriter.Entry> entries = batch.stream().map(Line::entry).toList();
		List<RecordWriter.Outcome> outcomes = this.transaction
			.execute((status) -> this.writer.write(companyId, entries, "record."));
		for (int i = 0; i < batch.size(); i++) {
			tally.lines++;
			RecordWriter.Outcome outcome = outcomes.get(i);
			switch (outcome.result()) {
				case CREATED -> tally.created++;
				case UPDATED -> tally.updated++;
				case UNCHANGED -> tally.unchanged++;
				case REJECTED -> {
					tally.rejected++;
					if (tally.errors.size() < MAX_REPORTED_ERRORS) {
						Line line = batch.get(i);
						tally.errors.add(
								new LineError(line.number(), line.typeName(), line.externalId(), outcome.problems()));
					}
				}
			}
		}
	}

	private static final class Tally {

		long lines;

		long created;

		long updated;

		long unchanged;

		long rejected;

		final List<LineError> errors = new ArrayList<>();

	}

}
