package io.qbsync.company;

/** A company's Web Connector password was changed; published inside the transaction that changed it. */
public record WebConnectorPasswordChanged(long companyId) {
}
