package io.qbsync.release;

import java.util.Optional;

import io.qbsync.qbxml.QbxmlVersion;

/** The qbXML version QuickBooks agreed to in a company's latest session that agreed one: the Web Connector knows it. */
public interface AgreedVersions {

	Optional<QbxmlVersion> latest(long companyId);

}
