package io.qbsync.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The Host, Company and Preferences answers of a {@link FakeQuickBooks} company file, from its settings, and the HCP
 * response QBWC sends with them.
 */
final class HostCompanyAnswers {

	private final FakeQuickBooksBuilder config;

	private final QbStore store;

	HostCompanyAnswers(FakeQuickBooksBuilder config, QbStore store) {
		this.config = config;
		this.store = store;
	}

	/** The HCP response: the three answers in one document (see {@link FakeQuickBooks#hcpResponse}). */
	String hcpResponse() {
		StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" ?><QBXML><QBXMLMsgsRs>");
		RequestProcessor.appendRs(sb, "HostQueryRs", "0", QbResult.ok(hostRet()), true);
		RequestProcessor.appendRs(sb, "CompanyQueryRs", "1", QbResult.ok(companyRet(true)), true);
		RequestProcessor.appendRs(sb, "PreferencesQueryRs", "2", QbResult.ok(preferencesRet()), true);
		return sb.append("</QBXMLMsgsRs></QBXML>").toString();
	}

	QbNode hostRet() {
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

	QbNode companyRet(boolean withDataExt) {
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

	QbNode preferencesRet() {
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

}
