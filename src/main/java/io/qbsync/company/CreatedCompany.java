package io.qbsync.company;

/**
 * A company just created, with the Web Connector password qbsync generated for it ({@code null} when the admin chose
 * one): the only time that password can be seen.
 */
public record CreatedCompany(Company company, String generatedPassword) {
}
