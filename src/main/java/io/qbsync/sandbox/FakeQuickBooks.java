package io.qbsync.sandbox;

import java.io.StringReader;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;

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

	private enum Availability {
		RUNNING, NOT_RUNNING, CLOSED_STARTABLE, FAILING
	}

	private record Injected(QbStatus status) {
	}

	private static final Pattern QBXML_PI = Pattern.compile("<\\?qbxml\\s+version\\s*=\\s*[\"']([^\"']*)[\"']\\s*\\?>");

	private static final Set<String> DATETIME_FIELDS = Set.of("FromModifiedDate", "ToModifiedDate", "FromDeletedDate",
			"ToDeletedDate");

	private static final Pattern AMOUNT = Pattern.compile("[+-]?\\d{0,13}(\\.\\d{2})?");

	private static final Set<String> AMOUNT_FIELDS = Set.of("Amount", "PaymentAmount", "TotalAmount");

	private final Builder config;

	private final QbStore store;

	private final Map<String, QbRequestHandler> handlers = new LinkedHashMap<>();

	private final Map<String, QbHandlers.IteratorState> iterators = new HashMap<>();

	private final Map<String, Deque<Injected>> injected = new HashMap<>();

	private final Deque<ConnectionFailure> documentFailures = new ArrayDeque<>();

	private final Map<String, Integer> counts = new LinkedHashMap<>();

	private final List<ReceivedRequest> received = new ArrayList<>();

	private final List<String> documents = new ArrayList<>();

	private final List<String> versions = new ArrayList<>();

	private final List<String> rejections = new ArrayList<>();

	private Availability availability = Availability.RUNNING;

	private ConnectionFailure failing;

	private long iteratorNumber;

	private FakeQuickBooks(Builder b) {
		this.config = b;
		this.store = new QbStore(b.clock, b.zone, b.standardOffsetOnly, b.idBase);
		registerStandardTypes();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A fake with the default company (see {@link Builder}). */
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

		register("ItemQueryRq", QbHandlers.query(List.of("ItemService", "ItemNonInventory")));
		register("TermsQueryRq", QbHandlers.query(List.of("StandardTerms")));
		register("ListDelRq", QbHandlers.delete(true));
		register("TxnDelRq", QbHandlers.delete(false));
		register("ListDeletedQueryRq", QbHandlers.deletedQuery(true));
		register("TxnDeletedQueryRq", QbHandlers.deletedQuery(false));
		register("HostQueryRq", (rq, qb) -> QbResult.ok(hostRet()));
		register("CompanyQueryRq", (rq, qb) -> QbResult.ok(companyRet(rq.texts("OwnerID").contains(config.ownerId))));
		register("PreferencesQueryRq", (rq, qb) -> QbResult.ok(preferencesRet()));
	}

	// ================================================================ extension

	/** Registers (or replaces) the handler for a request element such as {@code "EstimateAddRq"}. */
	public synchronized void register(String requestElement, QbRequestHandler handler) {
		handlers.put(requestElement, handler);
	}

	/** Adds an object type with its Add, Mod and Query handlers. */
	public synchronized void registerType(QbObjectType type) {
		store.defineType(type);
		register(type.addRq(), QbHandlers.add(type));
		register(type.modRq(), QbHandlers.mod(type));
		register(type.queryRq(), QbHandlers.query(List.of(type.name())));
	}

	public synchronized Set<String> supportedRequests() {
		return new TreeSet<>(handlers.keySet());
	}

	public QbStore store() {
		return store;
	}

	Map<String, QbHandlers.IteratorState> iterators() {
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
		StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" ?><QBXML><QBXMLMsgsRs>");
		appendRs(sb, "HostQueryRs", "0", QbResult.ok(hostRet()), true);
		appendRs(sb, "CompanyQueryRs", "1", QbResult.ok(companyRet(true)), true);
		appendRs(sb, "PreferencesQueryRs", "2", QbResult.ok(preferencesRet()), true);
		return sb.append("</QBXMLMsgsRs></QBXML>").toString();
	}

	private QbNode hostRet() {
		List<QbNode> kids = new ArrayList<>();
		kids.add(QbNode.leaf("ProductName", config.productName));
		kids.add(QbNode.leaf("MajorVersion", Integer.toString(config.productMajorVersion)));
		kids.add(QbNode.leaf("MinorVersion", Integer.toString(config.productMinorVersion)));
		kids.add(QbNode.leaf("Country", config.country));
		config.supportedVersions.forEach(v -> kids.add(QbNode.leaf("SupportedQBXMLVersion", v)));
		kids.add(QbNode.leaf("IsAutomaticLogin", Boolean.toString(config.automaticLogin)));
		kids.add(QbNode.leaf("QBFileMode", config.fileMode));
		return QbNode.element("HostRet", kids);
	}

	private QbNode companyRet(boolean withDataExt) {
		List<QbNode> kids = new ArrayList<>();
		kids.add(QbNode.leaf("IsSampleCompany", "false"));
		kids.add(QbNode.leaf("CompanyName", config.companyName));
		kids.add(QbNode.leaf("LegalCompanyName", config.companyName));
		kids.add(QbNode.leaf("FirstMonthFiscalYear", "January"));
		kids.add(QbNode.leaf("FirstMonthIncomeTaxYear", "January"));
		if (withDataExt && config.ownerId != null) {
			if (config.appLock) {
				// QBWC's lock: LOCKED:<machine>:<.NET ticks>.
				long ticks = store.now().toEpochMilli() * 10_000L + 621_355_968_000_000_000L;
				kids.add(dataExt("AppLock", "LOCKED:" + config.machineName + ":" + ticks));
			}
			if (config.fileId != null) {
				kids.add(dataExt("FileID", config.fileId));
			}
		}
		return QbNode.element("CompanyRet", kids);
	}

	private QbNode dataExt(String name, String value) {
		return QbNode.element("DataExtRet", QbNode.leaf("OwnerID", config.ownerId), QbNode.leaf("DataExtName", name),
				QbNode.leaf("DataExtType", "STR255TYPE"), QbNode.leaf("DataExtValue", value));
	}

	private QbNode preferencesRet() {
		return QbNode.element("PreferencesRet",
				QbNode.element("AccountingPreferences", QbNode.leaf("IsUsingAccountNumbers", "false"),
						QbNode.leaf("IsRequiringAccounts", "true"),
						QbNode.leaf("IsUsingClassTracking", Boolean.toString(config.classTracking)),
						QbNode.leaf("IsUsingAuditTrail", "true"), QbNode.leaf("IsAssigningJournalEntryNumbers", "true")),
				QbNode.element("MultiCurrencyPreferences",
						QbNode.leaf("IsMultiCurrencyOn", Boolean.toString(config.multiCurrency))),
				QbNode.element("PurchasesAndVendorsPreferences",
						QbNode.leaf("IsUsingInventory", Boolean.toString(config.inventory)),
						QbNode.leaf("DaysBillsAreDue", "10"), QbNode.leaf("IsAutomaticallyUsingDiscounts", "false")),
				QbNode.element("SalesAndCustomersPreferences",
						QbNode.leaf("IsTrackingReimbursedExpensesAsIncome", "false"),
						QbNode.leaf("IsAutoApplyingPayments", "true")),
				QbNode.element("CurrentAppAccessRights",
						QbNode.leaf("IsAutomaticLoginAllowed", Boolean.toString(config.automaticLoginAllowed)),
						QbNode.leaf("IsPersonalDataAccessAllowed", "false")));
	}

	// ================================================================ processing

	/**
	 * Processes one qbXML request document like QBXMLRP2.ProcessRequest. A document QuickBooks could not
	 * parse (not well-formed, DOCTYPE, wrong root, missing onError, an unknown request, a bad date-time or
	 * amount, or failing the optional schema) yields hresult 0x80040400 and no request is executed.
	 */
	public synchronized QbReply process(String requestXml) {
		documents.add(requestXml);
		String version = null;
		Matcher pi = QBXML_PI.matcher(requestXml == null ? "" : requestXml);
		if (pi.find()) {
			version = pi.group(1);
		}
		versions.add(version);
		if (!documentFailures.isEmpty()) {
			ConnectionFailure f = documentFailures.poll();
			return QbReply.failure(f.hresult(), f.message());
		}
		QbNode root;
		try {
			root = QbNode.parse(requestXml);
			if (config.schema != null) {
				validate(requestXml);
			}
		}
		catch (SAXException e) {
			return reject("not accepted by the parser: " + e.getMessage());
		}
		if (config.strictVersions && (version == null || !config.supportedVersions.contains(version))) {
			return QbReply.failure("0x80040423", "The version of qbXML that was requested is not supported or is unknown.");
		}
		if (!root.name().equals("QBXML") || !root.has("QBXMLMsgsRq")) {
			return reject("root must be QBXML/QBXMLMsgsRq, got " + root.name());
		}
		QbNode msgs = root.child("QBXMLMsgsRq").orElseThrow();
		String onError = msgs.attribute("onError");
		if (!"stopOnError".equals(onError) && !"continueOnError".equals(onError)) {
			// Required by the schema; rollbackOnError is in the XSD but QuickBooks Desktop refuses it.
			return reject("QBXMLMsgsRq onError is '" + onError + "'");
		}
		for (QbNode rq : msgs.children()) {
			if (!handlers.containsKey(rq.name())) {
				if (config.failOnUnsupported) {
					throw new UnsupportedOperationException("FakeQuickBooks has no handler for " + rq.name());
				}
				return reject("no handler for " + rq.name() + " (supported: " + handlers.keySet() + ")");
			}
			String bad = lexicalProblem(rq);
			if (bad != null) {
				return reject(bad);
			}
		}
		boolean includeNone = "includeNone".equals(msgs.attribute("responseData"));
		Map<String, String> macros = new HashMap<>();
		StringBuilder out = new StringBuilder("<?xml version=\"1.0\" ?><QBXML><QBXMLMsgsRs>");
		boolean stopped = false;
		for (QbNode rq : msgs.children()) {
			counts.merge(rq.name(), 1, Integer::sum);
			received.add(new ReceivedRequest(rq.name(), rq.attribute("requestID"), version));
			String rsName = rq.name().substring(0, rq.name().length() - 2) + "Rs";
			if (stopped) {
				if (config.reportNotProcessed) {
					appendRs(out, rsName, rq.attribute("requestID"), QbResult.of(QbStatus.notProcessed()), false);
				}
				continue;
			}
			QbResult result = execute(rq, macros);
			appendRs(out, rsName, rq.attribute("requestID"), result, !includeNone);
			stopped = "stopOnError".equals(onError) && result.status().isError();
		}
		return QbReply.ok(out.append("</QBXMLMsgsRs></QBXML>").toString());
	}

	/** Like {@link #process} but returns the response document and throws when QuickBooks answered with an hresult. */
	public String handle(String requestXml) {
		QbReply reply = process(requestXml);
		if (reply.isFailure()) {
			throw new IllegalStateException("QuickBooks failed the document: " + reply.hresult() + " " + reply.message()
					+ (rejections.isEmpty() ? "" : " (" + rejections.get(rejections.size() - 1) + ")"));
		}
		return reply.response();
	}

	private QbResult execute(QbNode rq, Map<String, String> macros) {
		Deque<Injected> queue = injected.get(rq.name());
		if (queue != null && !queue.isEmpty()) {
			return QbResult.of(queue.poll().status());
		}
		try {
			QbNode resolved = substituteMacros(rq, macros);
			QbResult result = handlers.get(rq.name()).handle(resolved, this);
			for (QbNode c : rq.children()) {
				String macro = c.attribute("defMacro");
				if (macro != null && !result.status().isError() && !result.content().isEmpty()) {
					QbNode ret = result.content().get(0);
					String id = ret.text("TxnID") != null ? ret.text("TxnID") : ret.text("ListID");
					macros.put(macro, id);
				}
			}
			return result;
		}
		catch (QbStatusException e) {
			return QbResult.of(e.status());
		}
	}

	private static QbNode substituteMacros(QbNode node, Map<String, String> macros) {
		String use = node.attribute("useMacro");
		if (use != null) {
			String value = macros.get(use);
			if (value == null) {
				throw new QbStatusException(QbStatus.invalidObjectId(use, node.name()));
			}
			return QbNode.leaf(node.name(), value);
		}
		if (node.isLeaf()) {
			return node;
		}
		return node.withChildren(node.children().stream().map(c -> substituteMacros(c, macros)).toList());
	}

	private static String lexicalProblem(QbNode node) {
		if (node.isLeaf()) {
			if (DATETIME_FIELDS.contains(node.name()) && !QbStore.isDateTime(node.text())) {
				return node.name() + " '" + node.text() + "' is not a qbXML DATETIMETYPE";
			}
			if (AMOUNT_FIELDS.contains(node.name()) && !AMOUNT.matcher(node.text().trim()).matches()) {
				return node.name() + " '" + node.text() + "' is not a qbXML AMTTYPE";
			}
			if (node.name().equals("MaxReturned") && !node.text().trim().matches("\\d{1,9}")) {
				return "MaxReturned '" + node.text() + "' is not an INTTYPE";
			}
			return null;
		}
		for (QbNode c : node.children()) {
			String p = lexicalProblem(c);
			if (p != null) {
				return p;
			}
		}
		return null;
	}

	private void validate(String xml) throws SAXException {
		Validator v = config.schema.newValidator();
		try {
			v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
			v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
			v.validate(new StreamSource(new StringReader(xml)));
		}
		catch (java.io.IOException e) {
			throw new SAXException(e);
		}
	}

	private QbReply reject(String reason) {
		rejections.add(reason);
		return QbReply.failure(QbReply.PARSE_ERROR, QbReply.PARSE_ERROR_MESSAGE);
	}

	private static void appendRs(StringBuilder sb, String rsName, String requestId, QbResult result,
			boolean withContent) {
		Map<String, String> attrs = new LinkedHashMap<>();
		if (requestId != null) {
			attrs.put("requestID", requestId);
		}
		attrs.put("statusCode", Integer.toString(result.status().code()));
		attrs.put("statusSeverity", result.status().severity());
		attrs.put("statusMessage", result.status().message());
		attrs.putAll(result.attributes());
		new QbNode(rsName, attrs, null, withContent ? result.content() : List.of()).appendXml(sb);
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
		Deque<Injected> q = injected.computeIfAbsent(rqName(requestType), k -> new ArrayDeque<>());
		for (int i = 0; i < times; i++) {
			q.add(new Injected(QbStatus.of(statusCode, message)));
		}
	}

	/**
	 * The next document fails as a whole: QBWC then calls receiveResponseXML with an empty response and this
	 * hresult/message (e.g. {@code 0x80040400} for a parse error).
	 */
	public synchronized void failNextDocument(String hresult, String message) {
		documentFailures.add(new ConnectionFailure(hresult, message));
	}

	/** Forgets every failure injected and not used yet (statuses and document failures). */
	public synchronized void clearInjected() {
		injected.clear();
		documentFailures.clear();
	}

	/** QuickBooks is closed and cannot be started: opening fails with 0x80040416 (no path) or 0x80040408. */
	public synchronized void notRunning() {
		availability = Availability.NOT_RUNNING;
	}

	/** QuickBooks is closed but starts unattended when QBWC is given this company file's path. */
	public synchronized void closedButStartable() {
		availability = Availability.CLOSED_STARTABLE;
	}

	/** Every attempt to open the company file fails with this hresult (e.g. 0x8004041D, 0x80040414). */
	public synchronized void connectionFailure(String hresult, String message) {
		availability = Availability.FAILING;
		failing = new ConnectionFailure(hresult, message);
	}

	/** QuickBooks is running with this company file open (the default). */
	public synchronized void running() {
		availability = Availability.RUNNING;
	}

	/**
	 * What QBWC's BeginSession does with the path from authenticate ({@code ""} = the open file): empty when
	 * QuickBooks could be opened, else the failure for connectionError.
	 */
	public synchronized Optional<ConnectionFailure> openCompanyFile(String requestedPath) {
		boolean noPath = requestedPath == null || requestedPath.isEmpty();
		boolean samePath = !noPath && requestedPath.equalsIgnoreCase(config.companyFilePath);
		switch (availability) {
			case FAILING:
				return Optional.of(failing);
			case NOT_RUNNING:
				return Optional.of(noPath ? notRunningFailure()
						: new ConnectionFailure("0x80040408", "Could not start QuickBooks."));
			case CLOSED_STARTABLE:
				if (noPath) {
					return Optional.of(notRunningFailure());
				}
				if (!samePath) {
					return Optional.of(new ConnectionFailure("0x80040408", "Could not start QuickBooks."));
				}
				availability = Availability.RUNNING;
				return Optional.empty();
			default:
				return noPath || samePath ? Optional.empty()
						: Optional.of(new ConnectionFailure("0x8004040A",
								"QuickBooks company data file is already open and it is different from the one requested."));
		}
	}

	private static ConnectionFailure notRunningFailure() {
		return new ConnectionFailure("0x80040416",
				"If QuickBooks is not running the company data file name must be supplied to BeginSession.");
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
		return counts.getOrDefault(rqName(requestType), 0);
	}

	public synchronized Map<String, Integer> requestCounts() {
		return Map.copyOf(counts);
	}

	public synchronized List<ReceivedRequest> requestsReceived() {
		return List.copyOf(received);
	}

	/** Every document passed to {@link #process}, including rejected ones. */
	public synchronized List<String> documentsReceived() {
		return List.copyOf(documents);
	}

	/** The {@code <?qbxml version?>} of each document received (null when it had none). */
	public synchronized List<String> qbXmlVersionsReceived() {
		return new ArrayList<>(versions);
	}

	/** Why documents were answered with 0x80040400. */
	public synchronized List<String> rejections() {
		return List.copyOf(rejections);
	}

	private static String rqName(String requestType) {
		return requestType.endsWith("Rq") ? requestType : requestType + "Rq";
	}

	// ================================================================ builder

	/** Company and behaviour settings; every setter has a realistic default. */
	public static final class Builder implements Cloneable {

		private String companyName = "Greenleaf Tree Care LLC";

		private String productName = "QuickBooks Enterprise Solutions 23.0";

		private int productMajorVersion = 33;

		private int productMinorVersion = 0;

		private String country = "US";

		private List<String> supportedVersions = List.of("1.0", "1.1", "2.0", "2.1", "3.0", "4.0", "4.1", "5.0", "6.0",
				"7.0", "8.0", "9.0", "10.0", "11.0", "12.0", "13.0", "14.0", "15.0", "16.0");

		private String fileId = "{A6B5F1C2-3D4E-4F50-9A8B-7C6D5E4F3A21}";

		private String ownerId = "{8E1C2B2A-5C1D-4B8B-9F55-3B7E0D1A6C11}";

		private String companyFilePath = "C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Greenleaf Tree Care.QBW";

		private String machineName = "FRONTDESK-PC";

		private String fileMode = "SingleUser";

		private boolean automaticLogin = false;

		private boolean automaticLoginAllowed = true;

		private boolean classTracking = true;

		private boolean multiCurrency = false;

		private boolean inventory = false;

		private boolean appLock = true;

		private Clock clock = Clock.systemUTC();

		private ZoneId zone = ZoneId.of("America/New_York");

		private boolean standardOffsetOnly = true;

		private boolean strictVersions = false;

		private boolean reportNotProcessed = true;

		private boolean failOnUnsupported = false;

		private Schema schema;

		private long idBase;

		/**
		 * Starts the ListID/TxnID counters this far up (default 0), so that fakes standing for different company files
		 * in one test never hand out the same id.
		 */
		public Builder idBase(long v) {
			idBase = v;
			return this;
		}

		public Builder companyName(String v) {
			companyName = v;
			return this;
		}

		public Builder productName(String v) {
			productName = v;
			return this;
		}

		/** HostRet MajorVersion/MinorVersion: the QuickBooks program version (33 = 2023), not the qbXML version. */
		public Builder productVersion(int major, int minor) {
			productMajorVersion = major;
			productMinorVersion = minor;
			return this;
		}

		public Builder country(String v) {
			country = v;
			return this;
		}

		public Builder supportedQbXmlVersions(String... v) {
			supportedVersions = List.of(v);
			return this;
		}

		/** FileID GUID in braces; null leaves the DataExt out (a file QBWC never stamped). */
		public Builder fileId(String v) {
			fileId = v;
			return this;
		}

		public Builder ownerId(String v) {
			ownerId = v;
			return this;
		}

		/**
		 * The company file as it is once the Web Connector added the application from this .qwc file: the Web
		 * Connector stamps the file's FileID into the company file as a data extension under the file's OwnerID, and
		 * from then on every session's HCP response carries it.
		 */
		public Builder qwcAdded(String qwcFile) {
			ownerId = qwcElement(qwcFile, "OwnerID");
			fileId = qwcElement(qwcFile, "FileID");
			return this;
		}

		private static String qwcElement(String qwcFile, String name) {
			Matcher m = Pattern.compile("<" + name + ">\\s*([^<\\s]+)\\s*</" + name + ">").matcher(qwcFile);
			if (!m.find()) {
				throw new IllegalArgumentException("The .qwc file has no " + name);
			}
			return m.group(1);
		}

		public Builder companyFilePath(String v) {
			companyFilePath = v;
			return this;
		}

		public Builder machineName(String v) {
			machineName = v;
			return this;
		}

		/** {@code SingleUser} or {@code MultiUser}. */
		public Builder fileMode(String v) {
			fileMode = v;
			return this;
		}

		public Builder automaticLogin(boolean v) {
			automaticLogin = v;
			return this;
		}

		public Builder automaticLoginAllowed(boolean v) {
			automaticLoginAllowed = v;
			return this;
		}

		public Builder classTracking(boolean v) {
			classTracking = v;
			return this;
		}

		public Builder multiCurrency(boolean v) {
			multiCurrency = v;
			return this;
		}

		public Builder inventory(boolean v) {
			inventory = v;
			return this;
		}

		/** Whether the HCP carries QBWC's AppLock DataExt next to FileID. */
		public Builder appLock(boolean v) {
			appLock = v;
			return this;
		}

		public Builder clock(Clock v) {
			clock = v;
			return this;
		}

		/** Zone of the QuickBooks machine; times are printed and date filters compared in its local time. */
		public Builder zone(ZoneId v) {
			zone = v;
			return this;
		}

		/** Print the zone's standard offset all year like QuickBooks (default), or the real DST offset. */
		public Builder standardOffsetOnly(boolean v) {
			standardOffsetOnly = v;
			return this;
		}

		/** Refuse documents whose qbxml version is not supported, with hresult 0x80040423 (default: accept any). */
		public Builder strictVersions(boolean v) {
			strictVersions = v;
			return this;
		}

		/**
		 * Under stopOnError, answer the requests after the failing one with 3231 "not processed" (default), or
		 * leave them out of the response entirely (false). Which one QuickBooks does is unverified.
		 */
		public Builder reportNotProcessed(boolean v) {
			reportNotProcessed = v;
			return this;
		}

		/** Throw instead of answering 0x80040400 when a request type has no handler (to spot fake gaps). */
		public Builder failOnUnsupported(boolean v) {
			failOnUnsupported = v;
			return this;
		}

		/** Validate every document against this schema (e.g. qbxmlops160.xsd); invalid ones get 0x80040400. */
		public Builder schema(Schema v) {
			schema = v;
			return this;
		}

		public FakeQuickBooks build() {
			try {
				// A private copy, so reusing the builder cannot change a fake already built.
				return new FakeQuickBooks((Builder) clone());
			}
			catch (CloneNotSupportedException e) {
				throw new IllegalStateException(e);
			}
		}
	}
}
