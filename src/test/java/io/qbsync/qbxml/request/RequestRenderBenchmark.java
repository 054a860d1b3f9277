package io.qbsync.qbxml.request;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Entities;
import io.qbsync.qbxml.entity.LineSpec;
import io.qbsync.qbxml.entity.QbRef;

/**
 * How many requests per second the request writer renders (field rules included), for sizing the release step.
 * Not a test. Run:
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.qbsync.qbxml.request.RequestRenderBenchmark
 * </pre>
 */
public final class RequestRenderBenchmark {

	private static final int REQUESTS = 20_000;

	private RequestRenderBenchmark() {
	}

	public static void main(String[] args) {
		RequestWriter writer = new RequestWriter(QbxmlVersion.of(13, 0), false);
		List<Map<String, Object>> customers = new ArrayList<>();
		List<Map<String, Object>> invoices = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			customers.add(customer(i));
			invoices.add(invoice(i));
		}
		UUID identity = UUID.randomUUID();
		String[] kinds = { "CustomerAdd", "InvoiceAdd (3 lines)" };
		for (String kind : kinds) {
			long[] nanos = new long[8];
			long bytes = 0;
			for (int round = 0; round < nanos.length + 3; round++) {
				long start = System.nanoTime();
				bytes = 0;
				List<QbxmlRequest> batch = new ArrayList<>(100);
				for (int i = 0; i < REQUESTS; i++) {
					QbxmlRequest request = kind.startsWith("Customer")
							? writer.add(Entities.CUSTOMER, "c-" + i, identity, customers.get(i % 1000))
							: writer.add(Entities.INVOICE, "i-" + i, identity, invoices.get(i % 1000));
					batch.add(request);
					if (batch.size() == 100) {
						bytes += QbxmlMessage.render(writer.version(), batch).length();
						batch.clear();
					}
				}
				if (round >= 3) {
					nanos[round - 3] = System.nanoTime() - start;
				}
			}
			Arrays.sort(nanos);
			double median = nanos[nanos.length / 2] / 1e9;
			double best = nanos[0] / 1e9;
			System.out.printf("%-22s %,9.0f requests/s median (best %,9.0f), %5.1f MB/s of qbXML, %d bytes per request%n",
					kind, REQUESTS / median, REQUESTS / best, bytes / median / 1e6, bytes / REQUESTS);
		}
	}

	private static Map<String, Object> customer(int i) {
		Map<String, Object> c = new LinkedHashMap<>();
		c.put("name", "Customer " + i + " Landscaping");
		c.put("companyName", "Greenleaf Property Management " + i);
		c.put("firstName", "Ana");
		c.put("lastName", "Pe\u00F1a");
		c.put("billingAddress.line1", i + " Oak Street");
		c.put("billingAddress.city", "Raleigh");
		c.put("billingAddress.state", "NC");
		c.put("billingAddress.postalCode", "27601");
		c.put("phone", "919-555-0142");
		c.put("email", "ap" + i + "@greenleaf.example");
		return c;
	}

	private static Map<String, Object> invoice(int i) {
		Map<String, Object> inv = new LinkedHashMap<>();
		inv.put("customer", QbRef.id("80000012-17000" + (10000 + i)));
		inv.put("date", LocalDate.of(2026, 11, 26));
		inv.put("number", "INV-" + i);
		inv.put("memo", "Fall cleanup \u2013 front and back yard");
		List<Map<String, Object>> lines = new ArrayList<>();
		for (int l = 0; l < 3; l++) {
			lines.add(Map.of("item", QbRef.name("Tree Removal"), "description", "Remove oak, front yard", "quantity",
					new BigDecimal("2"), "rate", new BigDecimal("450.00")));
		}
		inv.put(LineSpec.LINES, lines);
		return inv;
	}

}
