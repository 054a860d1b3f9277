package io.qbsync.qbxml.response;

import java.io.Reader;

/**
 * A realistic qbXML response produced lazily, record by record, for memory tests and benchmarks: one
 * CustomerQueryRs with {@code customers} CustomerRets followed by one InvoiceQueryRs with {@code invoices}
 * InvoiceRets of three lines each. Only the record being served is held, so a 100 MB document costs a few KB.
 * The text is ASCII, so chars served = UTF-8 bytes.
 */
final class GeneratedResponse extends Reader {

	/** Lines per generated invoice. */
	static final int LINES_PER_INVOICE = 3;

	private final int customers;

	private final int invoices;

	private final StringBuilder chunk = new StringBuilder(4096);

	private int chunkPos;

	private int phase;

	private int index;

	private long served;

	GeneratedResponse(int customers, int invoices) {
		this.customers = customers;
		this.invoices = invoices;
	}

	/** The whole document as a String (for benchmarks that want it in memory). */
	static String build(int customers, int invoices) {
		StringBuilder out = new StringBuilder();
		try (GeneratedResponse in = new GeneratedResponse(customers, invoices)) {
			char[] buffer = new char[1 << 16];
			int n;
			while ((n = in.read(buffer, 0, buffer.length)) > 0) {
				out.append(buffer, 0, n);
			}
		}
		return out.toString();
	}

	/** Chars served so far. */
	long served() {
		return served;
	}

	@Override
	public int read(char[] buffer, int offset, int length) {
		if (length == 0) {
			return 0;
		}
		while (chunkPos == chunk.length()) {
			if (!refill()) {
				return -1;
			}
		}
		int n = Math.min(length, chunk.length() - chunkPos);
		chunk.getChars(chunkPos, chunkPos + n, buffer, offset);
		chunkPos += n;
		served += n;
		return n;
	}

	@Override
	public void close() {
	}

	private boolean refill() {
		chunk.setLength(0);
		chunkPos = 0;
		switch (phase) {
			case 0 -> {
				chunk.append("<?xml version=\"1.0\" ?>\n<QBXML>\n  <QBXMLMsgsRs>\n")
					.append("    <CustomerQueryRs requestID=\"big-cust\" statusCode=\"0\" statusSeverity=\"Info\"")
					.append(" statusMessage=\"Status OK\" retCount=\"")
					.append(customers)
					.append("\" iteratorRemainingCount=\"0\" iteratorID=\"{5e0c7a61-3f0e-4d8b-9a51-0c2b7e4f1d11}\">\n");
				phase = customers > 0 ? 1 : 2;
				index = 0;
			}
			case 1 -> {
				customer(index++);
				if (index == customers) {
					phase = 2;
				}
			}
			case 2 -> {
				chunk.append("    </CustomerQueryRs>\n")
					.append("    <InvoiceQueryRs requestID=\"big-inv\" statusCode=\"0\" statusSeverity=\"Info\"")
					.append(" statusMessage=\"Status OK\" retCount=\"")
					.append(invoices)
					.append("\">\n");
				phase = invoices > 0 ? 3 : 4;
				index = 0;
			}
			case 3 -> {
				invoice(index++);
				if (index == invoices) {
					phase = 4;
				}
			}
			case 4 -> {
				chunk.append("    </InvoiceQueryRs>\n  </QBXMLMsgsRs>\n</QBXML>\n");
				phase = 5;
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	private void customer(int i) {
		String id = listId(0x80000000L + i);
		StringBuilder c = chunk;
		c.append("      <CustomerRet>\n");
		leaf(c, 8, "ListID", id);
		leaf(c, 8, "TimeCreated", "2025-01-" + two(1 + i % 28) + "T09:" + two(i % 60) + ":00-05:00");
		leaf(c, 8, "TimeModified", "2026-07-" + two(1 + i % 28) + "T10:" + two(i % 60) + ":" + two(i % 57) + "-05:00");
		leaf(c, 8, "EditSequence", Long.toString(1738595742L + i));
		leaf(c, 8, "Name", "Customer " + i);
		leaf(c, 8, "FullName", "Customer " + i);
		leaf(c, 8, "IsActive", (i % 17 == 0) ? "false" : "true");
		leaf(c, 8, "Sublevel", "0");
		leaf(c, 8, "CompanyName", "Customer " + i + " Property Management &amp; Sons LLC");
		leaf(c, 8, "FirstName", "Pat");
		leaf(c, 8, "LastName", "Lee" + i);
		c.append("        <BillAddress>\n");
		leaf(c, 10, "Addr1", "Customer " + i + " Property Management");
		leaf(c, 10, "Addr2", (100 + i % 900) + " Fayetteville St, Suite " + (i % 300));
		leaf(c, 10, "City", "Raleigh");
		leaf(c, 10, "State", "NC");
		leaf(c, 10, "PostalCode", "27" + (600 + i % 100));
		c.append("        </BillAddress>\n        <ShipAddress>\n");
		leaf(c, 10, "Addr1", (10 + i % 90) + " Depot Rd");
		leaf(c, 10, "City", "Cary");
		leaf(c, 10, "State", "NC");
		leaf(c, 10, "PostalCode", "27511");
		c.append("        </ShipAddress>\n");
		leaf(c, 8, "Phone", "919-555-" + four(i % 10000));
		leaf(c, 8, "Email", "ap" + i + "@customer.example");
		c.append("        <TermsRef>\n");
		leaf(c, 10, "ListID", "80000002-1690000000");
		leaf(c, 10, "FullName", "Net 30");
		c.append("        </TermsRef>\n");
		leaf(c, 8, "Balance", (i % 5000) + ".00");
		leaf(c, 8, "TotalBalance", (i % 5000) + ".00");
		c.append("        <SalesTaxCodeRef>\n");
		leaf(c, 10, "ListID", "80000002-1690000001");
		leaf(c, 10, "FullName", "Non");
		c.append("        </SalesTaxCodeRef>\n");
		leaf(c, 8, "JobStatus", "None");
		leaf(c, 8, "PreferredDeliveryMethod", "Email");
		leaf(c, 8, "ExternalGUID", "{6F9619FF-8B86-D011-B42D-" + String.format("%012X", i) + "}");
		c.append("      </CustomerRet>\n");
	}

	private void invoice(int i) {
		StringBuilder c = chunk;
		String txnId = Integer.toHexString(0x1A00 + (i & 0xFFF)).toUpperCase() + "-" + (1700000000L + i);
		c.append("      <InvoiceRet>\n");
		leaf(c, 8, "TxnID", txnId);
		leaf(c, 8, "TimeCreated", "2025-02-" + two(1 + i % 28) + "T10:" + two(i % 60) + ":11-05:00");
		leaf(c, 8, "TimeModified", "2025-02-" + two(1 + i % 28) + "T11:" + two(i % 60) + ":45-05:00");
		leaf(c, 8, "EditSequence", Long.toString(1738674165L + i));
		leaf(c, 8, "TxnNumber", Integer.toString(400 + i));
		ref(c, 8, "CustomerRef", listId(0x80000000L + i % 1000), "Customer " + (i % 1000));
		ref(c, 8, "ClassRef", "80000003-1690000000", "Tree Care");
		ref(c, 8, "ARAccountRef", "80000008-1690000000", "Accounts Receivable");
		ref(c, 8, "TemplateRef", "80000001-1690000000", "Intuit Service Invoice");
		leaf(c, 8, "TxnDate", "2025-02-" + two(1 + i % 28));
		leaf(c, 8, "RefNumber", "SO-" + (5000 + i));
		c.append("        <BillAddress>\n");
		leaf(c, 10, "Addr1", "Customer " + (i % 1000) + " Property Management");
		leaf(c, 10, "Addr2", (100 + i % 900) + " Fayetteville St");
		leaf(c, 10, "City", "Raleigh");
		leaf(c, 10, "State", "NC");
		leaf(c, 10, "PostalCode", "27601");
		c.append("        </BillAddress>\n");
		leaf(c, 8, "IsPending", "false");
		leaf(c, 8, "IsFinanceCharge", "false");
		leaf(c, 8, "PONumber", "PO-" + (88000 + i));
		ref(c, 8, "TermsRef", "80000002-1690000000", "Net 30");
		leaf(c, 8, "DueDate", "2025-03-" + two(1 + i % 28));
		leaf(c, 8, "ShipDate", "2025-02-" + two(1 + i % 28));
		leaf(c, 8, "Subtotal", "1260.00");
		ref(c, 8, "ItemSalesTaxRef", "80000010-1690000000", "Wake County");
		leaf(c, 8, "SalesTaxPercentage", "7.25");
		leaf(c, 8, "SalesTaxTotal", "0.00");
		leaf(c, 8, "AppliedAmount", "0.00");
		leaf(c, 8, "BalanceRemaining", "1260.00");
		leaf(c, 8, "Memo", "SingleOps job " + (5000 + i) + " &amp; follow-up");
		leaf(c, 8, "IsPaid", "false");
		leaf(c, 8, "IsToBePrinted", "false");
		leaf(c, 8, "IsToBeEmailed", "true");
		ref(c, 8, "CustomerSalesTaxCodeRef", "80000002-1690000001", "Non");
		leaf(c, 8, "ExternalGUID", "{3F2504E0-4F89-11D3-9A0C-" + String.format("%012X", i) + "}");
		for (int l = 0; l < LINES_PER_INVOICE; l++) {
			c.append("        <InvoiceLineRet>\n");
			leaf(c, 10, "TxnLineID", Integer.toHexString(0x2A00 + l).toUpperCase() + "-" + (1700000000L + i));
			ref(c, 10, "ItemRef", "8000002" + l + "-1700000000", l == 0 ? "Tree Removal" : l == 1 ? "Stump Grinding" : "Debris Haul-Away");
			leaf(c, 10, "Desc", "Line " + l + " of job " + (5000 + i) + ", front yard");
			leaf(c, 10, "Quantity", Integer.toString(1 + l));
			leaf(c, 10, "Rate", "140.00");
			ref(c, 10, "ClassRef", "80000003-1690000000", "Tree Care");
			leaf(c, 10, "Amount", (140 * (1 + l)) + ".00");
			leaf(c, 10, "ServiceDate", "2025-02-" + two(1 + i % 28));
			ref(c, 10, "SalesTaxCodeRef", "80000002-1690000001", "Non");
			c.append("        </InvoiceLineRet>\n");
		}
		c.append("      </InvoiceRet>\n");
	}

	private static void ref(StringBuilder c, int indent, String name, String listId, String fullName) {
		indent(c, indent).append('<').append(name).append(">\n");
		leaf(c, indent + 2, "ListID", listId);
		leaf(c, indent + 2, "FullName", fullName);
		indent(c, indent).append("</").append(name).append(">\n");
	}

	private static void leaf(StringBuilder c, int indent, String name, String value) {
		indent(c, indent).append('<').append(name).append('>').append(value).append("</").append(name).append(">\n");
	}

	private static StringBuilder indent(StringBuilder c, int n) {
		for (int k = 0; k < n; k++) {
			c.append(' ');
		}
		return c;
	}

	private static String listId(long n) {
		return Long.toHexString(n).toUpperCase() + "-1700000000";
	}

	private static String two(int n) {
		return n < 10 ? "0" + n : Integer.toString(n);
	}

	private static String four(int n) {
		return String.format("%04d", n);
	}

}
