package io.qbsync.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest request body qbsync reads, per kind of caller (qbsync.request-limits.*). The Web Connector's biggest
 * call is receiveResponseXML with one import page: qbsync.import.page-size objects (500) of a few KB each, well under
 * the 8 MB default. The API's biggest single document is an outbox document (5 MB of qbXML, as JSON or text). The
 * bulk record load is streamed line by line and gets its own, larger bound.
 */
@ConfigurationProperties("qbsync.request-limits")
public record RequestLimits(@DefaultValue("8MB") DataSize soap, @DefaultValue("6MB") DataSize api,
		@DefaultValue("512MB") DataSize bulk, @DefaultValue("1MB") DataSize other) {
}
