package io.qbsync.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Type-specific rules of the standard object types: customer balances, invoice totals and numbering, and
 * payments applied to invoices. Amounts use two decimals like QuickBooks' AMTTYPE.
 */
final class QbBehaviors {

	private QbBehaviors() {
	}

	static String money(BigDecimal v) {
		return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
	}

	static BigDecimal amount(String s) {
		if (s == null || s.isBlank()) {
			return BigDecimal.ZERO;
		}
		try {
			return new BigDecimal(s.trim());
		}
		catch (NumberFormatException e) {
			throw new QbStatusException(QbStatus.of(3040, "There was an error when converting the amount \"" + s + "\""));
		}
	}

	/** Inserts nodes before the first child with name {@code before}, or at the end. */
	static QbNode insertBefore(QbNode parent, String before, List<QbNode> nodes) {
		List<QbNode> kids = new ArrayList<>(parent.children());
		int at = kids.size();
		for (int i = 0; i < kids.size(); i++) {
			if (kids.get(i).name().equals(before)) {
				at = i;
				break;
			}
		}
		kids.addAll(at, nodes);
		return parent.withChildren(kids);
	}

	static BigDecimal invoiceSubtotal(QbRecord invoice) {
		return invoice.lines().stream().map(l -> amount(l.text("Amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/** Sum applied to an invoice by all payments, optionally ignoring one payment. */
	static BigDecimal appliedTo(String invoiceId, QbStore store, String exceptPaymentId) {
		BigDecimal sum = BigDecimal.ZERO;
		for (QbRecord p : store.records("ReceivePayment")) {
			if (p.id().equals(exceptPaymentId)) {
				continue;
			}
			for (QbNode l : p.lines()) {
				if (invoiceId.equals(l.text("TxnID"))) {
					sum = sum.add(amount(l.text("PaymentAmount")));
				}
			}
		}
		return sum;
	}

	static BigDecimal invoiceBalance(QbRecord invoice, QbStore store) {
		return invoiceSubtotal(invoice).subtract(appliedTo(invoice.id(), store, null));
	}

	static void requireCustomer(QbRecord txn) {
		if (txn.field("CustomerRef/ListID") == null) {
			throw new QbStatusException(QbStatus.missingElement("CustomerRef"));
		}
	}

	/** Customer: Balance (own open invoices), TotalBalance (with jobs) and the JobStatus QuickBooks always returns. */
	static final class Customer implements QbObjectType.Behavior {

		@Override
		public QbNode decorate(QbNode ret, QbRecord rec, QbStore store) {
			List<QbNode> extra = new ArrayList<>();
			extra.add(QbNode.leaf("Balance", money(balance(rec, store, false))));
			extra.add(QbNode.leaf("TotalBalance", money(balance(rec, store, true))));
			if (!ret.has("JobStatus")) {
				extra.add(QbNode.leaf("JobStatus", "None"));
			}
			return insertBefore(ret, "ExternalGUID", extra);
		}

		private BigDecimal balance(QbRecord customer, QbStore store, boolean withJobs) {
			BigDecimal sum = BigDecimal.ZERO;
			for (QbRecord inv : store.records("Invoice")) {
				if (customer.id().equals(inv.field("CustomerRef/ListID"))) {
					sum = sum.add(invoiceBalance(inv, store));
				}
			}
			if (withJobs) {
				for (QbRecord job : store.children(customer)) {
					sum = sum.add(balance(job, store, true));
				}
			}
			return sum;
		}
	}

	/**
	 * Invoice: TxnDate defaults to today, RefNumber to the next number, line Amount = Quantity x Rate (Rate from
	 * the item's price when not given); Subtotal, AppliedAmount, BalanceRemaining and IsPaid are computed.
	 */
	static final class Invoice implements QbObjectType.Behavior {

		private long lastNumber = 0;

		/** The last RefNumber QuickBooks gave an invoice added without one. */
		long lastNumber() {
			return lastNumber;
		}

		void lastNumber(long number) {
			lastNumber = number;
		}

		@Override
		public void beforeSave(QbRecord candidate, QbRecord previous, QbStore store) {
			requireCustomer(candidate);
			if (candidate.field("TxnDate") == null) {
				candidate.setField("TxnDate", store.today().toString());
			}
			if (previous == null && candidate.field("RefNumber") == null) {
				candidate.setField("RefNumber", Long.toString(++lastNumber));
			}
			List<QbNode> lines = new ArrayList<>();
			for (QbNode line : candidate.lines()) {
				lines.add(priceLine(line, store));
			}
			candidate.setLines(lines);
		}

		private QbNode priceLine(QbNode line, QbStore store) {
			String rate = line.text("Rate");
			if (rate == null && line.text("Amount") == null) {
				QbRecord item = store.get(line.text("ItemRef/ListID")).orElse(null);
				String price = item == null ? null
						: item.field("SalesOrPurchase/Price") != null ? item.field("SalesOrPurchase/Price")
								: item.field("SalesAndPurchase/SalesPrice");
				if (price == null) {
					return line;
				}
				rate = price;
				line = insertBefore(line, "ClassRef", List.of(QbNode.leaf("Rate", price)));
			}
			if (rate != null) {
				BigDecimal qty = line.text("Quantity") == null ? BigDecimal.ONE : amount(line.text("Quantity"));
				QbNode amountNode = QbNode.leaf("Amount", money(qty.multiply(amount(rate))));
				line = line.has("Amount") ? line.with(amountNode)
						: insertBefore(line, line.has("ServiceDate") ? "ServiceDate" : "SalesTaxCodeRef",
								List.of(amountNode));
			}
			return line;
		}

		@Override
		public QbNode decorate(QbNode ret, QbRecord rec, QbStore store) {
			BigDecimal subtotal = invoiceSubtotal(rec);
			BigDecimal applied = appliedTo(rec.id(), store, null);
			BigDecimal balance = subtotal.subtract(applied);
			return insertBefore(ret, "InvoiceLineRet", List.of(QbNode.leaf("Subtotal", money(subtotal)),
					QbNode.leaf("AppliedAmount", money(applied.negate())),
					QbNode.leaf("BalanceRemaining", money(balance)),
					QbNode.leaf("IsPaid", Boolean.toString(balance.signum() <= 0))));
		}
	}

	/**
	 * ReceivePayment: each AppliedToTxn must name an existing invoice and may not pay more than its balance
	 * (3210); IsAutoApply pays the customer's oldest open invoices; TotalAmount defaults to the applied sum.
	 * Applying, changing or deleting a payment changes the invoices' EditSequence, as in QuickBooks.
	 */
	static final class ReceivePayment implements QbObjectType.Behavior {

		@Override
		public void beforeSave(QbRecord candidate, QbRecord previous, QbStore store) {
			requireCustomer(candidate);
			if (candidate.field("TxnDate") == null) {
				candidate.setField("TxnDate", store.today().toString());
			}
			boolean autoApply = "true".equalsIgnoreCase(candidate.field("IsAutoApply"));
			candidate.setFields(candidate.fields().stream().filter(f -> !f.name().equals("IsAutoApply")).toList());
			if (autoApply) {
				candidate.setLines(autoApply(candidate, store));
			}
			BigDecimal applied = BigDecimal.ZERO;
			for (QbNode line : candidate.lines()) {
				String txnId = line.text("TxnID");
				QbRecord invoice = store.get(txnId).filter(r -> r.type().name().equals("Invoice"))
					.orElseThrow(() -> new QbStatusException(QbStatus.notFound(txnId)));
				BigDecimal pay = amount(line.text("PaymentAmount"));
				BigDecimal due = invoiceSubtotal(invoice).subtract(appliedTo(txnId, store, candidate.id()));
				if (pay.compareTo(due) > 0) {
					throw new QbStatusException(QbStatus.invalidValue("PaymentAmount", line.text("PaymentAmount"),
							"You cannot pay more than the amount due."));
				}
				applied = applied.add(pay);
			}
			if (candidate.field("TotalAmount") == null) {
				candidate.setField("TotalAmount", money(applied));
			}
		}

		private List<QbNode> autoApply(QbRecord payment, QbStore store) {
			BigDecimal left = amount(payment.field("TotalAmount"));
			List<QbNode> lines = new ArrayList<>();
			for (QbRecord inv : store.records("Invoice")) {
				if (left.signum() <= 0) {
					break;
				}
				if (!java.util.Objects.equals(inv.field("CustomerRef/ListID"), payment.field("CustomerRef/ListID"))) {
					continue;
				}
				BigDecimal due = invoiceSubtotal(inv).subtract(appliedTo(inv.id(), store, payment.id()));
				if (due.signum() > 0) {
					BigDecimal pay = due.min(left);
					lines.add(QbNode.element("AppliedToTxnRet", QbNode.leaf("TxnID", inv.id()),
							QbNode.leaf("PaymentAmount", money(pay))));
					left = left.subtract(pay);
				}
			}
			return lines;
		}

		@Override
		public void afterSave(QbRecord saved, QbRecord previous, QbStore store) {
			Set<String> invoices = new HashSet<>();
			saved.lines().forEach(l -> invoices.add(l.text("TxnID")));
			if (previous != null) {
				previous.lines().forEach(l -> invoices.add(l.text("TxnID")));
			}
			invoices.forEach(id -> store.get(id).ifPresent(store::touch));
		}

		@Override
		public void afterDelete(QbRecord deleted, QbStore store) {
			deleted.lines().forEach(l -> store.get(l.text("TxnID")).ifPresent(store::touch));
		}

		@Override
		public QbNode decorate(QbNode ret, QbRecord rec, QbStore store) {
			BigDecimal applied = BigDecimal.ZERO;
			List<QbNode> kids = new ArrayList<>();
			for (QbNode c : ret.children()) {
				if (!c.name().equals("AppliedToTxnRet")) {
					kids.add(c);
					continue;
				}
				BigDecimal pay = amount(c.text("PaymentAmount"));
				applied = applied.add(pay);
				QbRecord inv = store.get(c.text("TxnID")).orElse(null);
				List<QbNode> line = new ArrayList<>();
				line.add(QbNode.leaf("TxnID", c.text("TxnID")));
				line.add(QbNode.leaf("TxnType", "Invoice"));
				if (inv != null) {
					line.add(QbNode.leaf("TxnDate", inv.field("TxnDate")));
					if (inv.field("RefNumber") != null) {
						line.add(QbNode.leaf("RefNumber", inv.field("RefNumber")));
					}
					line.add(QbNode.leaf("BalanceRemaining", money(invoiceBalance(inv, store))));
				}
				line.add(QbNode.leaf("Amount", money(pay)));
				kids.add(QbNode.element("AppliedToTxnRet", line));
			}
			BigDecimal unused = amount(rec.field("TotalAmount")).subtract(applied);
			return insertBefore(ret.withChildren(kids), ret.has("ExternalGUID") ? "ExternalGUID" : "AppliedToTxnRet",
					List.of(QbNode.leaf("UnusedPayment", money(unused)), QbNode.leaf("UnusedCredits", "0.00")));
		}
	}
}
