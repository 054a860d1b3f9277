package io.qbsync.sandbox;

import static io.qbsync.sandbox.HarnessTestSupport.customerAdd;
import static io.qbsync.sandbox.HarnessTestSupport.doc;
import static io.qbsync.sandbox.HarnessTestSupport.docWith;
import static io.qbsync.sandbox.HarnessTestSupport.responses;
import static io.qbsync.sandbox.HarnessTestSupport.sample;
import static io.qbsync.sandbox.HarnessTestSupport.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake company file answers the reference samples and the failure cases like QuickBooks would. */
class FakeQuickBooksTests {

	private static final String ID_PATTERN = "[0-9A-F]+-\\d{10}";

	private MutableClock clock;

	private FakeQuickBooks qb;

	@BeforeEach
	void setUp() {
		clock = MutableClock.at("2026-11-26T14:15:02Z");
		qb = FakeQuickBooks.builder().clock(clock).build();
	}

	// ------------------------------------------------------------------ Add

	@Test
	void customerAddSampleAnswersLikeQuickBooks() {
		qb.seed("StandardTerms", "<Name>Net 30</Name><StdDueDays>30</StdDueDays>");

		String response = qb.handle(sample("customer-add.rq.xml"));

		assertThat(response).startsWith("<?xml version=\"1.0\" ?><QBXML><QBXMLMsgsRs>");
		QbNode rs = single(response);
		assertThat(rs.name()).isEqualTo("CustomerAddRs");
		assertThat(rs.attributes()).containsEntry("requestID", "cust-add-1001")
			.containsEntry("statusCode", "0")
			.containsEntry("statusSeverity", "Info")
			.containsEntry("statusMessage", "Status OK");
		QbNode ret = rs.child("CustomerRet").orElseThrow();
		long seconds = Instant.parse("2026-11-26T14:15:02Z").getEpochSecond();
		assertThat(ret.text("ListID")).matches(ID_PATTERN).startsWith("80000002-").endsWith("-" + seconds);
		assertThat(ret.text("TimeCreated")).isEqualTo("2026-11-26T09:15:02-05:00");
		assertThat(ret.text("TimeModified")).isEqualTo("2026-11-26T09:15:02-05:00");
		assertThat(ret.text("EditSequence")).isEqualTo(Long.toString(seconds));
		assertThat(ret.text("FullName")).isEqualTo("Greenleaf Property Mgmt");
		assertThat(ret.text("ExternalGUID")).isEqualTo("{6F9619FF-8B86-D011-B42D-00C04FC964FF}");
		assertThat(ret.text("TermsRef/FullName")).isEqualTo("Net 30");
		assertThat(ret.text("TermsRef/ListID")).startsWith("80000001-");
		assertThat(ret.text("BillAddress/City")).isEqualTo("Raleigh");
		// Every element of the reference response is present in ours.
		QbNode sampleRet = single(sample("customer-add.rs.xml")).child("CustomerRet").orElseThrow();
		List<String> ours = ret.children().stream().map(QbNode::name).toList();
		assertThat(ours).containsAll(sampleRet.children().stream().map(QbNode::name).toList());
		assertThat(ret.text("Balance")).isEqualTo("0.00");
		assertThat(ret.text("Sublevel")).isEqualTo("0");
		// The ExternalGUID stays on the record: queries return it, so a lost Add can be recognised.
		QbNode queried = single(qb.handle(doc("<CustomerQueryRq requestID=\"q\"><FullName>Greenleaf Property Mgmt"
				+ "</FullName></CustomerQueryRq>"))).child("CustomerRet").orElseThrow();
		assertThat(queried.text("ExternalGUID")).isEqualTo("{6F9619FF-8B86-D011-B42D-00C04FC964FF}");
		assertThat(qb.findByExternalGuid("Customer", "{6f9619ff-8b86-d011-b42d-00c04fc964ff}")).isPresent();
	}

	@Test
	void duplicateNameGives3100ExactlyLikeTheSample() {
		qb.seed("StandardTerms", "<Name>Net 30</Name>");
		qb.handle(sample("customer-add.rq.xml"));

		QbNode rs = single(qb.handle(sample("customer-add.rq.xml")));

		QbNode expected = single(sample("customer-add-duplicate.rs.xml"));
		assertThat(rs.attributes()).isEqualTo(expected.attributes());
		assertThat(rs.children()).isEmpty();
		assertThat(qb.list("Customer")).hasSize(1);
	}

	@Test
	void namesAreUniqueCaseInsensitivelyAcrossCustomersAndVendors() {
		qb.seed("Customer", "<Name>Oak Supply</Name>");

		QbNode vendor = single(qb.handle(doc("<VendorAddRq requestID=\"v1\"><VendorAdd><Name>OAK SUPPLY</Name>"
				+ "</VendorAdd></VendorAddRq>")));
		QbNode item = single(qb.handle(doc("<ItemServiceAddRq requestID=\"i1\"><ItemServiceAdd><Name>Oak Supply</Name>"
				+ "</ItemServiceAdd></ItemServiceAddRq>")));

		assertThat(vendor.attribute("statusCode")).isEqualTo("3100");
		assertThat(vendor.attribute("statusMessage"))
			.isEqualTo("The name \"OAK SUPPLY\" of the list element is already in use.");
		assertThat(item.attribute("statusCode")).isEqualTo("0");
	}

	@Test
	void missingReferenceGives3140AndStoresNothing() {
		QbNode rs = single(qb.handle(sample("customer-add.rq.xml")));

		assertThat(rs.attribute("statusCode")).isEqualTo("3140");
		assertThat(rs.attribute("statusSeverity")).isEqualTo("Error");
		assertThat(rs.attribute("statusMessage"))
			.isEqualTo("There is an invalid reference to QuickBooks Terms \"Net 30\" in the Customer.");
		assertThat(qb.list("Customer")).isEmpty();
	}

	@Test
	void jobsGetParentFullNameAndSublevel() {
		qb.seed("StandardTerms", "<Name>Net 30</Name>");
		qb.handle(sample("customer-add.rq.xml"));

		QbNode ret = single(qb.handle(sample("customer-add-job.rq.xml"))).child("CustomerRet").orElseThrow();

		assertThat(ret.text("FullName")).isEqualTo("Greenleaf Property Mgmt:412 Maple St - Tree Removal");
		assertThat(ret.text("Sublevel")).isEqualTo("1");
		assertThat(ret.text("ParentRef/FullName")).isEqualTo("Greenleaf Property Mgmt");
		// The same job name under another parent is fine; the full name is what must be unique.
		qb.seed("Customer", "<Name>Other Client</Name>");
		String again = sample("customer-add-job.rq.xml").replace("Greenleaf Property Mgmt", "Other Client");
		assertThat(single(qb.handle(again)).attribute("statusCode")).isEqualTo("0");
	}

	// ------------------------------------------------------------------ Mod

	@Test
	void modNeedsTheCurrentEditSequenceAndChangesIt() {
		qb.seedWithId("Customer", "80000012-1700000000", "<Name>Greenleaf Property Mgmt</Name><Phone>919-555-0142</Phone>");
		String current = qb.find("80000012-1700000000").orElseThrow().text("EditSequence");

		QbNode stale = single(qb.handle(sample("customer-mod.rq.xml")));
		assertThat(stale.attribute("statusCode")).isEqualTo("3200");
		assertThat(stale.attribute("statusMessage")).isEqualTo("The provided edit sequence \"1700000123\" is out-of-date.");

		clock.advanceSeconds(90);
		String mod = sample("customer-mod.rq.xml").replace("1700000123", current);
		QbNode ret = single(qb.handle(mod)).child("CustomerRet").orElseThrow();

		assertThat(ret.text("EditSequence")).isNotEqualTo(current).matches("\\d+");
		assertThat(ret.text("Phone")).isEqualTo("919-555-0199");
		assertThat(ret.text("Email")).isEqualTo("billing@greenleaf.example");
		assertThat(ret.text("Name")).isEqualTo("Greenleaf Property Mgmt");
		assertThat(ret.text("TimeCreated")).isEqualTo("2026-11-26T09:15:02-05:00");
		assertThat(ret.text("TimeModified")).isEqualTo("2026-11-26T09:16:32-05:00");
		// The old EditSequence is now stale, even within the same second.
		assertThat(single(qb.handle(mod)).attribute("statusCode")).isEqualTo("3200");
		String next = ret.text("EditSequence");
		assertThat(single(qb.handle(mod.replace(current, next))).child("CustomerRet").orElseThrow().text("EditSequence"))
			.isNotEqualTo(next);
	}

	@Test
	void anItemsSalesOrPurchaseModChangesItsSalesOrPurchaseAndKeepsWhatItDoesNotName() {
		QbNode item = qb.seed("ItemService", "<Name>Mowing</Name><SalesOrPurchase><Desc>Weekly mowing</Desc>"
				+ "<Price>45.00</Price></SalesOrPurchase>");

		QbNode ret = single(qb.handle(doc("<ItemServiceModRq requestID=\"m1\"><ItemServiceMod><ListID>"
				+ item.text("ListID") + "</ListID><EditSequence>" + item.text("EditSequence")
				+ "</EditSequence><SalesOrPurchaseMod><Price>60.00</Price></SalesOrPurchaseMod></ItemServiceMod>"
				+ "</ItemServiceModRq>"))).child("ItemServiceRet").orElseThrow();

		assertThat(ret.text("SalesOrPurchase/Price")).isEqualTo("60.00");
		assertThat(ret.text("SalesOrPurchase/Desc")).isEqualTo("Weekly mowing");
		assertThat(ret.has("SalesOrPurchaseMod")).isFalse();
	}

	@Test
	void userEditInQuickBooksMakesOurEditSequenceStale() {
		QbNode ret = qb.seed("Customer", "<Name>Elm Street HOA</Name>");
		qb.userEdit(ret.text("ListID"), "Phone", "555-0100");

		String mod = doc("<CustomerModRq requestID=\"m1\"><CustomerMod><ListID>" + ret.text("ListID")
				+ "</ListID><EditSequence>" + ret.text("EditSequence")
				+ "</EditSequence><Phone>555-0199</Phone></CustomerMod></CustomerModRq>");
		assertThat(single(qb.handle(mod)).attribute("statusCode")).isEqualTo("3200");
	}

	@Test
	void modAndDeleteOfUnknownIdGive3120() {
		QbNode mod = single(qb.handle(doc("<CustomerModRq requestID=\"m1\"><CustomerMod><ListID>80000099-1700000000"
				+ "</ListID><EditSequence>1</EditSequence><Phone>1</Phone></CustomerMod></CustomerModRq>")));
		QbNode del = single(qb.handle(doc("<ListDelRq requestID=\"d1\"><ListDelType>Customer</ListDelType>"
				+ "<ListID>80000099-1700000000</ListID></ListDelRq>")));

		for (QbNode rs : List.of(mod, del)) {
			assertThat(rs.attribute("statusCode")).isEqualTo("3120");
			assertThat(rs.attribute("statusMessage")).startsWith(
					"Object \"80000099-1700000000\" specified in the request cannot be found.");
		}
	}

	// ------------------------------------------------------------------ Query

	@Test
	void queriesByIdNameAndStatus() {
		QbNode a = qb.seed("Customer", "<Name>Alder Homes</Name>");
		qb.seed("Customer", "<Name>Birch Lane</Name><IsActive>false</IsActive>");

		QbNode byId = single(qb.handle(doc("<CustomerQueryRq requestID=\"q1\"><ListID>" + a.text("ListID")
				+ "</ListID></CustomerQueryRq>")));
		QbNode byName = single(qb.handle(doc("<CustomerQueryRq requestID=\"q2\"><FullName>alder homes</FullName>"
				+ "<FullName>Nobody</FullName></CustomerQueryRq>")));
		QbNode active = single(qb.handle(doc("<CustomerQueryRq requestID=\"q3\"/>")));
		QbNode all = single(qb.handle(doc("<CustomerQueryRq requestID=\"q4\"><ActiveStatus>All</ActiveStatus>"
				+ "</CustomerQueryRq>")));
		QbNode none = single(qb.handle(doc("<VendorQueryRq requestID=\"q5\"/>")));
		QbNode nameFilter = single(qb.handle(doc("<CustomerQueryRq requestID=\"q6\"><ActiveStatus>All</ActiveStatus>"
				+ "<NameFilter><MatchCriterion>Contains</MatchCriterion><Name>LANE</Name></NameFilter></CustomerQueryRq>")));

		assertThat(byId.attribute("statusCode")).isEqualTo("0");
		assertThat(byId.children("CustomerRet")).hasSize(1);
		assertThat(byName.attribute("statusCode")).isEqualTo("500");
		assertThat(byName.attribute("statusSeverity")).isEqualTo("Warn");
		assertThat(byName.attribute("statusMessage")).isEqualTo("The query request has not been fully completed. "
				+ "There was a required element (\"Nobody\") that could not be found in QuickBooks.");
		assertThat(byName.children("CustomerRet")).hasSize(1);
		assertThat(active.children("CustomerRet")).extracting(r -> r.text("Name")).containsExactly("Alder Homes");
		assertThat(all.children("CustomerRet")).extracting(r -> r.text("Name")).containsExactly("Alder Homes", "Birch Lane");
		assertThat(none.attributes()).containsEntry("statusCode", "1")
			.containsEntry("statusSeverity", "Info")
			.containsEntry("statusMessage", "A query request did not find a matching object in QuickBooks");
		assertThat(nameFilter.children("CustomerRet")).extracting(r -> r.text("Name")).containsExactly("Birch Lane");
	}

	@Test
	void modifiedDateFiltersAreInclusiveInLocalTime() {
		QbNode first = qb.seed("Customer", "<Name>First</Name>");
		clock.advanceSeconds(600);
		qb.seed("Customer", "<Name>Second</Name>");
		String firstModified = first.text("TimeModified");
		assertThat(firstModified).isEqualTo("2026-11-26T09:15:02-05:00");

		QbNode fromFirst = single(qb.handle(doc("<CustomerQueryRq requestID=\"q\"><FromModifiedDate>2026-11-26T09:15:02"
				+ "</FromModifiedDate></CustomerQueryRq>")));
		QbNode toFirst = single(qb.handle(doc("<CustomerQueryRq requestID=\"q\"><ToModifiedDate>" + firstModified
				+ "</ToModifiedDate></CustomerQueryRq>")));
		QbNode afterFirst = single(qb.handle(doc("<CustomerQueryRq requestID=\"q\"><FromModifiedDate>2026-11-26T09:15:03"
				+ "</FromModifiedDate></CustomerQueryRq>")));
		QbNode wholeDay = single(qb.handle(doc("<CustomerQueryRq requestID=\"q\"><FromModifiedDate>2026-11-26"
				+ "</FromModifiedDate><ToModifiedDate>2026-11-26</ToModifiedDate></CustomerQueryRq>")));

		assertThat(fromFirst.children("CustomerRet")).hasSize(2);
		assertThat(toFirst.children("CustomerRet")).extracting(r -> r.text("Name")).containsExactly("First");
		assertThat(afterFirst.children("CustomerRet")).extracting(r -> r.text("Name")).containsExactly("Second");
		assertThat(wholeDay.children("CustomerRet")).hasSize(2);
		// "Z" is not a qbXML date-time: QuickBooks cannot parse the document.
		QbReply z = qb.process(doc("<CustomerQueryRq requestID=\"q\"><FromModifiedDate>2026-11-26T14:15:02Z"
				+ "</FromModifiedDate></CustomerQueryRq>"));
		assertThat(z.hresult()).isEqualTo("0x80040400");
	}

	@Test
	void timesKeepTheStandardOffsetInSummerLikeQuickBooks() {
		clock.set(Instant.parse("2026-07-01T14:00:00Z"));
		QbNode ret = qb.seed("Customer", "<Name>Summer</Name>");

		assertThat(ret.text("TimeCreated")).isEqualTo("2026-07-01T10:00:00-05:00");

		FakeQuickBooks honest = FakeQuickBooks.builder().clock(clock).standardOffsetOnly(false).build();
		assertThat(honest.seed("Customer", "<Name>Summer</Name>").text("TimeCreated"))
			.isEqualTo("2026-07-01T10:00:00-04:00");
	}

	@Test
	void iteratorsPageThroughAndExpire() {
		for (String name : List.of("Ash", "Beech", "Cedar", "Dogwood", "Elm")) {
			qb.seed("Customer", "<Name>" + name + "</Name>");
		}
		String start = sample("customer-query-start.rq.xml").replace("<MaxReturned>100</MaxReturned>",
				"<MaxReturned>2</MaxReturned>");

		QbNode page1 = single(qb.handle(start));
		String iteratorId = page1.attribute("iteratorID");
		assertThat(iteratorId).matches("\\{[0-9a-f-]{36}\\}");
		assertThat(page1.attribute("iteratorRemainingCount")).isEqualTo("3");
		assertThat(page1.children("CustomerRet")).extracting(r -> r.text("Name")).containsExactly("Ash", "Beech");
		// IncludeRetElement limits the Ret to the listed elements.
		assertThat(page1.children("CustomerRet").get(0).children()).extracting(QbNode::name)
			.containsExactly("ListID", "TimeModified", "EditSequence", "Name", "FullName", "IsActive");

		String cont = sample("customer-query-continue.rq.xml").replace("{eb05f701-e727-472f-8ade-6753c4f67a46}", iteratorId)
			.replace("<MaxReturned>100</MaxReturned>", "<MaxReturned>2</MaxReturned>");
		QbNode page2 = single(qb.handle(cont));
		QbNode page3 = single(qb.handle(cont));
		QbNode afterEnd = single(qb.handle(cont));

		assertThat(page2.attribute("requestID")).isEqualTo("cust-q-2");
		assertThat(page2.attribute("iteratorRemainingCount")).isEqualTo("1");
		assertThat(page2.children("CustomerRet")).extracting(r -> r.text("Name")).containsExactly("Cedar", "Dogwood");
		assertThat(page3.attribute("iteratorRemainingCount")).isEqualTo("0");
		assertThat(page3.children("CustomerRet")).extracting(r -> r.text("Name")).containsExactly("Elm");
		assertThat(afterEnd.attribute("statusCode")).isEqualTo("3391");

		QbNode restart = single(qb.handle(start));
		qb.expireIterators();
		QbNode expired = single(qb.handle(cont.replace(iteratorId, restart.attribute("iteratorID"))));
		assertThat(expired.attribute("statusCode")).isEqualTo("3391");
		assertThat(expired.attribute("statusSeverity")).isEqualTo("Error");
		assertThat(expired.attribute("statusMessage"))
			.isEqualTo("The iteratorID \"" + restart.attribute("iteratorID") + "\" is not valid.");
	}

	// ------------------------------------------------------------------ transactions

	private void seedInvoiceDependencies() {
		qb.seedWithId("Customer", "80000012-1700000000", "<Name>Greenleaf Property Mgmt</Name>");
		qb.seed("Class", "<Name>Tree Care</Name>");
		qb.seed("StandardTerms", "<Name>Net 30</Name>");
		qb.seed("Account", "<Name>Services Income</Name><AccountType>Income</AccountType>");
		qb.seed("Account", "<Name>Undeposited Funds</Name><AccountType>OtherCurrentAsset</AccountType>");
		assertThat(single(qb.handle(sample("item-service-add.rq.xml"))).attribute("statusCode")).isEqualTo("0");
		qb.seed("ItemService", "<Name>Stump Grinding</Name>");
		qb.seed("ItemService", "<Name>Debris Haul-Away</Name>");
	}

	@Test
	void invoiceAndPaymentSamples() {
		seedInvoiceDependencies();

		QbNode inv = single(qb.handle(sample("invoice-add.rq.xml"))).child("InvoiceRet").orElseThrow();

		assertThat(inv.text("TxnID")).matches(ID_PATTERN).startsWith("1A-");
		assertThat(inv.text("TxnNumber")).isEqualTo("1");
		assertThat(inv.text("CustomerRef/ListID")).isEqualTo("80000012-1700000000");
		assertThat(inv.text("CustomerRef/FullName")).isEqualTo("Greenleaf Property Mgmt");
		assertThat(inv.text("RefNumber")).isEqualTo("SO-5001");
		assertThat(inv.text("ExternalGUID")).isEqualTo("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}");
		assertThat(inv.text("Subtotal")).isEqualTo("1080.00");
		assertThat(inv.text("BalanceRemaining")).isEqualTo("1080.00");
		assertThat(inv.text("IsPaid")).isEqualTo("false");
		List<QbNode> lines = inv.children("InvoiceLineRet");
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0).text("TxnLineID")).matches(ID_PATTERN);
		assertThat(lines.get(0).text("ItemRef/FullName")).isEqualTo("Tree Removal");
		assertThat(lines.get(0).text("Amount")).isEqualTo("900.00");
		assertThat(lines.get(0).text("SalesTaxCodeRef/FullName")).isEqualTo("Non");
		String invoiceEdit = inv.text("EditSequence");

		clock.advanceSeconds(5);
		String payment = sample("receive-payment-add.rq.xml").replace("1A2B-1700000500", inv.text("TxnID"));
		QbNode pay = single(qb.handle(payment)).child("ReceivePaymentRet").orElseThrow();

		assertThat(pay.text("TotalAmount")).isEqualTo("1080.00");
		assertThat(pay.text("ExternalGUID")).isEqualTo("{9B2E7C1A-0D4F-4C7E-8E31-2F6A5B7C8D90}");
		assertThat(pay.text("AppliedToTxnRet/TxnID")).isEqualTo(inv.text("TxnID"));
		assertThat(pay.text("AppliedToTxnRet/Amount")).isEqualTo("1080.00");
		assertThat(pay.text("AppliedToTxnRet/BalanceRemaining")).isEqualTo("0.00");
		QbNode paid = qb.find(inv.text("TxnID")).orElseThrow();
		assertThat(paid.text("IsPaid")).isEqualTo("true");
		assertThat(paid.text("EditSequence")).isNotEqualTo(invoiceEdit);

		QbNode overpay = single(qb.handle(payment.replace("{9B2E7C1A-0D4F-4C7E-8E31-2F6A5B7C8D90}",
				"{9B2E7C1A-0D4F-4C7E-8E31-2F6A5B7C8D91}")));
		assertThat(overpay.attribute("statusCode")).isEqualTo("3210");
		assertThat(overpay.attribute("statusMessage")).endsWith("You cannot pay more than the amount due.");
	}

	@Test
	void invoiceForMissingCustomerGives3140() {
		QbNode rs = single(qb.handle(sample("invoice-add.rq.xml")));

		assertThat(rs.attribute("statusCode")).isEqualTo("3140");
		assertThat(rs.attribute("statusMessage"))
			.isEqualTo("There is an invalid reference to QuickBooks Customer \"80000012-1700000000\" in the Invoice.");
	}

	@Test
	void invoiceModReplacesLinesLikeQuickBooks() {
		seedInvoiceDependencies();
		QbNode inv = single(qb.handle(sample("invoice-add.rq.xml"))).child("InvoiceRet").orElseThrow();
		List<QbNode> lines = inv.children("InvoiceLineRet");
		String mod = sample("invoice-mod.rq.xml").replace("1A2B-1700000500", inv.text("TxnID"))
			.replace("1700000777", inv.text("EditSequence"))
			.replace("1A2D-1700000500", lines.get(0).text("TxnLineID"))
			.replace("1A2E-1700000500", lines.get(1).text("TxnLineID"));

		QbNode ret = single(qb.handle(mod)).child("InvoiceRet").orElseThrow();

		List<QbNode> after = ret.children("InvoiceLineRet");
		assertThat(after).hasSize(3);
		assertThat(after.get(0).text("Quantity")).isEqualTo("3");
		assertThat(after.get(0).text("Amount")).isEqualTo("1350.00");
		assertThat(after.get(0).text("Desc")).isEqualTo("Remove oak, front yard");
		assertThat(after.get(1).text("Amount")).isEqualTo("180.00");
		assertThat(after.get(2).text("ItemRef/FullName")).isEqualTo("Debris Haul-Away");
		assertThat(after.get(2).text("TxnLineID")).matches(ID_PATTERN).isNotIn(lines.get(0).text("TxnLineID"),
				lines.get(1).text("TxnLineID"));
		assertThat(ret.text("Subtotal")).isEqualTo("1605.00");
		assertThat(ret.text("Memo")).isEqualTo("SingleOps job 5001 - revised");

		// Without line mods the lines stay; queries return lines only with IncludeLineItems.
		String memoOnly = "<InvoiceModRq requestID=\"m2\"><InvoiceMod><TxnID>" + inv.text("TxnID") + "</TxnID><EditSequence>"
				+ ret.text("EditSequence") + "</EditSequence><Memo>again</Memo></InvoiceMod></InvoiceModRq>";
		assertThat(single(qb.handle(doc(memoOnly))).child("InvoiceRet").orElseThrow().children("InvoiceLineRet")).hasSize(3);
		QbNode withoutLines = single(qb.handle(doc("<InvoiceQueryRq requestID=\"q\"><RefNumber>SO-5001</RefNumber>"
				+ "</InvoiceQueryRq>")));
		assertThat(withoutLines.child("InvoiceRet").orElseThrow().children("InvoiceLineRet")).isEmpty();
		String modified = sample("invoice-query-modified.rq.xml");
		QbNode withLines = single(qb.handle(modified));
		assertThat(withLines.child("InvoiceRet").orElseThrow().children("InvoiceLineRet")).hasSize(3);
		assertThat(withLines.attribute("iteratorRemainingCount")).isEqualTo("0");
	}

	@Test
	void deletesShowUpInDeletedQueries() {
		seedInvoiceDependencies();
		QbNode inv = single(qb.handle(sample("invoice-add.rq.xml"))).child("InvoiceRet").orElseThrow();
		QbNode customer = qb.seed("Customer", "<Name>Gone Soon</Name>");
		clock.advanceSeconds(60);
		String deletes = sample("deletes.rq.xml").replace("1A2B-1700000500", inv.text("TxnID"))
			.replace("80000013-1700000001", customer.text("ListID"));

		List<QbNode> rs = responses(qb.handle(deletes));

		assertThat(rs).extracting(QbNode::name).containsExactly("TxnDelRs", "ListDelRs");
		assertThat(rs.get(0).text("RefNumber")).isEqualTo("SO-5001");
		assertThat(rs.get(0).text("TimeDeleted")).isEqualTo("2026-11-26T09:16:02-05:00");
		assertThat(rs.get(1).text("FullName")).isEqualTo("Gone Soon");
		assertThat(qb.find(inv.text("TxnID"))).isEmpty();

		List<QbNode> deleted = responses(qb.handle(sample("deleted-queries.rq.xml")));
		assertThat(deleted.get(0).child("ListDeletedRet").orElseThrow().text("ListID")).isEqualTo(customer.text("ListID"));
		assertThat(deleted.get(1).child("TxnDeletedRet").orElseThrow().text("TxnDelType")).isEqualTo("Invoice");
		assertThat(deleted.get(1).child("TxnDeletedRet").orElseThrow().text("TxnID")).isEqualTo(inv.text("TxnID"));
		QbNode nothing = single(qb.handle(doc("<ListDeletedQueryRq requestID=\"x\"><ListDelType>Vendor</ListDelType>"
				+ "</ListDeletedQueryRq>")));
		assertThat(nothing.attribute("statusCode")).isEqualTo("1");
	}

	// ------------------------------------------------------------------ messages

	@Test
	void continueOnErrorRunsEveryRequestAndStopOnErrorStops() {
		String three = customerAdd("a", "One") + customerAdd("b", "One") + customerAdd("c", "Three");

		List<QbNode> cont = responses(qb.handle(docWith("continueOnError", three)));
		assertThat(cont).extracting(r -> r.attribute("requestID")).containsExactly("a", "b", "c");
		assertThat(cont).extracting(r -> r.attribute("statusCode")).containsExactly("0", "3100", "0");

		FakeQuickBooks stopping = FakeQuickBooks.builder().clock(clock).build();
		List<QbNode> stop = responses(stopping.handle(docWith("stopOnError", three)));
		assertThat(stop).extracting(r -> r.attribute("statusCode")).containsExactly("0", "3100", "3231");
		assertThat(stopping.findByName("Customer", "Three")).isEmpty();

		FakeQuickBooks omitting = FakeQuickBooks.builder().clock(clock).reportNotProcessed(false).build();
		assertThat(responses(omitting.handle(docWith("stopOnError", three)))).hasSize(2);
	}

	@Test
	void macrosLinkRequestsInOneMessage() {
		seedInvoiceDependencies();
		String payment = sample("receive-payment-add.rq.xml").replace("<TxnID>1A2B-1700000500</TxnID>",
				"<TxnID useMacro=\"TxnID:INV5001\"/>");
		String message = doc(sample("invoice-add.rq.xml").replaceAll("(?s).*<QBXMLMsgsRq[^>]*>|</QBXMLMsgsRq>.*", ""),
				payment.replaceAll("(?s).*<QBXMLMsgsRq[^>]*>|</QBXMLMsgsRq>.*", ""));

		List<QbNode> rs = responses(qb.handle(message));

		assertThat(rs).extracting(r -> r.attribute("statusCode")).containsExactly("0", "0");
		assertThat(rs.get(1).text("ReceivePaymentRet/AppliedToTxnRet/TxnID"))
			.isEqualTo(rs.get(0).text("InvoiceRet/TxnID"));
	}

	// ------------------------------------------------------------------ failure injection

	@Test
	void injectedStatusAnswersTheNextRequestsOfThatTypeOnly() {
		qb.failNext("CustomerAdd", 3175, "There was an error when saving a Customer list element. QuickBooks error message: "
				+ "This list element is in use.");

		QbNode first = single(qb.handle(doc(customerAdd("1", "Pine Ridge"))));
		QbNode second = single(qb.handle(doc(customerAdd("2", "Pine Ridge"))));

		assertThat(first.attribute("statusCode")).isEqualTo("3175");
		assertThat(first.attribute("statusSeverity")).isEqualTo("Error");
		assertThat(second.attribute("statusCode")).isEqualTo("0");
		assertThat(qb.list("Customer")).hasSize(1);
		assertThat(qb.requestCount("CustomerAddRq")).isEqualTo(2);
		assertThat(qb.requestCount("CustomerQuery")).isZero();
		assertThat(qb.requestsReceived()).extracting(FakeQuickBooks.ReceivedRequest::requestId).containsExactly("1", "2");
	}

	@Test
	void documentFailuresLookLikeTheRequestProcessorFailing() {
		qb.failNextDocument("0x80040400", "QuickBooks found an error when parsing the provided XML text stream.");

		QbReply failed = qb.process(doc(customerAdd("1", "Pine Ridge")));
		QbReply next = qb.process(doc(customerAdd("1", "Pine Ridge")));

		assertThat(failed).isEqualTo(new QbReply("", "0x80040400",
				"QuickBooks found an error when parsing the provided XML text stream."));
		assertThat(failed.isFailure()).isTrue();
		assertThat(next.isFailure()).isFalse();
		assertThat(next.hresult()).isEmpty();
		assertThat(qb.list("Customer")).hasSize(1);
	}

	@Test
	void documentsQuickBooksCannotParseAreRejectedWhole() {
		List<String> bad = List.of(sample("invalid-missing-onerror.rq.xml"),
				sample("invalid-invoice-line-amount-format.rq.xml"), "<QBXML><QBXMLMsgsRq onError=\"stopOnError\">",
				doc("<EstimateAddRq requestID=\"e\"><EstimateAdd/></EstimateAddRq>"),
				docWith("rollbackOnError", customerAdd("1", "X")),
				"<?xml version=\"1.0\"?><!DOCTYPE QBXML [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
						+ "<QBXML><QBXMLMsgsRq onError=\"stopOnError\"><CustomerQueryRq><FullName>&x;</FullName>"
						+ "</CustomerQueryRq></QBXMLMsgsRq></QBXML>");

		for (String d : bad) {
			QbReply reply = qb.process(d);
			assertThat(reply.hresult()).as(d).isEqualTo("0x80040400");
			assertThat(reply.response()).isEmpty();
		}
		assertThat(qb.rejections()).hasSize(bad.size());
		assertThat(qb.rejections().get(3)).contains("EstimateAddRq");
		assertThat(qb.requestCounts()).isEmpty();
		assertThatThrownBy(() -> qb.handle(bad.get(0))).hasMessageContaining("0x80040400");
	}

	@Test
	void qbxmlVersionsAreRecordedAndOptionallyEnforced() {
		qb.handle(doc("<HostQueryRq requestID=\"h\"/>").replace("16.0", "13.0"));
		qb.handle(doc("<HostQueryRq requestID=\"h\"/>"));
		qb.handle(doc("<HostQueryRq requestID=\"h\"/>").replace("<?qbxml version=\"16.0\"?>", ""));

		assertThat(qb.qbXmlVersionsReceived()).containsExactly("13.0", "16.0", null);

		FakeQuickBooks strict = FakeQuickBooks.builder().strictVersions(true).build();
		QbReply reply = strict.process(doc("<HostQueryRq requestID=\"h\"/>").replace("16.0", "17.0"));
		assertThat(reply.hresult()).isEqualTo("0x80040423");
	}

	@Test
	void connectionModes() {
		String path = qb.companyFilePath();
		assertThat(qb.openCompanyFile("")).isEmpty();
		assertThat(qb.openCompanyFile(path.toLowerCase())).isEmpty();
		assertThat(qb.openCompanyFile("C:\\other.QBW")).map(FakeQuickBooks.ConnectionFailure::hresult).contains("0x8004040A");

		qb.notRunning();
		assertThat(qb.openCompanyFile("")).map(FakeQuickBooks.ConnectionFailure::hresult).contains("0x80040416");
		assertThat(qb.openCompanyFile(path)).map(FakeQuickBooks.ConnectionFailure::hresult).contains("0x80040408");

		qb.closedButStartable();
		assertThat(qb.openCompanyFile("")).isPresent();
		assertThat(qb.openCompanyFile(path)).isEmpty();
		assertThat(qb.openCompanyFile("")).isEmpty();

		qb.connectionFailure("0x8004041D", "This application is not allowed to log into this QuickBooks company data file "
				+ "automatically.");
		assertThat(qb.openCompanyFile(path)).map(FakeQuickBooks.ConnectionFailure::hresult).contains("0x8004041D");
	}

	// ------------------------------------------------------------------ HCP and extension

	@Test
	void hcpResponseCarriesHostCompanyAndPreferences() throws Exception {
		FakeQuickBooks custom = FakeQuickBooks.builder().clock(clock).companyName("Acme & Sons")
			.supportedQbXmlVersions("13.0", "14.0", "15.0", "16.0").build();

		List<QbNode> rs = responses(custom.hcpResponse());

		assertThat(rs).extracting(QbNode::name).containsExactly("HostQueryRs", "CompanyQueryRs", "PreferencesQueryRs");
		assertThat(rs).allSatisfy(r -> assertThat(r.attribute("statusCode")).isEqualTo("0"));
		QbNode host = rs.get(0).child("HostRet").orElseThrow();
		assertThat(host.text("ProductName")).isEqualTo("QuickBooks Enterprise Solutions 23.0");
		assertThat(host.text("Country")).isEqualTo("US");
		assertThat(host.texts("SupportedQBXMLVersion")).containsExactly("13.0", "14.0", "15.0", "16.0");
		assertThat(host.text("QBFileMode")).isEqualTo("SingleUser");
		QbNode company = rs.get(1).child("CompanyRet").orElseThrow();
		assertThat(company.text("CompanyName")).isEqualTo("Acme & Sons");
		QbNode fileId = company.children("DataExtRet").stream().filter(d -> "FileID".equals(d.text("DataExtName")))
			.findFirst().orElseThrow();
		assertThat(fileId.text("OwnerID")).isEqualTo(custom.ownerId());
		assertThat(fileId.text("DataExtType")).isEqualTo("STR255TYPE");
		assertThat(fileId.text("DataExtValue")).isEqualTo(custom.fileId()).matches("\\{[0-9A-F-]{36}\\}");
		assertThat(rs.get(2).text("PreferencesRet/AccountingPreferences/IsUsingClassTracking")).isEqualTo("true");
		assertThat(custom.qbXmlMajorVersion()).isEqualTo(16);
		assertThat(custom.qbXmlMinorVersion()).isZero();

		List<QbNode> asked = responses(custom.handle(sample("host-company-preferences-query.rq.xml")));
		assertThat(asked).extracting(r -> r.attribute("requestID")).containsExactly("h1", "c1", "p1");
		assertThat(asked.get(1).child("CompanyRet").orElseThrow().children("DataExtRet")).isNotEmpty();
	}

	@Test
	void newRequestTypesNeedOneRegistration() {
		qb.registerType(QbObjectType.transaction("Estimate",
				new QbObjectType.LineSpec("EstimateLineAdd", "EstimateLineMod", "EstimateLineRet", "TxnLineID", true, true)));
		qb.register("CheckQueryRq", (rq, fake) -> QbResult.of(QbStatus.NO_MATCH));
		qb.seed("Customer", "<Name>Quote Me</Name>");

		List<QbNode> rs = responses(qb.handle(doc("<EstimateAddRq requestID=\"e\"><EstimateAdd><CustomerRef><FullName>"
				+ "Quote Me</FullName></CustomerRef><EstimateLineAdd><Desc>Prune</Desc><Amount>10.00</Amount>"
				+ "</EstimateLineAdd></EstimateAdd></EstimateAddRq>", "<CheckQueryRq requestID=\"c\"/>")));

		assertThat(rs.get(0).text("EstimateRet/CustomerRef/FullName")).isEqualTo("Quote Me");
		assertThat(rs.get(0).text("EstimateRet/EstimateLineRet/TxnLineID")).matches(ID_PATTERN);
		assertThat(rs.get(1).attribute("statusCode")).isEqualTo("1");
		assertThat(qb.supportedRequests()).contains("EstimateAddRq", "EstimateModRq", "EstimateQueryRq", "CheckQueryRq");
	}

	@Test
	void optionalSchemaValidationRejectsWhatTheXsdRejects() throws Exception {
		SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
		Schema schema = factory.newSchema(FakeQuickBooksTests.class.getResource("/qbxml/xsd/qbxmlops160.xsd"));
		FakeQuickBooks validating = FakeQuickBooks.builder().clock(clock).schema(schema).build();
		validating.seed("StandardTerms", "<Name>Net 30</Name>");

		assertThat(validating.process(sample("customer-add.rq.xml")).isFailure()).isFalse();
		String valid = sample("invoice-add.rq.xml");
		String txnDate = valid.substring(valid.indexOf("<TxnDate>"), valid.indexOf("</TxnDate>") + "</TxnDate>".length());
		String wrongOrder = valid.replace(txnDate, "").replace("<CustomerRef>", txnDate + "<CustomerRef>");
		assertThat(validating.process(wrongOrder).hresult()).isEqualTo("0x80040400");
		assertThat(validating.rejections()).hasSize(1);
	}
}
