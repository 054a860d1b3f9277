package io.qbsync.singleops;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings({ "unchecked", "rawtypes" })
class BulkLoadTests extends IntegrationTest {

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	@Autowired
	JdbcClient jdbc;

	long company;

	@BeforeEach
	void company() {
		this.company = TestCompanies.create(api(), "Bulk").id();
	}

	/**
	 * 100,000 lines: 60,000 customers, 20,000 items and 20,000 invoices naming them, streamed (never one string), with
	 * a blank line and eight bad ones: every good line is stored and journalled, every bad one reported by number.
	 */
	@Test
	void loadsAHundredThousandRecordsAndReportsTheBadLines() {
		int total = 100_000;
		Map<Integer, String> special = Map.of(17, "{\"type\": \"customers\", \"externalId\": \"C-17\", \"record\": {",
				42, "", 55_555, "{\"type\":\"customers\",\"externalId\":\"C-55555\",\"record\":{\"nmae\":\"Typo\"}}",
				75_000, "{\"type\":\"items\",\"externalId\":\"I-15000\",\"record\":{\"name\":\"x\",\"type\":\"GOODS\","
						+ "\"rate\":\"1.1234567\"}}",
				80_500, invoice(80_500, "C-LATE"), 88_888, invoice(88_888, "C-NOPE"), 90_000,
				"{\"type\":\"widgets\",\"externalId\":\"W-1\",\"record\":{}}", 95_000,
				invoice(95_000, "C-2").replace("2025-04-30", "2025-04-31"), 99_000,
				"{\"type\":\"customers\",\"externalId\":\"C-LATE\",\"record\":{\"name\":\"Defined late\"}}", 99_998,
				"{\"type\":\"customers\",\"externalId\":\"bad/id\",\"record\":{\"name\":\"x\"}}");
		IntFunction<String> line = (n) -> {
			if (special.containsKey(n)) {
				return special.get(n);
			}
			if (n <= 60_000) {
				return "{\"type\":\"customers\",\"externalId\":\"C-" + n + "\",\"record\":{\"name\":\"Customer " + n
						+ "\",\"email\":\"c" + n + "@example.com\",\"billingAddress\":{\"line1\":\"" + n
						+ " Elm St\",\"city\":\"Austin\",\"state\":\"TX\",\"postalCode\":\"78701\"},\"active\":true}}";
			}
			if (n <= 80_000) {
				int i = n - 60_000;
				return "{\"type\":\"items\",\"externalId\":\"I-" + i + "\",\"record\":{\"name\":\"Item " + i
						+ "\",\"type\":\"" + ((i % 2 == 0) ? "SERVICE" : "NON_INVENTORY") + "\",\"rate\":" + (i % 200)
						+ ".25,\"incomeAccount\":\"Services\"}}";
			}
			return invoice(n, "C-" + ((n % 50_000) + 1));
		};

		long started = System.nanoTime();
		ResponseEntity<Map> response = api().post()
			.uri("/api/companies/{id}/records:bulk", this.company)
			.contentType(NDJSON)
			.body((out) -> {
				Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
				for (int n = 1; n <= total; n++) {
					writer.write(line.apply(n));
					writer.write('\n');
				}
				writer.flush();
			})
			.retrieve()
			.toEntity(Map.class);
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.println("Bulk load of " + total + " lines took " + millis + " ms");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		Map<String, Object> report = response.getBody();
		assertThat(report).containsEntry("lines", 99_999)
			.containsEntry("accepted", 99_991)
			.containsEntry("created", 99_991)
			.containsEntry("updated", 0)
			.containsEntry("unchanged", 0)
			.containsEntry("rejected", 8)
			.containsEntry("errorsOmitted", 0);
		List<Map<String, Object>> errors = (List<Map<String, Object>>) report.get("errors");
		assertThat(errors).extracting((e) -> e.get("line"))
			.containsExactly(17, 55_555, 75_000, 80_500, 88_888, 90_000, 95_000, 99_998);
		assertThat(errors).extracting((e) -> e.get("line") + " " + e.get("type") + " " + e.get("externalId") + " "
				+ ((List<Map<String, String>>) e.get("errors")).stream().map((p) -> p.get("field")).toList())
			.containsExactly("17 null null [line]", "55555 customers C-55555 [record.nmae, record.name]",
					"75000 items I-15000 [record.type, record.rate]", "80500 invoices INV-80500 [record.customer]",
					"88888 invoices INV-88888 [record.customer]", "90000 widgets W-1 [type]",
					"95000 invoices INV-95000 [record.date]", "99998 customers bad/id [externalId]");
		assertThat(((List<Map<String, String>>) errors.get(3).get("errors")).get(0).get("message"))
			.contains("'C-LATE'", "does not exist");

		assertThat(count("SELECT COUNT(*) FROM singleops_records WHERE company_id = :company")).isEqualTo(99_991);
		assertThat(count("SELECT COUNT(*) FROM singleops_changes WHERE company_id = :company AND change_kind = 'UPSERT' "
				+ "AND version = 1")).isEqualTo(99_991);
		assertThat(count("""
				SELECT COUNT(*) FROM singleops_records WHERE company_id = :company AND record_type = 'INVOICES'
				""")).isEqualTo(19_994);
		assertThat(count("""
				SELECT COUNT(*) FROM singleops_references x JOIN singleops_records r ON r.id = x.source_record_id
				WHERE r.company_id = :company
				""")).isEqualTo(19_994 * 3);
		Map<String, Object> invoice = api().get()
			.uri("/api/companies/{id}/records/invoices/INV-100000", this.company)
			.retrieve()
			.body(Map.class);
		assertThat((Map) invoice.get("record")).containsEntry("customer", "C-1")
			.containsEntry("lines", List.of(Map.of("item", "I-1", "quantity", "2", "rate", "45.5"),
					Map.of("item", "I-2", "description", "Edging", "quantity", "1", "rate", "10")));
		assertThat(millis).as("a 100k-line load should take well under five minutes").isLessThan(300_000);
	}

	private static String invoice(int n, String customer) {
		int item = (n % 10_000) + 1;
		return "{\"type\":\"invoices\",\"externalId\":\"INV-" + n + "\",\"record\":{\"number\":\""
				+ n + "\",\"customer\":\"" + customer + "\",\"date\":\"2025-04-30\",\"lines\":[{\"item\":\"I-" + item
				+ "\",\"quantity\":2,\"rate\":45.50},{\"item\":\"I-" + (item % 10_000 + 1)
				+ "\",\"description\":\"Edging\",\"quantity\":\"1\",\"rate\":\"10.00\"}]}}";
	}

	@Test
	void laterLinesMayNameEarlierOnesAndUnchangedLinesChangeNothing() {
		String file = String.join("\r\n", line("customers", "C-1", "{\"name\":\"Ann\"}"),
				line("items", "MOW", "{\"name\":\"Mowing\",\"type\":\"SERVICE\"}"),
				line("invoices", "INV-1", "{\"customer\":\"C-1\",\"date\":\"2025-04-30\",\"lines\":[{\"item\":\"MOW\"}]}"),
				"", "   ",
				line("payments", "PAY-1", "{\"customer\":\"C-1\",\"date\":\"2025-05-01\",\"amount\":5,"
						+ "\"appliedTo\":[{\"invoice\":\"INV-1\",\"amount\":5}]}"),
				line("customers", "C-1", "{\"name\":\"Ann Lee\"}"), line("customers", "C-1", "{\"name\":\"Ann Lee\"}"),
				"{\"type\":\"customers\",\"externalId\":\"C-2\",\"record\":{\"name\":\"Bob\"},\"extra\":1}") + "\r\n";

		Map<String, Object> first = bulk(file).getBody();
		assertThat(first).containsEntry("lines", 7)
			.containsEntry("created", 4)
			.containsEntry("updated", 1)
			.containsEntry("unchanged", 1)
			.containsEntry("rejected", 1);
		assertThat((List<Map<String, Object>>) first.get("errors")).singleElement()
			.satisfies((e) -> assertThat(e).containsEntry("line", 9).containsEntry("externalId", "C-2"));
		assertThat(count("SELECT COUNT(*) FROM singleops_changes WHERE company_id = :company")).isEqualTo(5);
		assertThat(this.jdbc.sql("""
				SELECT version FROM singleops_records WHERE company_id = :company AND external_id = 'C-1'
				""").param("company", this.company).query(Integer.class).single()).isEqualTo(2);

		// sent again, each line finds its record as it left it, except C-1, which the file changes twice
		Map<String, Object> again = bulk(file).getBody();
		assertThat(again).containsEntry("accepted", 2).containsEntry("unchanged", 4).containsEntry("rejected", 1);
		assertThat(count("SELECT COUNT(*) FROM singleops_changes WHERE company_id = :company")).isEqualTo(7);
		Map<String, Object> unchanged = bulk(file.replace(line("customers", "C-1", "{\"name\":\"Ann\"}"), ""))
			.getBody();
		assertThat(unchanged).containsEntry("accepted", 0).containsEntry("unchanged", 5).containsEntry("rejected", 1);
		assertThat(count("SELECT COUNT(*) FROM singleops_changes WHERE company_id = :company")).isEqualTo(7);
	}

	@Test
	void theErrorListIsCappedAndTheRestCounted() {
		StringBuilder file = new StringBuilder();
		for (int i = 1; i <= 1_200; i++) {
			file.append(line("customers", "C-" + i, "{\"name\":\"\"}")).append('\n');
		}
		file.append(line("customers", "OK", "{\"name\":\"Fine\"}"));
		Map<String, Object> report = bulk(file.toString()).getBody();
		assertThat(report).containsEntry("rejected", 1_200).containsEntry("accepted", 1).containsEntry("errorsOmitted", 200);
		List<Map<String, Object>> errors = (List<Map<String, Object>>) report.get("errors");
		assertThat(errors).hasSize(1_000);
		assertThat(errors.get(999)).containsEntry("line", 1_000);
	}

	@Test
	void aLineOverOneMegabyteIsRejectedAlone() {
		String big = line("customers", "BIG", "{\"name\":\"" + "x".repeat(SingleOpsService.MAX_RECORD_BYTES) + "\"}");
		Map<String, Object> report = bulk(line("customers", "A", "{\"name\":\"A\"}") + "\n" + big + "\n"
				+ line("customers", "B", "{\"name\":\"B\"}")).getBody();
		assertThat(report).containsEntry("accepted", 2).containsEntry("rejected", 1);
		assertThat((List<Map<String, Object>>) report.get("errors")).singleElement()
			.satisfies((e) -> assertThat(e).containsEntry("line", 2));
	}

	@Test
	void bulkNeedsNdjsonAndAKnownCompany() {
		assertThat(api().post()
			.uri("/api/companies/{id}/records:bulk", this.company)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(api().post()
			.uri("/api/companies/999999999/records:bulk")
			.contentType(NDJSON)
			.body(line("customers", "C-1", "{\"name\":\"x\"}"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(anonymous().post()
			.uri("/api/companies/{id}/records:bulk", this.company)
			.contentType(NDJSON)
			.body(line("customers", "C-1", "{\"name\":\"x\"}"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(count("SELECT COUNT(*) FROM singleops_records WHERE company_id = :company")).isZero();
	}

	private ResponseEntity<Map> bulk(String ndjson) {
		return api().post()
			.uri("/api/companies/{id}/records:bulk", this.company)
			.contentType(NDJSON)
			.body(ndjson)
			.retrieve()
			.toEntity(Map.class);
	}

	private static String line(String type, String externalId, String record) {
		return "{\"type\":\"" + type + "\",\"externalId\":\"" + externalId + "\",\"record\":" + record + "}";
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).param("company", this.company).query(Long.class).single();
	}

}
