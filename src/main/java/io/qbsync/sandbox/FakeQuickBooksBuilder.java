package io.qbsync.sandbox;

import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.validation.Schema;

/** The company and behaviour settings of a {@link FakeQuickBooks}; every setter has a realistic default. */
public final class FakeQuickBooksBuilder implements Cloneable {

	String companyName = "Greenleaf Tree Care LLC";

	String productName = "QuickBooks Enterprise Solutions 23.0";

	int productMajorVersion = 33;

	int productMinorVersion = 0;

	String country = "US";

	List<String> supportedVersions = List.of("1.0", "1.1", "2.0", "2.1", "3.0", "4.0", "4.1", "5.0", "6.0",
			"7.0", "8.0", "9.0", "10.0", "11.0", "12.0", "13.0", "14.0", "15.0", "16.0");

	String fileId = "{A6B5F1C2-3D4E-4F50-9A8B-7C6D5E4F3A21}";

	String ownerId = "{8E1C2B2A-5C1D-4B8B-9F55-3B7E0D1A6C11}";

	String companyFilePath = "C:\\Users\\Public\\Documents\\Intuit\\QuickBooks\\Company Files\\Greenleaf Tree Care.QBW";

	String machineName = "FRONTDESK-PC";

	String fileMode = "SingleUser";

	boolean automaticLogin = false;

	boolean automaticLoginAllowed = true;

	boolean classTracking = true;

	boolean multiCurrency = false;

	boolean inventory = false;

	boolean appLock = true;

	Clock clock = Clock.systemUTC();

	ZoneId zone = ZoneId.of("America/New_York");

	boolean standardOffsetOnly = true;

	boolean strictVersions = false;

	boolean reportNotProcessed = true;

	boolean failOnUnsupported = false;

	Schema schema;

	long idBase;

	FakeQuickBooksBuilder() {
	}

	/**
	 * Starts the ListID/TxnID counters this far up (default 0), so that fakes standing for different company files
	 * in one test never hand out the same id.
	 */
	public FakeQuickBooksBuilder idBase(long v) {
		idBase = v;
		return this;
	}

	public FakeQuickBooksBuilder companyName(String v) {
		companyName = v;
		return this;
	}

	public FakeQuickBooksBuilder productName(String v) {
		productName = v;
		return this;
	}

	/** HostRet MajorVersion/MinorVersion: the QuickBooks program version (33 = 2023), not the qbXML version. */
	public FakeQuickBooksBuilder productVersion(int major, int minor) {
		productMajorVersion = major;
		productMinorVersion = minor;
		return this;
	}

	public FakeQuickBooksBuilder country(String v) {
		country = v;
		return this;
	}

	public FakeQuickBooksBuilder supportedQbXmlVersions(String... v) {
		supportedVersions = List.of(v);
		return this;
	}

	/** FileID GUID in braces; null leaves the DataExt out (a file QBWC never stamped). */
	public FakeQuickBooksBuilder fileId(String v) {
		fileId = v;
		return this;
	}

	public FakeQuickBooksBuilder ownerId(String v) {
		ownerId = v;
		return this;
	}

	/**
	 * The company file as it is once the Web Connector added the application from this .qwc file: the Web
	 * Connector stamps the file's FileID into the company file as a data extension under the file's OwnerID, and
	 * from then on every session's HCP response carries it.
	 */
	public FakeQuickBooksBuilder qwcAdded(String qwcFile) {
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

	public FakeQuickBooksBuilder companyFilePath(String v) {
		companyFilePath = v;
		return this;
	}

	public FakeQuickBooksBuilder machineName(String v) {
		machineName = v;
		return this;
	}

	/** {@code SingleUser} or {@code MultiUser}. */
	public FakeQuickBooksBuilder fileMode(String v) {
		fileMode = v;
		return this;
	}

	public FakeQuickBooksBuilder automaticLogin(boolean v) {
		automaticLogin = v;
		return this;
	}

	public FakeQuickBooksBuilder automaticLoginAllowed(boolean v) {
		automaticLoginAllowed = v;
		return this;
	}

	public FakeQuickBooksBuilder classTracking(boolean v) {
		classTracking = v;
		return this;
	}

	public FakeQuickBooksBuilder multiCurrency(boolean v) {
		multiCurrency = v;
		return this;
	}

	public FakeQuickBooksBuilder inventory(boolean v) {
		inventory = v;
		return this;
	}

	/** Whether the HCP carries QBWC's AppLock DataExt next to FileID. */
	public FakeQuickBooksBuilder appLock(boolean v) {
		appLock = v;
		return this;
	}

	public FakeQuickBooksBuilder clock(Clock v) {
		clock = v;
		return this;
	}

	/** Zone of the QuickBooks machine; times are printed and date filters compared in its local time. */
	public FakeQuickBooksBuilder zone(ZoneId v) {
		zone = v;
		return this;
	}

	/** Print the zone's standard offset all year like QuickBooks (default), or the real DST offset. */
	public FakeQuickBooksBuilder standardOffsetOnly(boolean v) {
		standardOffsetOnly = v;
		return this;
	}

	/** Refuse documents whose qbxml version is not supported, with hresult 0x80040423 (default: accept any). */
	public FakeQuickBooksBuilder strictVersions(boolean v) {
		strictVersions = v;
		return this;
	}

	/**
	 * Under stopOnError, answer the requests after the failing one with 3231 "not processed" (default), or
	 * leave them out of the response entirely (false). Which one QuickBooks does is unverified.
	 */
	public FakeQuickBooksBuilder reportNotProcessed(boolean v) {
		reportNotProcessed = v;
		return this;
	}

	/** Throw instead of answering 0x80040400 when a request type has no handler (to spot fake gaps). */
	public FakeQuickBooksBuilder failOnUnsupported(boolean v) {
		failOnUnsupported = v;
		return this;
	}

	/** Validate every document against this schema (e.g. qbxmlops160.xsd); invalid ones get 0x80040400. */
	public FakeQuickBooksBuilder schema(Schema v) {
		schema = v;
		return this;
	}

	public FakeQuickBooks build() {
		try {
			// A private copy, so reusing the builder cannot change a fake already built.
			return new FakeQuickBooks((FakeQuickBooksBuilder) clone());
		}
		catch (CloneNotSupportedException e) {
			throw new IllegalStateException(e);
		}
	}
}
