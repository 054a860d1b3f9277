package io.qbsync.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web pages.
 *
 * @param checkInWarning how long without a Web Connector check-in, while items wait, before the header shows it red
 * @param pageSize rows per page in the wizard's sections and the report's tabs
 */
@ConfigurationProperties("qbsync.web")
public record WebSettings(@DefaultValue("3h") Duration checkInWarning, @DefaultValue("200") int pageSize) {
}
