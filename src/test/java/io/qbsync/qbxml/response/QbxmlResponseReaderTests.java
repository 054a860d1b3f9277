package io.qbsync.qbxml.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.QbNode;

class QbxmlResponseReaderTests {

	// ------------------------------------------------------------------ reference samples

	@Test
	void customerAddSample() {
		List<QbResponse> responses = QbxmlResponseReader.readAll(resource("customer-add.rs.xml"));

		assertThat(responses).hasSize(1);
		QbResponse rs = responses.get(0);
		assertThat(rs.status().requestId()).isEqualTo("cust-add-1001");
		assertThat(rs.status().responseType()).isEqualTo("CustomerAddRs");
		assertThat(rs.status().requestType()).isEqualTo("CustomerAdd");
		assertThat(rs.status().requestElement()).isEqualTo("CustomerAddRq");
		assertThat(rs.status().statusCode()).isZero();
		assertThat(rs.status().statusSeverity()).isEqualTo("Info");
		assertThat(rs.status().statusMessage()).isEqualTo("Status OK");
		assertThat(rs.status().isOk()).isTrue();
		assertThat(rs.status().isError()).isFalse();
		assertThat(rs.status().retCount()).isNull();
		assertThat(rs.status().iteratorId()).isNull();
		assertThat(rs.objects()).hasSize(1);
		assertThat(rs.deleted()).isEmpty();

		QbObject customer = rs.objects().get(0);
		assertThat(customer.type()).isEqualTo("Customer");
		assertThat(customer.listId()).isEqualTo("80000012-1700000000");
		assertThat(customer.id()).isEqualTo("80000012-1700000000");
		assertThat(customer.txnId()).isNull();
		assertThat(customer.isTransaction()).isFalse();
		assertThat(customer.editSequence()).isEqualTo("1738595742");
		assertThat(customer.timeCreated().raw()).isEqualTo("2025-02-03T10:15:42-05:00");
		assertThat(customer.timeModified().local()).isEqualTo(LocalDateTime.of(2025, 2, 3, 10, 15, 42));
		assertThat(customer.timeModified().offset()).isEqualTo(ZoneOffset.ofHours(-5));
		assertThat(customer.name()).isEqualTo("Greenleaf Property Mgmt");
		assertThat(customer.fullName()).isEqualTo("Greenleaf Property Mgmt");
		assertThat(customer.refNumber()).isNull();
		assertThat(customer.isActive()).isTrue();
		assertThat(customer.externalGuid()).isNull();
		assertThat(customer.displayName()).isEqualTo("Greenleaf Property Mgmt");
		assertThat(customer.fields()).containsExactly(entry("ListID", "80000012-1700000000"),
				entry("TimeCreated", "2025-02-03T10:15:42-05:00"), entry("TimeModified", "2025-02-03T10:15:42-05:00"),
				entry("EditSequence", "1738595742"), entry("Name", "Greenleaf Property Mgmt"),
				entry("FullName", "Greenleaf Property Mgmt"), entry("IsActive", "true"), entry("Sublevel", "0"),
				entry("CompanyName", "Greenleaf Property Management LLC"), entry("Balance", "0.00"),
				entry("TotalBalance", "0.00"), entry("JobStatus", "None"));
		assertThat(customer.lines()).isEmpty();
	}

	@Test
	void duplicateNameSampleIsAnErrorWithoutObjects() {
		QbResponse rs = QbxmlResponseReader.readAll(resource("customer-add-duplicate.rs.xml")).get(0);

		assertThat(rs.status().statusCode()).isEqualTo(3100);
		assertThat(rs.status().statusSeverity()).isEqualTo("Error");
		assertThat(rs.status().statusMessage())
			.isEqualTo("The name \"Greenleaf Property Mgmt\" of the list element is already in use.");
		assertThat(rs.status().isError()).isTrue();
		assertThat(rs.status().isWarning()).isFalse();
		assertThat(rs.objects()).isEmpty();
	}

	@Test
	void iteratorPageSample() {
		QbResponse rs = QbxmlResponseReader.readAll(resource("customer-query-page.rs.xml")).get(0);

		assertThat(rs.status().requestId()).isEqualTo("cust-q-1");
		assertThat(rs.status().iteratorId()).isEqualTo("{eb05f701-e727-472f-8ade-6753c4f67a46}");
		assertThat(rs.status().iteratorRemainingCount()).isEqualTo(212);
		assertThat(rs.status().hasMoreIterations()).isTrue();
		assertThat(rs.objects()).singleElement().satisfies(c -> {
			assertThat(c.listId()).isEqualTo("80000012-1700000000");
			assertThat(c.timeCreated()).isNull(); // not in this Ret (IncludeRetElement)
			assertThat(c.timeModified().raw()).isEqualTo("2025-02-03T10:15:42-05:00");
		});
	}

	// ------------------------------------------------------------------ objects and lines

	@Test
	void invoiceQueryWithLines() {
		QbResponse rs = QbxmlResponseReader.readAll(resource("invoice-query-lines.rs.xml")).get(0);

		assertThat(rs.status().retCount()).isEqualTo(2);
		assertThat(rs.status().iteratorRemainingCount()).isZero();
		assertThat(rs.status().hasMoreIterations()).isFalse();
		assertThat(rs.objects()).hasSize(2);
		QbObject inv = rs.objects().get(0);
		assertThat(inv.type()).isEqualTo("Invoice");
		assertThat(inv.txnId()).isEqualTo("1A2B-1700000500");
		assertThat(inv.id()).isEqualTo("1A2B-1700000500");
		assertThat(inv.listId()).isNull();
		assertThat(inv.isTransaction()).isTrue();
		assertThat(inv.editSequence()).isEqualTo("1738674165");
		assertThat(inv.refNumber()).isEqualTo("SO-5001");
		assertThat(inv.name()).isNull();
		assertThat(inv.isActive()).isNull();
		assertThat(inv.displayName()).isEqualTo("SO-5001");
		assertThat(inv.externalGuid()).isEqualTo("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}");
		assertThat(inv.field("CustomerRef/ListID")).isEqualTo("80000012-1700000000");
		assertThat(inv.field("CustomerRef/FullName")).isEqualTo("Greenleaf Property Mgmt");
		assertThat(inv.field("BillAddress/Addr2")).isEqualTo("400 Fayetteville St, Suite 210");
		assertThat(inv.field("BillAddressBlock/Addr3")).isEqualTo("Raleigh, NC 27601");
		assertThat(inv.field("ItemSalesTaxRef/FullName")).isEqualTo("Wake County");
		assertThat(inv.field("Memo")).isEqualTo("SingleOps job 5001 & follow-up <urgent>");
		assertThat(inv.field("Subtotal")).isEqualTo("1260.00");
		// lines are not flattened into the object's fields
		assertThat(inv.fields()).doesNotContainKeys("TxnLineID", "ItemRef/FullName", "DataExtName", "TxnType");
		assertThat(new ArrayList<>(inv.fields().keySet()).subList(0, 6)).containsExactly("TxnID", "TimeCreated",
				"TimeModified", "EditSequence", "TxnNumber", "CustomerRef/ListID");

		assertThat(inv.lines()).extracting(QbLine::element)
			.containsExactly("LinkedTxn", "InvoiceLineRet", "InvoiceLineRet", "InvoiceLineRet", "DataExtRet");
		List<QbLine> lines = inv.lines("InvoiceLineRet");
		assertThat(lines).extracting(QbLine::txnLineId)
			.containsExactly("1A2D-1700000500", "1A2E-1700000500", "1A2F-1700000500");
		assertThat(lines.get(0).fields()).containsExactly(entry("TxnLineID", "1A2D-1700000500"),
				entry("ItemRef/ListID", "80000020-1700000000"), entry("ItemRef/FullName", "Tree Removal"),
				entry("Desc", "Remove oak, front yard"), entry("Quantity", "2"), entry("Rate", "450.00"),
				entry("ClassRef/ListID", "80000003-1690000000"), entry("ClassRef/FullName", "Tree Care"),
				entry("Amount", "900.00"), entry("ServiceDate", "2025-02-03"),
				entry("SalesTaxCodeRef/ListID", "80000002-1690000001"), entry("SalesTaxCodeRef/FullName", "Non"));
		assertThat(lines.get(0).lines("DataExtRet")).singleElement().satisfies(ext -> {
			assertThat(ext.txnLineId()).isNull();
			assertThat(ext.field("DataExtName")).isEqualTo("SingleOpsLineId");
			assertThat(ext.field("DataExtValue")).isEqualTo("L-77012");
		});
		assertThat(lines.get(1).field("Rate")).isEqualTo("180.00");
		assertThat(lines.get(2).field("Quantity")).isNull();
		assertThat(lines.get(2).field("Amount")).isEqualTo("180.00");
		assertThat(inv.lines("LinkedTxn")).singleElement().satisfies(link -> {
			assertThat(link.field("TxnID")).isEqualTo("1A40-1700000600");
			assertThat(link.field("TxnType")).isEqualTo("ReceivePayment");
			assertThat(link.field("Amount")).isEqualTo("-500.00");
		});
		assertThat(inv.lines("DataExtRet")).singleElement()
			.satisfies(ext -> assertThat(ext.field("DataExtValue")).isEqualTo("North"));

		QbObject grouped = rs.objects().get(1);
		assertThat(grouped.field("CustomerRef/FullName")).isEqualTo("Oak Ridge HOA:Phase 2");
		assertThat(grouped.lines()).singleElement().satisfies(group -> {
			assertThat(group.element()).isEqualTo("InvoiceLineGroupRet");
			assertThat(group.txnLineId()).isEqualTo("1A33-1700000510");
			assertThat(group.field("ItemGroupRef/FullName")).isEqualTo("Spring Cleanup");
			assertThat(group.field("TotalAmount")).isEqualTo("640.00");
			assertThat(group.lines()).extracting(QbLine::txnLineId).containsExactly("1A34-1700000510", "1A35-1700000510");
			assertThat(group.lines().get(1).field("ItemRef/FullName")).isEqualTo("Debris Haul-Away");
		});
	}

	@Test
	void receivePaymentWithAppliedToTxn() {
		QbResponse rs = QbxmlResponseReader.readAll(resource("receive-payment-query.rs.xml")).get(0);

		QbObject pay = rs.objects().get(0);
		assertThat(pay.type()).isEqualTo("ReceivePayment");
		assertThat(pay.txnId()).isEqualTo("1A40-1700000600");
		assertThat(pay.refNumber()).isEqualTo("4471");
		assertThat(pay.field("TotalAmount")).isEqualTo("700.00");
		assertThat(pay.field("DepositToAccountRef/FullName")).isEqualTo("Undeposited Funds");
		assertThat(pay.externalGuid()).isEqualTo("{9B2E7C1A-0D4F-4C7E-8E31-2F6A5B7C8D90}");
		List<QbLine> applied = pay.lines("AppliedToTxnRet");
		assertThat(applied).hasSize(2);
		// AppliedToTxnRet names the invoice it pays; it has no TxnLineID of its own
		assertThat(applied).extracting(QbLine::txnLineId).containsOnlyNulls();
		assertThat(applied).extracting(l -> l.field("TxnID")).containsExactly("1A2B-1700000500", "1A31-1700000510");
		assertThat(applied).extracting(l -> l.field("Amount")).containsExactly("500.00", "200.00");
		assertThat(applied.get(1).field("BalanceRemaining")).isEqualTo("440.00");
		assertThat(applied.get(1).lines("LinkedTxn")).singleElement()
			.satisfies(link -> assertThat(link.field("RefNumber")).isEqualTo("SO-5002"));
		assertThat(pay.fields()).doesNotContainKey("TxnType");
	}

	@Test
	void deletedObjectQueries() {
		List<QbResponse> responses = QbxmlResponseReader.readAll(resource("deleted-queries.rs.xml"));

		assertThat(responses).extracting(r -> r.status().responseType())
			.containsExactly("ListDeletedQueryRs", "TxnDeletedQueryRs");
		QbResponse lists = QbResponse.forRequest(responses, "ldel-q-1").orElseThrow();
		assertThat(lists.objects()).isEmpty();
		assertThat(lists.deleted()).hasSize(2);
		DeletedObject job = lists.deleted().get(0);
		assertThat(job.kind()).isEqualTo(DeletedObject.Kind.LIST);
		assertThat(job.isTransaction()).isFalse();
		assertThat(job.type()).isEqualTo("Customer");
		assertThat(job.id()).isEqualTo("80000013-1700000001");
		assertThat(job.fullName()).isEqualTo("Oak Ridge HOA:Phase 1");
		assertThat(job.refNumber()).isNull();
		assertThat(job.timeCreated().raw()).isEqualTo("2025-01-10T09:00:00-05:00");
		assertThat(job.timeDeleted().local()).isEqualTo(LocalDateTime.of(2025, 2, 6, 16, 45, 10));
		assertThat(lists.deleted().get(1).type()).isEqualTo("ItemService");

		DeletedObject invoice = QbResponse.forRequest(responses, "tdel-q-1").orElseThrow().deleted().get(0);
		assertThat(invoice.kind()).isEqualTo(DeletedObject.Kind.TRANSACTION);
		assertThat(invoice.type()).isEqualTo("Invoice");
		assertThat(invoice.id()).isEqualTo("1A2C-1700000505");
		assertThat(invoice.refNumber()).isEqualTo("SO-4999");
		assertThat(invoice.fullName()).isNull();
		assertThat(invoice.timeDeleted().forQuery()).isEqualTo("2025-02-06T17:00:00");
	}

	// ------------------------------------------------------------------ statuses

	@Test
	void mixedResultsAreMatchedByRequestIdAndEveryErrorClassIsReported() {
		List<QbResponse> responses = QbxmlResponseReader.readAll(resource("mixed-results.rs.xml"));

		assertThat(responses).hasSize(10);
		assertThat(responses).extracting(r -> r.status().position()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		// look every answer up by the id we sent, in an order unrelated to the document's
		QbResponse item = byId(responses, "item-add-3");
		QbResponse stale = byId(responses, "cust-mod-7");
		QbResponse badRef = byId(responses, "inv-add-5003");
		QbResponse noMatch = byId(responses, "cust-q-2");
		QbResponse partial = byId(responses, "cust-q-3");
		QbResponse duplicate = byId(responses, "cust-add-1001");
		QbResponse notFound = byId(responses, "inv-mod-5001");
		QbResponse iterator = byId(responses, "cust-q-4");
		QbResponse txnDel = byId(responses, "txn-del-1");
		QbResponse listDel = byId(responses, "list-del-1");

		assertThat(item.status().isOk()).isTrue();
		assertThat(item.objects()).singleElement().satisfies(o -> {
			assertThat(o.type()).isEqualTo("ItemService");
			assertThat(o.listId()).isEqualTo("80000020-1700000000");
			assertThat(o.field("SalesOrPurchase/Price")).isEqualTo("450.00");
			assertThat(o.field("SalesOrPurchase/AccountRef/FullName")).isEqualTo("Services Income");
			assertThat(o.externalGuid()).isEqualTo("{1C3B8F7A-2E4D-4A6B-9C8D-0E1F2A3B4C5D}");
		});

		assertThat(stale.status().statusCode()).isEqualTo(3200);
		assertThat(stale.status().statusMessage()).contains("\"1738595742\" is out-of-date");
		assertThat(badRef.status().statusCode()).isEqualTo(3140);
		assertThat(badRef.status().statusMessage()).contains("invalid reference to QuickBooks Customer");
		assertThat(duplicate.status().statusCode()).isEqualTo(3100);
		assertThat(notFound.status().statusCode()).isEqualTo(3120);
		assertThat(iterator.status().statusCode()).isEqualTo(3391);
		assertThat(List.of(stale, badRef, duplicate, notFound, iterator, listDel)).allSatisfy(r -> {
			assertThat(r.status().isError()).isTrue();
			assertThat(r.status().isWarning()).isFalse();
			assertThat(r.status().statusSeverity()).isEqualTo("Error");
			assertThat(r.objects()).isEmpty();
			assertThat(r.deleted()).isEmpty();
		});

		assertThat(noMatch.status().statusCode()).isEqualTo(1);
		assertThat(noMatch.status().isNoMatch()).isTrue();
		assertThat(noMatch.status().isError()).isFalse();
		assertThat(noMatch.status().retCount()).isZero();
		assertThat(noMatch.objects()).isEmpty();

		assertThat(partial.status().statusCode()).isEqualTo(500);
		assertThat(partial.status().statusSeverity()).isEqualTo("Warn");
		assertThat(partial.status().isWarning()).isTrue();
		assertThat(partial.status().isError()).isFalse();
		assertThat(partial.objects()).extracting(QbObject::listId).containsExactly("80000012-1700000000");

		assertThat(txnDel.status().isOk()).isTrue();
		assertThat(txnDel.deleted()).singleElement().satisfies(d -> {
			assertThat(d.kind()).isEqualTo(DeletedObject.Kind.TRANSACTION);
			assertThat(d.type()).isEqualTo("Invoice");
			assertThat(d.id()).isEqualTo("1A2C-1700000505");
			assertThat(d.refNumber()).isEqualTo("SO-4999");
			assertThat(d.timeCreated()).isNull();
			assertThat(d.timeDeleted().raw()).isEqualTo("2025-02-06T17:00:00-05:00");
		});
		assertThat(QbResponse.forRequest(responses, "never-sent")).isEmpty();
	}

	@Test
	void warningsInTheFiveHundredsAreNotErrors() {
		String doc = message("""
				<CustomerQueryRs requestID="w1" statusCode="530" statusSeverity="Warn" statusMessage="unsupported field"/>
				<CustomerQueryRs requestID="w2" statusCode="999" statusSeverity="Warn"/>
				<CustomerQueryRs requestID="e1" statusCode="1000" statusSeverity="Error" statusMessage="internal error"/>
				<CustomerQueryRs requestID="i1" statusCode="3" statusSeverity="Info"/>
				""");

		List<QbResponse> rs = QbxmlResponseReader.readAll(doc);

		assertThat(rs).extracting(r -> r.status().isWarning()).containsExactly(true, true, false, false);
		assertThat(rs).extracting(r -> r.status().isError()).containsExactly(false, false, true, false);
		assertThat(rs.get(1).status().statusMessage()).isNull();
	}

	@Test
	void handlerSeesEachResponseThenItsObjectsInOrder() {
		List<String> events = new ArrayList<>();
		ResponseHandler recorder = new ResponseHandler() {
			@Override
			public void onResponse(QbResponseStatus status) {
				events.add("start " + status.requestId() + " " + status.statusCode());
			}

			@Override
			public void onObject(QbResponseStatus status, QbObject object) {
				events.add("object " + status.requestId() + " " + object.type() + " " + object.id());
			}

			@Override
			public void onDeleted(QbResponseStatus status, DeletedObject deleted) {
				events.add("deleted " + status.requestId() + " " + deleted.id());
			}

			@Override
			public void onResponseEnd(QbResponseStatus status) {
				events.add("end " + status.requestId());
			}
		};

		QbxmlResponseReader.read(new StringReader(resource("mixed-results.rs.xml")), recorder);

		assertThat(events).containsExactly("start cust-mod-7 3200", "end cust-mod-7", "start inv-add-5003 3140",
				"end inv-add-5003", "start cust-q-2 1", "end cust-q-2", "start item-add-3 0",
				"object item-add-3 ItemService 80000020-1700000000", "end item-add-3", "start cust-q-3 500",
				"object cust-q-3 Customer 80000012-1700000000", "end cust-q-3", "start cust-add-1001 3100",
				"end cust-add-1001", "start inv-mod-5001 3120", "end inv-mod-5001", "start cust-q-4 3391",
				"end cust-q-4", "start txn-del-1 0", "deleted txn-del-1 1A2C-1700000505", "end txn-del-1",
				"start list-del-1 3120", "end list-del-1");
	}

	@Test
	void handlerExceptionsReachTheCaller() {
		ResponseHandler failing = new ResponseHandler() {
			@Override
			public void onObject(QbResponseStatus status, QbObject object) {
				throw new IllegalStateException("database down");
			}
		};

		assertThatThrownBy(() -> QbxmlResponseReader.read(new StringReader(resource("customer-add.rs.xml")), failing))
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("database down");
	}

	// ------------------------------------------------------------------ leniency

	@Test
	void unknownElementsAreIgnoredOrKeptButNeverFatal() {
		List<QbResponse> responses = QbxmlResponseReader.readAll(resource("unknown-elements.rs.xml"));

		assertThat(responses).extracting(r -> r.status().responseType())
			.containsExactly("FrobnicateQueryRs", "CustomerQueryRs");
		QbResponse frob = responses.get(0);
		assertThat(frob.objects()).singleElement().satisfies(o -> {
			assertThat(o.type()).isEqualTo("Frobnicator");
			assertThat(o.listId()).isEqualTo("90000001-1700000000");
			assertThat(o.field("Sparkle")).isEqualTo("high");
		});

		QbObject c = QbResponse.forRequest(responses, "cust-q-9").orElseThrow().objects().get(0);
		assertThat(c.isActive()).isFalse();
		assertThat(c.field("HologramAddress/Sector")).isEqualTo("7G");
		assertThat(c.field("HologramAddress/Beacon")).isEqualTo("on");
		assertThat(c.field("Extension")).isEqualTo("namespaced");
		assertThat(c.field("Memo")).isEqualTo("CDATA & <kept>");
		assertThat(c.field("EmptyOne")).isEmpty();
		// a repeated aggregate keeps every occurrence
		assertThat(c.field("ShipToAddress/Name")).isEqualTo("Main");
		assertThat(c.field("ShipToAddress/City")).isEqualTo("Raleigh");
		assertThat(c.field("ShipToAddress[2]/Name")).isEqualTo("Yard");
		assertThat(c.field("ShipToAddress[2]/City")).isEqualTo("Cary");
		assertThat(c.lines()).singleElement().satisfies(l -> {
			assertThat(l.element()).isEqualTo("FutureRet");
			assertThat(l.field("Color")).isEqualTo("teal");
		});
	}

	@Test
	void nonConsecutiveRepeatsKeepBothValues() {
		QbObject o = QbxmlResponseReader
			.readAll(message("<CustomerQueryRs statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet><Note>a</Note>"
					+ "<Other>x</Other><Note>b</Note></CustomerRet></CustomerQueryRs>"))
			.get(0)
			.objects()
			.get(0);

		assertThat(o.fields()).containsExactly(entry("Note", "a"), entry("Other", "x"), entry("Note[2]", "b"));
	}

	@Test
	void responsesWithoutRequestIdAreStillReported() {
		QbResponse rs = QbxmlResponseReader
			.readAll(message("<HostQueryRs statusCode=\"0\" statusSeverity=\"Info\"><HostRet><ProductName>QuickBooks"
					+ "</ProductName><SupportedQBXMLVersion>13.0</SupportedQBXMLVersion><SupportedQBXMLVersion>16.0"
					+ "</SupportedQBXMLVersion></HostRet></HostQueryRs>"))
			.get(0);

		assertThat(rs.requestId()).isNull();
		assertThat(rs.objects().get(0).type()).isEqualTo("Host");
		assertThat(rs.objects().get(0).id()).isNull();
		assertThat(rs.objects().get(0).fields()).containsExactly(entry("ProductName", "QuickBooks"),
				entry("SupportedQBXMLVersion", "13.0"), entry("SupportedQBXMLVersion[2]", "16.0"));
	}

	@Test
	void inputStreamsFollowTheDeclaredEncoding() {
		byte[] latin1 = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><QBXML><QBXMLMsgsRs>"
				+ "<CustomerAddRs requestID=\"r\" statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet>"
				+ "<Name>Caf\u00e9 Fran\u00e7ois</Name></CustomerRet></CustomerAddRs></QBXMLMsgsRs></QBXML>")
			.getBytes(StandardCharsets.ISO_8859_1);
		byte[] utf8 = resource("customer-add.rs.xml").getBytes(StandardCharsets.UTF_8);
		List<QbObject> objects = new ArrayList<>();
		ResponseHandler collect = new ResponseHandler() {
			@Override
			public void onObject(QbResponseStatus status, QbObject object) {
				objects.add(object);
			}
		};

		QbxmlResponseReader.read(new ByteArrayInputStream(latin1), collect);
		QbxmlResponseReader.read(new ByteArrayInputStream(utf8), collect);

		assertThat(objects).extracting(QbObject::name).containsExactly("Caf\u00e9 Fran\u00e7ois", "Greenleaf Property Mgmt");
	}

	@Test
	void leadingWhitespaceIsTolerated() {
		assertThat(QbxmlResponseReader.readAll("\n\r\n  " + resource("customer-add.rs.xml"))).hasSize(1);
		assertThat(QbxmlResponseReader.readAll("<QBXML><QBXMLMsgsRs/></QBXML>")).isEmpty();
	}

	// ------------------------------------------------------------------ time stamps

	@Test
	void quickBooksOffsetsAreKeptAsSentEvenInSummer() {
		QbObject c = QbxmlResponseReader.readAll(resource("unknown-elements.rs.xml")).get(1).objects().get(0);

		QbTimestamp modified = c.timeModified();
		assertThat(modified.raw()).isEqualTo("2026-07-01T10:00:00-05:00");
		// New York is at -04:00 in July; QuickBooks prints the standard offset, and we keep it untouched
		assertThat(modified.offset()).isEqualTo(ZoneOffset.ofHours(-5));
		assertThat(modified.local()).isEqualTo(LocalDateTime.of(2026, 7, 1, 10, 0, 0));
		assertThat(modified.forQuery()).isEqualTo("2026-07-01T10:00:00");
		assertThat(modified.toString()).isEqualTo("2026-07-01T10:00:00-05:00");
	}

	@Test
	void timestampFormats() {
		assertThat(QbTimestamp.parse("2025-02-03")).satisfies(t -> {
			assertThat(t.local()).isEqualTo(LocalDateTime.of(2025, 2, 3, 0, 0));
			assertThat(t.hasOffset()).isFalse();
		});
		assertThat(QbTimestamp.parse("2025-02-03T10").local()).isEqualTo(LocalDateTime.of(2025, 2, 3, 10, 0));
		assertThat(QbTimestamp.parse("2025-02-03T10:15").forQuery()).isEqualTo("2025-02-03T10:15:00");
		assertThat(QbTimestamp.parse(" 2025-02-03T10:15:42 ").raw()).isEqualTo("2025-02-03T10:15:42");
		assertThat(QbTimestamp.parse("2025-02-03T10:15:42+01:00").offset()).isEqualTo(ZoneOffset.ofHours(1));
		assertThat(QbTimestamp.parse("2025-02-03T10:15:42Z").offset()).isEqualTo(ZoneOffset.UTC);
		assertThat(QbTimestamp.parse("2025-02-03T10:15:42.5-08:00").local().getNano()).isEqualTo(500_000_000);
		assertThatThrownBy(() -> QbTimestamp.parse("03/02/2025")).isInstanceOf(DateTimeException.class);
		assertThatThrownBy(() -> QbTimestamp.parse("2025-02-30T10:00:00")).isInstanceOf(DateTimeException.class);
		assertThat(QbTimestamp.parseOrNull("yesterday")).isNull();
		assertThat(QbTimestamp.parseOrNull("")).isNull();
		assertThat(QbTimestamp.parseOrNull(null)).isNull();
	}

	@Test
	void aMalformedTimestampIsKeptAsTextNotFatal() {
		QbObject o = QbxmlResponseReader
			.readAll(message("<CustomerQueryRs statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet><ListID>1</ListID>"
					+ "<TimeModified>not a time</TimeModified></CustomerRet></CustomerQueryRs>"))
			.get(0)
			.objects()
			.get(0);

		assertThat(o.timeModified()).isNull();
		assertThat(o.field("TimeModified")).isEqualTo("not a time");
	}

	// ------------------------------------------------------------------ hostile and broken input

	@Test
	void externalEntityIsRejectedWithoutReadingTheFile(@TempDir Path dir) throws IOException {
		Path secret = dir.resolve("secret.txt");
		Files.writeString(secret, "MARKER-7f3a9c-DO-NOT-LEAK");
		String doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE QBXML [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
				+ message("<CustomerQueryRs requestID=\"&xxe;\" statusCode=\"0\" statusSeverity=\"Info\">"
						+ "<CustomerRet><Name>&xxe;</Name></CustomerRet></CustomerQueryRs>")
					.substring("<?xml version=\"1.0\" ?>".length());
		List<String> seen = new ArrayList<>();
		ResponseHandler spy = new ResponseHandler() {
			@Override
			public void onResponse(QbResponseStatus status) {
				seen.add(String.valueOf(status));
			}

			@Override
			public void onObject(QbResponseStatus status, QbObject object) {
				seen.add(String.valueOf(object));
			}
		};

		assertThatThrownBy(() -> QbxmlResponseReader.read(new StringReader(doc), spy))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("DOCTYPE")
			.satisfies(ex -> assertThat(stackText(ex)).doesNotContain("MARKER-7f3a9c"));
		assertThat(seen).isEmpty();
		assertThatThrownBy(() -> QbxmlResponseReader.read(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)),
				spy))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("DOCTYPE");
		assertThat(seen).isEmpty();
	}

	@Test
	void externalDtdAndEntitiesAreNeverFetched() throws IOException {
		try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			String base = "http://127.0.0.1:" + listener.getLocalPort();
			String external = "<?xml version=\"1.0\"?><!DOCTYPE QBXML SYSTEM \"" + base + "/qbxml.dtd\"><QBXML/>";
			String entity = "<?xml version=\"1.0\"?><!DOCTYPE QBXML [<!ENTITY e SYSTEM \"" + base + "/e\">"
					+ "<!ENTITY % p SYSTEM \"" + base + "/p\"> %p;]><QBXML>&e;</QBXML>";

			assertThatThrownBy(() -> QbxmlResponseReader.readAll(external)).isInstanceOf(QbxmlResponseException.class);
			assertThatThrownBy(() -> QbxmlResponseReader.readAll(entity)).isInstanceOf(QbxmlResponseException.class);

			listener.setSoTimeout(300);
			assertThatThrownBy(listener::accept).as("nobody connected to the entity/DTD URLs")
				.isInstanceOf(SocketTimeoutException.class);
		}
	}

	@Test
	void entityExpansionIsRejected() {
		StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE QBXML [<!ENTITY l0 \"ha\">");
		for (int i = 1; i <= 10; i++) {
			String prev = "&l" + (i - 1) + ";";
			laughs.append("<!ENTITY l").append(i).append(" \"").append(prev.repeat(10)).append("\">");
		}
		laughs.append("]><QBXML><QBXMLMsgsRs><CustomerQueryRs statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet>")
			.append("<Name>&l10;</Name></CustomerRet></CustomerQueryRs></QBXMLMsgsRs></QBXML>");
		String parameterLaughs = "<?xml version=\"1.0\"?><!DOCTYPE QBXML [<!ENTITY % a \"xxxxxxxxxx\">"
				+ "<!ENTITY % b \"%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;\"><!ENTITY % c \"%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;\">"
				+ "<!ENTITY % d \"%c;%c;%c;%c;%c;%c;%c;%c;%c;%c;\"><!ENTITY % e \"%d;%d;%d;%d;%d;%d;%d;%d;%d;%d;\">"
				+ "%e;]><QBXML/>";
		AtomicInteger objects = new AtomicInteger();
		ResponseHandler count = new ResponseHandler() {
			@Override
			public void onObject(QbResponseStatus status, QbObject object) {
				objects.incrementAndGet();
			}
		};

		long start = System.nanoTime();
		assertThatThrownBy(() -> QbxmlResponseReader.read(new StringReader(laughs.toString()), count))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("DOCTYPE");
		assertThatThrownBy(() -> QbxmlResponseReader.readAll(parameterLaughs)).isInstanceOf(QbxmlResponseException.class);
		assertThat(objects).hasValue(0);
		assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(2_000);
	}

	@Test
	void aDoctypeWithoutEntitiesIsRejectedToo() {
		assertThatThrownBy(() -> QbxmlResponseReader.readAll("<!DOCTYPE QBXML><QBXML><QBXMLMsgsRs/></QBXML>"))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("DOCTYPE is not allowed");
	}

	@Test
	void undeclaredEntityReferencesAreRejected() {
		assertThatThrownBy(() -> QbxmlResponseReader.readAll(message(
				"<CustomerQueryRs statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet><Name>&nbsp;</Name></CustomerRet>"
						+ "</CustomerQueryRs>")))
			.isInstanceOf(QbxmlResponseException.class);
	}

	@Test
	void emptyBlankAndNonXmlInputGiveClearErrors() {
		assertThatThrownBy(() -> QbxmlResponseReader.readAll("")).isInstanceOf(QbxmlResponseException.class)
			.hasMessage("The qbXML response is empty");
		assertThatThrownBy(() -> QbxmlResponseReader.readAll(" \r\n\t")).isInstanceOf(QbxmlResponseException.class)
			.hasMessage("The qbXML response is empty");
		assertThatThrownBy(() -> QbxmlResponseReader.readAll((String) null)).isInstanceOf(QbxmlResponseException.class);
		assertThatThrownBy(() -> QbxmlResponseReader.read(new StringReader("  "), new ResponseHandler() {
		})).hasMessage("The qbXML response is empty");
		assertThatThrownBy(() -> QbxmlResponseReader.read(InputStream.nullInputStream(), new ResponseHandler() {
		})).hasMessage("The qbXML response is empty");
		assertThatThrownBy(() -> QbxmlResponseReader.readAll("QuickBooks is not running"))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageStartingWith("The qbXML response is not well-formed XML at line 1");
		assertThatThrownBy(() -> QbxmlResponseReader.readAll("<html><body>502 Bad Gateway</body></html>"))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("root element is <html>");
		assertThatThrownBy(() -> QbxmlResponseReader.readAll(resource("customer-add.rs.xml").substring(0, 300)))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("not well-formed");
	}

	@Test
	void aResponseWithoutANumericStatusCodeIsRejected() {
		assertThatThrownBy(() -> QbxmlResponseReader.readAll(message("<CustomerAddRs requestID=\"x\"/>")))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("<CustomerAddRs> has no statusCode");
		assertThatThrownBy(() -> QbxmlResponseReader
			.readAll(message("<CustomerAddRs statusCode=\"zero\" statusSeverity=\"Info\"/>")))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("statusCode that is not a number: 'zero'");
		assertThatThrownBy(() -> QbxmlResponseReader
			.readAll(message("<CustomerQueryRs statusCode=\"0\" iteratorRemainingCount=\"many\"/>")))
			.isInstanceOf(QbxmlResponseException.class)
			.hasMessageContaining("iteratorRemainingCount");
	}

	// ------------------------------------------------------------------ limits

	@Test
	void oneHugeFieldIsRefused() {
		String doc = message("<CustomerQueryRs statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet><Notes>"
				+ "x".repeat(2 * 1024 * 1024) + "</Notes></CustomerRet></CustomerQueryRs>");

		assertThatThrownBy(() -> QbxmlResponseReader.readAll(doc)).isInstanceOf(QbxmlLimitException.class)
			.hasMessageContaining("A field of CustomerRet is longer than 1048576 characters");
	}

	@Test
	void tooManyLinesOrFieldsOrLevelsAreRefused() {
		ResponseLimits tight = new ResponseLimits(100, 20, 3, 8);
		ResponseHandler ignore = new ResponseHandler() {
		};
		String fourLines = message("<InvoiceQueryRs statusCode=\"0\" statusSeverity=\"Info\"><InvoiceRet><TxnID>1</TxnID>"
				+ "<InvoiceLineRet/><InvoiceLineRet/><InvoiceLineRet/><InvoiceLineRet/></InvoiceRet></InvoiceQueryRs>");
		String manyFields = message("<CustomerQueryRs statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet>"
				+ "<F>1</F>".repeat(21) + "</CustomerRet></CustomerQueryRs>");
		String deep = message("<CustomerQueryRs statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet>"
				+ "<A>".repeat(6) + "x" + "</A>".repeat(6) + "</CustomerRet></CustomerQueryRs>");
		String longMessage = message("<CustomerQueryRs statusCode=\"3180\" statusSeverity=\"Error\" statusMessage=\""
				+ "m".repeat(101) + "\"/>");

		assertThatThrownBy(() -> QbxmlResponseReader.read(new StringReader(fourLines), ignore, tight))
			.isInstanceOf(QbxmlLimitException.class)
			.hasMessageContaining("more than 3 lines");
		assertThatThrownBy(() -> QbxmlResponseReader.read(new StringReader(manyFields), ignore, tight))
			.isInstanceOf(QbxmlLimitException.class)
			.hasMessageContaining("more than 20 fields");
		assertThatThrownBy(() -> QbxmlResponseReader.read(new StringReader(deep), ignore, tight))
			.isInstanceOf(QbxmlLimitException.class)
			.hasMessageContaining("deeper than 8");
		assertThatThrownBy(() -> QbxmlResponseReader.read(new StringReader(longMessage), ignore, tight))
			.isInstanceOf(QbxmlLimitException.class)
			.hasMessageContaining("statusMessage");
		// the same documents are fine with the defaults
		assertThat(QbxmlResponseReader.readAll(fourLines).get(0).objects().get(0).lines()).hasSize(4);
		assertThat(QbxmlResponseReader.readAll(deep).get(0).objects().get(0).field("A/A/A/A/A/A")).isEqualTo("x");
	}

	@Test
	void limitsCountPerObjectNotPerDocument() {
		ResponseLimits tight = new ResponseLimits(100, 5, 1, 10);
		String many = message("<InvoiceQueryRs statusCode=\"0\" statusSeverity=\"Info\">"
				+ "<InvoiceRet><TxnID>1</TxnID><InvoiceLineRet><Amount>1.00</Amount></InvoiceLineRet></InvoiceRet>"
					.repeat(1000)
				+ "</InvoiceQueryRs>");
		AtomicInteger objects = new AtomicInteger();

		QbxmlResponseReader.read(new StringReader(many), new ResponseHandler() {
			@Override
			public void onObject(QbResponseStatus status, QbObject object) {
				objects.incrementAndGet();
			}
		}, tight);

		assertThat(objects).hasValue(1000);
	}

	@Test
	void endlesslyVariedElementNamesStillGiveTheRightPaths() {
		StringBuilder fields = new StringBuilder();
		for (int i = 0; i < 30_000; i++) {
			fields.append("<G").append(i % 100).append("><F").append(i).append('>').append(i).append("</F").append(i)
				.append("></G").append(i % 100).append('>');
		}
		QbObject o = QbxmlResponseReader
			.readAll(message("<CustomerQueryRs statusCode=\"0\" statusSeverity=\"Info\"><CustomerRet>" + fields
					+ "</CustomerRet></CustomerQueryRs>"))
			.get(0)
			.objects()
			.get(0);

		assertThat(o.fields()).hasSize(30_000);
		assertThat(o.field("G0/F0")).isEqualTo("0");
		assertThat(o.field("G99/F29999")).isEqualTo("29999");
	}

	// ------------------------------------------------------------------ responses from FakeQuickBooks

	@Test
	void readsWhatFakeQuickBooksAnswers() {
		FakeQuickBooks qb = FakeQuickBooks.create();
		QbNode alder = qb.seed("Customer", "<Name>Alder Homes</Name><BillAddress><Addr1>1 Alder Way</Addr1>"
				+ "<City>Raleigh</City><State>NC</State></BillAddress>");
		QbNode birch = qb.seed("Customer", "<Name>Birch Lane</Name><IsActive>false</IsActive>");
		qb.seed("Customer", "<Name>Cedar Court</Name>");
		qb.seed("ItemService", "<Name>Tree Removal</Name>");
		qb.seed("ItemService", "<Name>Stump Grinding</Name>");
		QbNode invoice = qb.seed("Invoice", "<CustomerRef><FullName>Alder Homes</FullName></CustomerRef>"
				+ "<RefNumber>SO-7001</RefNumber>"
				+ "<InvoiceLineAdd><ItemRef><FullName>Tree Removal</FullName></ItemRef><Quantity>2</Quantity>"
				+ "<Rate>450.00</Rate></InvoiceLineAdd>"
				+ "<InvoiceLineAdd><ItemRef><FullName>Stump Grinding</FullName></ItemRef><Amount>180.00</Amount>"
				+ "</InvoiceLineAdd>"
				+ "<InvoiceLineAdd><ItemRef><FullName>Tree Removal</FullName></ItemRef><Desc>Small pine</Desc>"
				+ "<Amount>200.00</Amount></InvoiceLineAdd>");
		qb.seed("Invoice", "<CustomerRef><FullName>Birch Lane</FullName></CustomerRef><RefNumber>SO-7002</RefNumber>"
				+ "<InvoiceLineAdd><ItemRef><FullName>Stump Grinding</FullName></ItemRef><Amount>90.00</Amount>"
				+ "</InvoiceLineAdd>");

		String response = qb.handle(request("continueOnError", """
				<CustomerQueryRq requestID="c-1"><ActiveStatus>All</ActiveStatus></CustomerQueryRq>
				<InvoiceQueryRq requestID="i-1"><IncludeLineItems>true</IncludeLineItems></InvoiceQueryRq>
				<CustomerQueryRq requestID="c-2"><FullName>Nobody Here</FullName></CustomerQueryRq>
				<CustomerQueryRq requestID="c-3"><NameFilter><MatchCriterion>StartsWith</MatchCriterion><Name>Zz</Name></NameFilter></CustomerQueryRq>
				<CustomerAddRq requestID="a-1"><CustomerAdd><Name>Alder Homes</Name></CustomerAdd></CustomerAddRq>
				"""));
		List<QbResponse> responses = QbxmlResponseReader.readAll(response);

		QbResponse customers = QbResponse.forRequest(responses, "c-1").orElseThrow();
		assertThat(customers.status().isOk()).isTrue();
		assertThat(customers.objects()).extracting(QbObject::name)
			.containsExactly("Alder Homes", "Birch Lane", "Cedar Court");
		QbObject a = customers.objects().get(0);
		assertThat(a.listId()).isEqualTo(alder.text("ListID"));
		assertThat(a.editSequence()).isEqualTo(alder.text("EditSequence"));
		assertThat(a.timeModified().raw()).isEqualTo(alder.text("TimeModified"));
		assertThat(a.timeModified().offset()).isEqualTo(ZoneOffset.ofHours(-5)); // the fake's New York, standard offset
		assertThat(a.field("BillAddress/City")).isEqualTo("Raleigh");
		assertThat(customers.objects().get(1).isActive()).isFalse();
		assertThat(customers.objects().get(1).listId()).isEqualTo(birch.text("ListID"));

		QbResponse invoices = QbResponse.forRequest(responses, "i-1").orElseThrow();
		assertThat(invoices.objects()).extracting(QbObject::refNumber).containsExactly("SO-7001", "SO-7002");
		QbObject inv = invoices.objects().get(0);
		assertThat(inv.txnId()).isEqualTo(invoice.text("TxnID"));
		assertThat(inv.field("CustomerRef/ListID")).isEqualTo(alder.text("ListID"));
		List<QbLine> lines = inv.lines("InvoiceLineRet");
		assertThat(lines).hasSize(3);
		assertThat(lines).extracting(QbLine::txnLineId).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(lines).extracting(l -> l.field("ItemRef/FullName"))
			.containsExactly("Tree Removal", "Stump Grinding", "Tree Removal");
		assertThat(lines.get(0).field("Amount")).isEqualTo("900.00");
		assertThat(lines.get(2).field("Desc")).isEqualTo("Small pine");

		QbResponse missing = QbResponse.forRequest(responses, "c-2").orElseThrow();
		assertThat(missing.status().statusCode()).isEqualTo(500);
		assertThat(missing.status().isWarning()).isTrue();
		assertThat(missing.objects()).isEmpty();
		assertThat(QbResponse.forRequest(responses, "c-3").orElseThrow().status().isNoMatch()).isTrue();
		QbResponse duplicate = QbResponse.forRequest(responses, "a-1").orElseThrow();
		assertThat(duplicate.status().statusCode()).isEqualTo(3100);
		assertThat(duplicate.objects()).isEmpty();
	}

	@Test
	void readsFakeQuickBooksIteratorPagesAndDeletions() {
		FakeQuickBooks qb = FakeQuickBooks.create();
		for (String name : List.of("Alder", "Birch", "Cedar", "Dogwood", "Elm")) {
			qb.seed("Customer", "<Name>" + name + "</Name>");
		}
		String start = request("stopOnError",
				"<CustomerQueryRq requestID=\"p-1\" iterator=\"Start\"><MaxReturned>2</MaxReturned></CustomerQueryRq>");

		QbResponse page1 = QbxmlResponseReader.readAll(qb.handle(start)).get(0);
		String iteratorId = page1.status().iteratorId();
		QbResponse page2 = QbxmlResponseReader.readAll(qb.handle(request("stopOnError",
				"<CustomerQueryRq requestID=\"p-2\" iterator=\"Continue\" iteratorID=\"" + iteratorId
						+ "\"><MaxReturned>2</MaxReturned></CustomerQueryRq>")))
			.get(0);

		assertThat(iteratorId).isNotBlank();
		assertThat(page1.status().iteratorRemainingCount()).isEqualTo(3);
		assertThat(page1.objects()).extracting(QbObject::name).containsExactly("Alder", "Birch");
		assertThat(page2.status().iteratorId()).isEqualTo(iteratorId);
		assertThat(page2.status().iteratorRemainingCount()).isEqualTo(1);
		assertThat(page2.objects()).extracting(QbObject::name).containsExactly("Cedar", "Dogwood");

		qb.expireIterators();
		QbResponse expired = QbxmlResponseReader.readAll(qb.handle(request("stopOnError",
				"<CustomerQueryRq requestID=\"p-3\" iterator=\"Continue\" iteratorID=\"" + iteratorId
						+ "\"><MaxReturned>2</MaxReturned></CustomerQueryRq>")))
			.get(0);
		assertThat(expired.status().statusCode()).isEqualTo(3391);
		assertThat(expired.status().isError()).isTrue();

		QbObject elm = QbxmlResponseReader.readAll(qb.handle(request("stopOnError",
				"<CustomerQueryRq requestID=\"q\"><FullName>Elm</FullName></CustomerQueryRq>")))
			.get(0)
			.objects()
			.get(0);
		qb.userDelete(elm.listId());
		List<QbResponse> deleted = QbxmlResponseReader.readAll(qb.handle(request("continueOnError", """
				<ListDeletedQueryRq requestID="ld"><ListDelType>Customer</ListDelType></ListDeletedQueryRq>
				<TxnDeletedQueryRq requestID="td"><TxnDelType>Invoice</TxnDelType></TxnDeletedQueryRq>
				""")));
		assertThat(QbResponse.forRequest(deleted, "ld").orElseThrow().deleted()).singleElement().satisfies(d -> {
			assertThat(d.id()).isEqualTo(elm.listId());
			assertThat(d.type()).isEqualTo("Customer");
			assertThat(d.fullName()).isEqualTo("Elm");
			assertThat(d.timeDeleted()).isNotNull();
		});
		QbResponse noTxn = QbResponse.forRequest(deleted, "td").orElseThrow();
		assertThat(noTxn.deleted()).isEmpty();
		assertThat(noTxn.status().isError()).isFalse();
	}

	// ------------------------------------------------------------------ helpers

	private static QbResponse byId(List<QbResponse> responses, String requestId) {
		return QbResponse.forRequest(responses, requestId).orElseThrow();
	}

	private static String message(String rs) {
		return "<?xml version=\"1.0\" ?>\n<QBXML>\n<QBXMLMsgsRs>\n" + rs + "\n</QBXMLMsgsRs>\n</QBXML>\n";
	}

	private static String request(String onError, String rqs) {
		return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?qbxml version=\"16.0\"?>\n<QBXML>\n<QBXMLMsgsRq onError=\""
				+ onError + "\">\n" + rqs + "\n</QBXMLMsgsRq>\n</QBXML>\n";
	}

	private static String stackText(Throwable ex) {
		StringBuilder sb = new StringBuilder();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			sb.append(t).append('\n');
		}
		return sb.toString();
	}

	static String resource(String name) {
		try (InputStream in = QbxmlResponseReaderTests.class.getResourceAsStream("/qbxml/response/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no test resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
