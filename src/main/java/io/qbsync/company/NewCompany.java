package io.qbsync.company;

/** What an admin sends to create a company; absent optional values take their defaults. */
public record NewCompany(String name, String username, String password, String companyFile, String qbxmlVersion,
		Integer runEveryMinutes, Boolean allowTruncation) {
}
