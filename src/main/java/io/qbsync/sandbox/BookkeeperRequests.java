package io.qbsync.sandbox;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.qbsync.sandbox.SandboxService.CustomerFields;
import io.qbsync.sandbox.SandboxService.InvoiceFields;
import io.qbsync.sandbox.SandboxService.InvoiceLine;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;

import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.xml.sax.SAXException;

/**
 * The bookkeeper's changes in a sandbox's simulated QuickBooks as qbXML requests, their checks, and running one
 * through the company file so QuickBooks' own rules answer.
 */
final class BookkeeperRequests {

	private BookkeeperRequests() {
	}

	/** The CustomerAddRq of the bookkeeper's new customer. */
	static QbNode customerAdd(CustomerFields fields) {
		List<QbNode> add = new ArrayList<>();
		add.add(QbNode.leaf("Name", (fields.name() != null) ? fields.name() : ""));
		add.addAll(optionalFields(fields));
		return QbNode.element("CustomerAddRq", QbNode.element("CustomerAdd", add));
	}

	/** The CustomerModRq of the bookkeeper's edit; a null field is left as it is. */
	static QbNode customerMod(String listId, String editSequence, CustomerFields fields) {
		List<QbNode> mod = new ArrayList<>();
		mod.add(QbNode.leaf("ListID", listId));
		mod.add(QbNode.leaf("EditSequence", editSequence));
		if (fields.name() != null) {
			mod.add(QbNode.leaf("Name", fields.name()));
		}
		mod.addAll(optionalFields(fields));
		return QbNode.element("CustomerModRq", QbNode.element("CustomerMod", mod));
	}

	static QbNode customerDel(String listId) {
		return QbNode.element("ListDelRq", QbNode.leaf("ListDelType", "Customer"), QbNode.leaf("ListID", listId));
	}

	/** The InvoiceAddRq of the bookkeeper's (checked) invoice, in qbXML's element order. */
	static QbNode invoiceAdd(FakeQuickBooks books, InvoiceFields fields) {
		List<QbNode> add = new ArrayList<>();
		add.add(reference(books, "CustomerRef", fields.customer().strip()));
		add.addAll(invoiceHeader(fields));
		for (InvoiceLine line : fields.lines()) {
			List<QbNode> kids = new ArrayList<>();
			kids.add(reference(books, "ItemRef", line.item().strip()));
			if (line.quantity() != null) {
				kids.add(QbNode.leaf("Quantity", line.quantity().toPlainString()));
			}
			if (line.rate() != null) {
				kids.add(QbNode.leaf("Rate", line.rate().toPlainString()));
			}
			add.add(QbNode.element("InvoiceLineAdd", kids));
		}
		return QbNode.element("InvoiceAddRq", QbNode.element("InvoiceAdd", add));
	}

	/** The InvoiceModRq of the bookkeeper's edit of number, date or memo, in qbXML's element order. */
	static QbNode invoiceMod(String txnId, String editSequence, InvoiceFields fields) {
		List<QbNode> mod = new ArrayList<>();
		mod.add(QbNode.leaf("TxnID", txnId));
		mod.add(QbNode.leaf("EditSequence", editSequence));
		mod.addAll(invoiceHeader(fields));
		return QbNode.element("InvoiceModRq", QbNode.element("InvoiceMod", mod));
	}

	static QbNode invoiceDel(String txnId) {
		return QbNode.element("TxnDelRq", QbNode.leaf("TxnDelType", "Invoice"), QbNode.leaf("TxnID", txnId));
	}

	/** TxnDate, RefNumber and Memo, in the order qbXML's InvoiceAdd and InvoiceMod have them. */
	private static List<QbNode> invoiceHeader(InvoiceFields fields) {
		List<QbNode> out = new ArrayList<>();
		if (fields.txnDate() != null) {
			out.add(QbNode.leaf("TxnDate", fields.txnDate().strip()));
		}
		if (fields.refNumber() != null) {
			out.add(QbNode.leaf("RefNumber", fields.refNumber()));
		}
		if (fields.memo() != null) {
			out.add(QbNode.leaf("Memo", fields.memo()));
		}
		return out;
	}

	/** A reference by ListID when the company file has an object with that id, else by name (QuickBooks resolves it). */
	private static QbNode reference(FakeQuickBooks books, String element, String nameOrListId) {
		boolean listId = books.find(nameOrListId).isPresent();
		return QbNode.element(element, QbNode.leaf(listId ? "ListID" : "FullName", nameOrListId));
	}

	/** Refuses a customer edit that would empty its name (QuickBooks requires one) or changes nothing. */
	static void checkCustomerMod(CustomerFields fields) {
		List<FieldProblem> problems = new ArrayList<>();
		if (fields.name() != null && fields.name().isBlank()) {
			problems.add(new FieldProblem("name", "cannot be empty: QuickBooks needs a customer's name"));
		}
		if (fields.name() == null && fields.companyName() == null && fields.phone() == null && fields.email() == null) {
			problems.add(new FieldProblem("name", "nothing to change: give name, companyName, phone or email"));
		}
		refuse("The customer was not changed", problems);
	}

	/** Refuses an invoice to add without a customer, without lines or a line's item, or with an unreadable date. */
	static void checkInvoiceAdd(InvoiceFields fields) {
		List<FieldProblem> problems = new ArrayList<>();
		if (!StringUtils.hasText(fields.customer())) {
			problems.add(new FieldProblem("customer", "is required: the customer's name or ListID in QuickBooks"));
		}
		if (fields.lines() == null || fields.lines().isEmpty()) {
			problems.add(new FieldProblem("lines", "needs at least one line: {\"item\", \"quantity\", \"rate\"}"));
		}
		else {
			for (int i = 0; i < fields.lines().size(); i++) {
				InvoiceLine line = fields.lines().get(i);
				if (line == null || !StringUtils.hasText(line.item())) {
					problems.add(new FieldProblem("lines[" + i + "].item",
							"is required: the item's name or ListID in QuickBooks"));
				}
			}
		}
		checkDate(fields.txnDate(), problems);
		refuse("The invoice was not added", problems);
	}

	/**
	 * Refuses an invoice edit that would change its customer or lines (only number, date and memo change here),
	 * changes nothing, or has an unreadable date.
	 */
	static void checkInvoiceMod(InvoiceFields fields) {
		List<FieldProblem> problems = new ArrayList<>();
		if (fields.customer() != null) {
			problems.add(new FieldProblem("customer", "cannot be changed here; edit refNumber, txnDate or memo"));
		}
		if (fields.lines() != null) {
			problems.add(new FieldProblem("lines", "cannot be changed here; edit refNumber, txnDate or memo"));
		}
		if (fields.refNumber() == null && fields.txnDate() == null && fields.memo() == null) {
			problems.add(new FieldProblem("memo", "nothing to change: give refNumber, txnDate or memo"));
		}
		checkDate(fields.txnDate(), problems);
		refuse("The invoice was not changed", problems);
	}

	private static void checkDate(String date, List<FieldProblem> problems) {
		if (date == null) {
			return;
		}
		try {
			LocalDate.parse(date.strip());
		}
		catch (DateTimeParseException ex) {
			problems.add(new FieldProblem("txnDate", "is not a date: write it as YYYY-MM-DD, e.g. 2026-05-04"));
		}
	}

	private static void refuse(String what, List<FieldProblem> problems) {
		if (!problems.isEmpty()) {
			throw new InvalidInputException(what + ": " + problems.stream()
				.map((p) -> p.field() + " " + p.message())
				.reduce((a, b) -> a + "; " + b)
				.orElseThrow() + ".", problems);
		}
	}

	static QbNode invoice(FakeQuickBooks books, String txnId) {
		return books.find(txnId)
			.filter((ret) -> ret.name().equals("InvoiceRet"))
			.orElseThrow(() -> new NotFoundException("The sandbox's QuickBooks has no invoice " + txnId + "."));
	}

	private static List<QbNode> optionalFields(CustomerFields fields) {
		List<QbNode> out = new ArrayList<>();
		if (fields.companyName() != null) {
			out.add(QbNode.leaf("CompanyName", fields.companyName()));
		}
		if (fields.phone() != null) {
			out.add(QbNode.leaf("Phone", fields.phone()));
		}
		if (fields.email() != null) {
			out.add(QbNode.leaf("Email", fields.email()));
		}
		return out;
	}

	static QbNode customer(FakeQuickBooks books, String listId) {
		return books.find(listId)
			.filter((ret) -> ret.name().equals("CustomerRet"))
			.orElseThrow(() -> new NotFoundException("The sandbox's QuickBooks has no customer " + listId + "."));
	}

	/**
	 * Does what the bookkeeper did in QuickBooks, as one qbXML request, so QuickBooks' own rules apply (a name in use,
	 * a stale record); answers the record as QuickBooks returns it.
	 */
	static QbNode bookkeeper(FakeQuickBooks books, QbNode request) {
		String document = "<?xml version=\"1.0\" encoding=\"utf-8\"?><?qbxml version=\"16.0\"?><QBXML>"
				+ "<QBXMLMsgsRq onError=\"stopOnError\">" + request.withAttribute("requestID", "1").toXml()
				+ "</QBXMLMsgsRq></QBXML>";
		QbReply reply = books.process(document);
		if (reply.isFailure()) {
			throw new InvalidInputException("QuickBooks could not read the change: " + reply.message(), List.of());
		}
		QbNode rs;
		try {
			rs = QbNode.parse(reply.response()).child("QBXMLMsgsRs").orElseThrow().children().get(0);
		}
		catch (SAXException ex) {
			throw new IllegalStateException(ex);
		}
		int code = Integer.parseInt(rs.attribute("statusCode"));
		if (code != 0) {
			throw new InvalidInputException((code == 3100 || code == 3200) ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
					"QuickBooks refused the change (" + code + "): " + rs.attribute("statusMessage"), List.of());
		}
		return rs.children().isEmpty() ? rs : rs.children().get(0);
	}

}
