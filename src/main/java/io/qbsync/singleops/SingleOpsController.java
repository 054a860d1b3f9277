package io.qbsync.singleops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * REST API the host app feeds the SingleOps side through: one record at a time by type and externalId, or many at
 * once as NDJSON.
 */
@RestController
@RequestMapping("/api/companies/{companyId}")
@Tag(name = "SingleOps records", description = "The field-service app's records, per company, as qbsync keeps them "
		+ "for the sync with QuickBooks")
class SingleOpsController {

	static final String NDJSON = "application/x-ndjson";

	private final SingleOpsService records;

	private final BulkLoad bulk;

	SingleOpsController(SingleOpsService records, BulkLoad bulk) {
		this.records = records;
		this.bulk = bulk;
	}

	@PutMapping(path = "/records/{type}/{externalId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create or update a record",
			description = "type is customers, vendors, items, invoices or payments. 201 when created, 200 when updated "
					+ "or unchanged (changed: false, nothing journalled). 400 lists every problem with the body; 422 "
					+ "when the only problems are records it names (by externalId) that do not exist. Unknown fields "
					+ "are refused. Money, quantities and rates may be JSON numbers or decimal strings; dates are ISO "
					+ "(YYYY-MM-DD). With linkTo=<QuickBooks ListID or TxnID> (a record taken from the "
					+ "changes-from-quickbooks feed) the record is stored already linked to that QuickBooks object.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
					oneOf = { Customer.class, Vendor.class, Item.class, Invoice.class, Payment.class })))
	ResponseEntity<RecordView> put(@PathVariable long companyId, @PathVariable String type,
			@PathVariable String externalId,
			@org.springframework.web.bind.annotation.RequestParam(required = false) String linkTo, InputStream body)
			throws IOException {
		SingleOpsService.Written written = this.records.put(companyId, type, externalId, readCapped(body), linkTo);
		RecordView view = RecordView.of(written.record(), written.changed());
		if (written.created()) {
			return ResponseEntity.created(URI.create("/api/companies/" + companyId + "/records/" + type + "/"
					+ UriUtils.encodePathSegment(externalId, StandardCharsets.UTF_8))).body(view);
		}
		return ResponseEntity.ok(view);
	}

	@GetMapping("/records/{type}/{externalId}")
	@Operation(summary = "Read a record with its QuickBooks link",
			description = "Also a deleted record (deleted: true); 404 for one never stored.")
	RecordView get(@PathVariable long companyId, @PathVariable String type, @PathVariable String externalId) {
		return RecordView.of(this.records.get(companyId, type, externalId), null);
	}

	@DeleteMapping("/records/{type}/{externalId}")
	@Operation(summary = "Mark a record deleted",
			description = "200 with changed: true (journalled as a DELETE), or changed: false when it already was "
					+ "deleted; 404 for a record never stored; 409 when records that are not deleted still name it.")
	RecordView delete(@PathVariable long companyId, @PathVariable String type, @PathVariable String externalId) {
		SingleOpsService.Written written = this.records.delete(companyId, type, externalId);
		return RecordView.of(written.record(), written.changed());
	}

	@GetMapping("/records/{type}")
	@Operation(summary = "List records of a type, oldest first",
			description = "Deleted records only with includeDeleted=true. Pass the answer's next as after to read the next page; next is null on the last page.")
	RecordPage list(@PathVariable long companyId, @PathVariable String type,
			@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(defaultValue = "false") boolean includeDeleted) {
		List<StoredRecord> page = this.records.list(companyId, type, after, limit, includeDeleted);
		int capped = Math.max(1, Math.min(limit, 500));
		Long next = (page.size() == capped) ? page.get(page.size() - 1).id() : null;
		return new RecordPage(page.stream().map((r) -> RecordView.of(r, null)).toList(), next);
	}

	@PostMapping(path = "/records:bulk", consumes = { NDJSON, "application/jsonl" })
	@Operation(summary = "Load many records from NDJSON",
			description = "One {\"type\", \"externalId\", \"record\"} a line, streamed and written in batches. A line "
					+ "with a problem is skipped and reported by line number; the others are stored. Records may name "
					+ "records created by earlier lines. Answers counts and the first 1000 rejected lines.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(mediaType = NDJSON, schema = @Schema(types = "string",
					example = "{\"type\":\"customers\",\"externalId\":\"C-1\",\"record\":{\"name\":\"Ann Lee\"}}")))
	BulkLoad.Report bulk(@PathVariable long companyId, InputStream body) throws IOException {
		return this.bulk.load(companyId, body);
	}

	private static byte[] readCapped(InputStream body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[16 * 1024];
		int read;
		while ((read = body.read(buffer)) > 0) {
			out.write(buffer, 0, read);
			if (out.size() > SingleOpsService.MAX_RECORD_BYTES) {
				throw new InvalidInputException(HttpStatus.CONTENT_TOO_LARGE,
						"The record was not stored: a record body is at most 1 MB.",
						List.of(new FieldProblem("body", "is larger than " + SingleOpsService.MAX_RECORD_BYTES
								+ " bytes")));
			}
		}
		return out.toByteArray();
	}

	/** A record as the API shows it; {@code changed} only in the answer to a write. */
	record RecordView(@JsonInclude(JsonInclude.Include.NON_NULL) Boolean changed, String type, String externalId,
			@Schema(description = "the record's fields as stored: canonical form, money and quantities as decimal strings",
					oneOf = { Customer.class, Vendor.class, Item.class, Invoice.class, Payment.class }) JsonNode record,
			boolean deleted, int version, Instant createdAt, Instant updatedAt, QuickBooksLink quickBooks) {

		static RecordView of(StoredRecord r, Boolean changed) {
			return new RecordView(changed, r.type().path(), r.externalId(), RecordJson.read(r.data()), r.deleted(),
					r.version(), r.createdAt(), r.updatedAt(), r.quickBooks());
		}

	}

	/** A page of records and the {@code after} of the next page (null on the last). */
	record RecordPage(List<RecordView> records, Long next) {
	}

}
