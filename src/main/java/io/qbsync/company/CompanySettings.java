package io.qbsync.company;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the company module.
 *
 * @param publicUrl the address the Web Connector reaches this server at; the .qwc file's AppURL is this plus
 * {@code /qbwc}. It must be https unless the host is localhost.
 * @param appName the name shown in the Web Connector (the company name is appended)
 * @param defaultQbxmlVersion the qbXML version cap for companies created without one
 * @param ownerId our application's OwnerID GUID: it namespaces our private data in every company file
 */
@ConfigurationProperties("qbsync.company")
public record CompanySettings(@DefaultValue("http://localhost:8080") URI publicUrl,
		@DefaultValue("qbsync") String appName, @DefaultValue("16.0") String defaultQbxmlVersion,
		@DefaultValue("{6F3A9C52-1B7E-4D0A-8E25-93C4B1D7A0E6}") String ownerId) {
}
