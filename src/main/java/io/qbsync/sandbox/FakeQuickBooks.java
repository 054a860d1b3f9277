package io.qbsync.sandbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.xml.sax.SAXException;

/**
 * An in-memory QuickBooks Desktop company file that answers qbXML request documents the way QuickBooks'
 * request processor does, for driving our server through {@link WebConnectorRunner}.
 * <p>
 * Supports Customer, Vendor, ItemService, ItemNonInventory, Account, Class, StandardTerms (Add/Mod/Query),
 * Invoice and ReceivePayment (Add/Mod/Query), ItemQuery, TermsQuery, ListDel/TxnDel,
 * ListDeletedQuery/TxnDeletedQuery and Host/Company/PreferencesQuery. Anything else is answered like an
 * invalid document (hresult 0x80040400) and noted in {@link #rejections()}. Add a type with
 * {@link #registerType(QbObjectType)} or any request with {@link #register(String, QbRequestHandler)}.
 * <p>
 * Failure injection: {@link #failNext(String, int, String)}, {@link #failNextDocument(String, String)},
 * {@link #notRunning()}, {@link #connectionFailure(String, String)}, {@link #expireIterators()}.
 */
public final class FakeQuickBooks {

	/** Why QuickBooks could not be opened for a session: the hresult/message QBWC passes to connectionError. */
	public record ConnectionFailure(String hresult, String message) {
	}

	/** One request element received, in order. */
	public record ReceivedRequest(String type, String requestId, String qbXmlVersion) {
	}

	private final FakeQuickBooksBuilder config;

	private final QbStore store;

	private final RequestProcessor processor;

	private final HostCompanyAnswers company;

	private final Map<String, QbQueries.IteratorState> iterators = new HashMap<>();

	private final CompanyFileAvailability availability = new CompanyFileAvailability();

	private long iteratorNumber;

	FakeQuickBooks(FakeQuickBooksBuilder b) {
		this.config = b;
		this.store = new QbStore(b.clock, b.zone, b.standardOffsetOnly, b.idBase);
		this.processor = new RequestProcessor(this, b);
		this.company = new HostCompanyAnswers(b, this.store);
		registerStandardTypes();
	}

	public static FakeQuickBooksBuilder builder() {
		return new FakeQuickBooksBuilder();
	}

	/** A fake with the default company (see {@link FakeQuickBooksBuilder}). */
	public static FakeQuickBooks create() {
		return builder().build();
	}

	private void registerStandardTypes() {
		registerType(QbObjectType.list("Customer", "Name", true).withBehavior(new QbBehaviors.Customer()));
		registerType(QbObjectType.list("Vendor", "Name", false));
		registerType(QbObjectType.list("ItemService", "Item", true).withReferenceLabel("Item"));
		registerType(QbObjectType.list("ItemNonInventory", "Item", true).withReferenceLabel("Item"));
		registerType(QbObjectType.list("Account", "Account", true));
		registerType(QbObjectType.list("Class", "Class", true));
		registerType(QbObjectType.list("StandardTerms", "Terms", false).withReferenceLabel("Terms"));
		registerType(QbObjectType.list("ItemSalesTax", "Item", false).withReferenceLabel("Item"));
		registerType(QbObjectType
			.transaction("Invoice",
					new QbObjectType.LineSpec("InvoiceLineAdd", "InvoiceLineMod", "InvoiceLineRet", "TxnLineID", true, true))
			.withBehavior(new QbBehaviors.Invoice()));
		registerType(QbObjectType
			.transaction("ReceivePayment",
					new QbObjectType.LineSpec("AppliedToTxnAdd", "AppliedToTxnMod", "AppliedToTxnRet", "TxnID", false, false))
			.withBehavior(new QbBehaviors.ReceivePayment()));

		store.defineRef("CustomerRef", "Customer", "Customer");
		store.defineRef("VendorRef", "Vendor", "Vendor");
		store.defineRef("PrefVendorRef", "Vendor", "Vendor");
		store.defineRef("ItemRef", "Item", "ItemService", "ItemNonInventory");
		for (String ref : List.of("AccountRef", "ARAccountRef", "DepositToAccountRef", "IncomeAccountRef",
				"ExpenseAccountRef", "COGSAccountRef", "AssetAccountRef", "DiscountAccountRef")) {
			store.defineRef(ref, "Account", "Account");
		}
		store.defineRef("ClassRef", "Class", "Class");
		store.defineRef("DiscountClassRef", "Class", "Class");
		store.defineRef("TermsRef", "Terms", "StandardTerms");

		register("ItemQueryRq", QbQueries.query(List.of("ItemService", "ItemNonInventory")));
		register("TermsQueryRq", QbQueries.query(List.of("StandardTerms")));
		register("ListDelRq", QbHandlers.delete(true));
		register("TxnDelRq", QbHandlers.delete(false));
		register("ListDeletedQueryRq", QbHandlers.deletedQuery(true));
		register("TxnDeletedQueryRq", QbHandlers.deletedQuery(false));
		register("HostQueryRq", (rq, qb) -> QbResult.ok(company.hostRet()));
		register("CompanyQueryRq",
				(rq, qb) -> QbResult.ok(company.companyRet(rq.texts("OwnerID").contains(config.ownerId))));
		register("PreferencesQueryRq", (rq, qb) -> QbResult.ok(company.preferencesRet()));
	}

	// ================================================================ extension

	/** Registers (or replaces) the handler for a request element such as {@code "EstimateAddRq"}. */
	public synchronized void register(String requestElement, QbRequestHandler handler) {
		processor.register(requestElement, handler);
	}

	/** Adds an object type with its Add, Mod and Query handlers. */
	public synchronized void registerType(QbObjectType type) {
		store.defineType(type);
		register(type.addRq(), QbHandlers.add(type));
		register(type.modRq(), QbHandlers.mod(type));
		register(type.queryRq(), QbQueries.query(List.of(type.name())));
	}

	public synchronized Set<String> supportedRequests() {
		return processor.supportedRequests();
	}

	public QbStore store() {
		return store;
	}

	Map<String, QbQueries.IteratorState> iterators() {
		return iterators;
	}

	long nextIteratorNumber() {
		return ++iteratorNumber;
	}

	// ================================================================ configuration

	public String companyName() {
		return config.companyName;
	}

	public String productName() {
		return config.productName;
	}

	public String country() {
		return config.country;
	}

	public List<String> supportedQbXmlVersions() {
		return List.copyOf(config.supportedVersions);
	}

	public String fileId() {
		return config.fileId;
	}

	public String ownerId() {
		return config.ownerId;
	}

	public String companyFilePath() {
		return config.companyFilePath;
	}

	/** qbXMLMajorVers QBWC reports in sendRequestXML: the highest supported qbXML version. */
	public int qbXmlMajorVersion() {
		return highestVersion()[0];
	}

	public int qbXmlMinorVersion() {
		return highestVersion()[1];
	}

	private int[] highestVersion() {
		int[] best = { 0, 0 };
		for (String v : config.supportedVersions) {
			String[] p = v.split("\\.");
			int major = Integer.parseInt(p[0].replaceAll("\\D", ""));
			int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
			if (major > best[0] || major == best[0] && minor > best[1]) {
				best = new int[] { major, minor };
			}
		}
		return best;
	}

	// ================================================================ HCP

	/**
	 * The strHCPResponse QBWC sends in the first sendRequestXML of a session: Host, Company (with the FileID
	 * and AppLock data extensions QBWC keeps under our OwnerID) and Preferences responses in one document.
	 */
	public synchronized String hcpResponse() {
		return company.hcpResponse();
	}

	// ================================================================ processing

	/**
	 * Processes one qbXML request document like QBXMLRP2.ProcessRequest. A document QuickBooks could not
	 * parse (not well-formed, DOCTYPE, wrong root, missing onError, an unknown request, a bad date-time or
	 * amount, or failing the optional schema) yields hresult 0x80040400 and no request is executed.
	 */
	public synchronized QbReply process(String requestXml) {
		return processor.process(requestXml);
	}

	/** Like {@link #process} but returns the response document and throws when QuickBooks answered with an hresult. */
	public String handle(String requestXml) {
		QbReply reply = process(requestXml);
		if (reply.isFailure()) {
			List<String> rejections = rejections();
			throw new IllegalStateException("QuickBooks failed the document: " + reply.hresult() + " " + reply.message()
					+ (rejections.isEmpty() ? "" : " (" + rejections.get(rejections.size() - 1) + ")"));
		}
		return reply.response();
	}

	// ================================================================ seeding and user actions

	/**
	 * Adds a record as if a user had entered it, from the inner XML of {@code <typeAdd>}; e.g.
	 * {@code seed("StandardTerms", "<Name>Net 30</Name><StdDueDays>30</StdDueDays>")}. Returns the Ret.
	 */
	public QbNode seed(String type, String innerXml) {
		return seedWithId(type, null, innerXml);
	}

	/** Like {@link #seed} with a fixed ListID/TxnID, so sample documents that name ids can be used as they are. */
	public synchronized QbNode seedWithId(String type, String id, String innerXml) {
		QbObjectType t = store.type(type).orElseThrow(() -> new IllegalArgumentException("unknown type " + type));
		try {
			QbNode add = QbNode.parse("<" + t.addElement() + ">" + innerXml + "</" + t.addElement() + ">");
			return store.toRet(QbHandlers.create(t, add, id, store));
		}
		catch (SAXException e) {
			throw new IllegalArgumentException("bad seed XML: " + innerXml, e);
		}
		catch (QbStatusException e) {
			throw new IllegalArgumentException("seed refused: " + e.getMessage(), e);
		}
	}

	/** The current Ret of a record, as a query with all elements and line items would return it. */
	public synchronized Optional<QbNode> find(String id) {
		return store.get(id).map(store::toRet);
	}

	public synchronized Optional<QbNode> findByName(String type, String fullName) {
		return store.findByFullName(List.of(type), fullName).map(store::toRet);
	}

	/** The record of a type stamped with this ExternalGUID on Add (case-insensitive), as a Ret. */
	public synchronized Optional<QbNode> findByExternalGuid(String type, String externalGuid) {
		return store.records(type).stream().filter(r -> externalGuid.equalsIgnoreCase(r.field("ExternalGUID")))
			.findFirst().map(store::toRet);
	}

	/** Rets of every record of a type, inactive included, in creation order. */
	public synchronized List<QbNode> list(String type) {
		return store.records(type).stream().map(store::toRet).toList();
	}

	/** Simulates a user editing a top-level field in QuickBooks: new EditSequence and TimeModified. */
	public synchronized QbNode userEdit(String id, String field, String value) {
		QbRecord r = store.get(id).orElseThrow(() -> new IllegalArgumentException("no record " + id));
		r.setField(field, value);
		store.touch(r);
		return store.toRet(r);
	}

	/** Simulates a user deleting a record in QuickBooks (it then shows up in List/TxnDeletedQuery). */
	public synchronized void userDelete(String id) {
		QbRecord r = store.get(id).orElseThrow(() -> new IllegalArgumentException("no record " + id));
		store.remove(r);
		r.type().behavior().afterDelete(r, store);
	}

	// ================================================================ failure injection

	/** The next request of this type (e.g. {@code "CustomerAddRq"} or {@code "CustomerAdd"}) gets this status and does nothing. */
	public void failNext(String requestType, int statusCode, String message) {
		failNext(requestType, 1, statusCode, message);
	}

	public synchronized void failNext(String requestType, int times, int statusCode, String message) {
		processor.failNext(requestType, times, statusCode, message);
	}

	/**
	 * The next document fails as a whole: QBWC then calls receiveResponseXML with an empty response and this
	 * hresult/message (e.g. {@code 0x80040400} for a parse error).
	 */
	public synchronized void failNextDocument(String hresult, String message) {
		processor.failNextDocument(hresult, message);
	}

	/** Forgets every failure injected and not used yet (statuses and document failures). */
	public synchronized void clearInjected() {
		processor.clearInjected();
	}

	/** QuickBooks is closed and cannot be started: opening fails with 0x80040416 (no path) or 0x80040408. */
	public synchronized void notRunning() {
		availability.notRunning();
	}

	/** QuickBooks is closed but starts unattended when QBWC is given this company file's path. */
	public synchronized void closedButStartable() {
		availability.closedButStartable();
	}

	/** Every attempt to open the company file fails with this hresult (e.g. 0x8004041D, 0x80040414). */
	public synchronized void connectionFailure(String hresult, String message) {
		availability.failing(new ConnectionFailure(hresult, message));
	}

	/** QuickBooks is running with this company file open (the default). */
	public synchronized void running() {
		availability.running();
	}

	/**
	 * What QBWC's BeginSession does with the path from authenticate ({@code ""} = the open file): empty when
	 * QuickBooks could be opened, else the failure for connectionError.
	 */
	public synchronized Optional<ConnectionFailure> openCompanyFile(String requestedPath) {
		return availability.open(requestedPath, config.companyFilePath);
	}

	/** Ends the QuickBooks session: every open iterator is gone, so a later Continue gets 3391. */
	public synchronized void expireIterators() {
		iterators.clear();
	}

	public synchronized int openIterators() {
		return iterators.size();
	}

	// ================================================================ inspection

	/** How many request elements of this type were processed (injected failures included). */
	public synchronized int requestCount(String requestType) {
		return processor.requestCount(requestType);
	}

	public synchronized Map<String, Integer> requestCounts() {
		return processor.requestCounts();
	}

	public synchronized List<ReceivedRequest> requestsReceived() {
		return processor.requestsReceived();
	}

	/** Every document passed to {@link #process}, including rejected ones. */
	public synchronized List<String> documentsReceived() {
		return processor.documentsReceived();
	}

	/** The {@code <?qbxml version?>} of each document received (null when it had none). */
	public synchronized List<String> qbXmlVersionsReceived() {
		return processor.qbXmlVersionsReceived();
	}

	/** Why documents were answered with 0x80040400. */
	public synchronized List<String> rejections() {
		return processor.rejections();
	}

	private static String rqName(String requestType) {
		return requestType.endsWith("Rq") ? requestType : requestType + "Rq";
	}
}
