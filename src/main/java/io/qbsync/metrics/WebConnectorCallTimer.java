package io.qbsync.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.ws.FaultAwareWebServiceMessage;
import org.springframework.ws.context.MessageContext;
import org.springframework.ws.server.SmartEndpointInterceptor;
import org.springframework.ws.server.endpoint.MethodEndpoint;

/**
 * Times every Web Connector call, from the endpoint's view: the wait for its turn, the retries and the work. Tags:
 * {@code operation} (the SOAP operation: authenticate, sendRequestXML, receiveResponseXML, ...) and {@code outcome}
 * ({@code ok}, {@code fault} when the answer is a SOAP fault, {@code error} when no answer could be written).
 * Spring-WS applies every {@link SmartEndpointInterceptor} bean to the annotated endpoint by itself; the calls the
 * Web Connector endpoint answers without Spring-WS are timed through {@link #record}.
 */
@Component
public class WebConnectorCallTimer implements SmartEndpointInterceptor {

	static final String NAME = "qbsync.webconnector.calls";

	private static final String STARTED = WebConnectorCallTimer.class.getName() + ".started";

	private final MeterRegistry registry;

	WebConnectorCallTimer(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean shouldIntercept(MessageContext messageContext, Object endpoint) {
		return endpoint instanceof MethodEndpoint;
	}

	@Override
	public boolean handleRequest(MessageContext messageContext, Object endpoint) {
		messageContext.setProperty(STARTED, System.nanoTime());
		return true;
	}

	@Override
	public boolean handleResponse(MessageContext messageContext, Object endpoint) {
		return true;
	}

	@Override
	public boolean handleFault(MessageContext messageContext, Object endpoint) {
		return true;
	}

	@Override
	public void afterCompletion(MessageContext messageContext, Object endpoint, Exception ex) {
		if (!(messageContext.getProperty(STARTED) instanceof Long started)) {
			return;
		}
		String outcome = (ex != null) ? "error" : faulted(messageContext) ? "fault" : "ok";
		record(((MethodEndpoint) endpoint).getMethod().getName(), outcome, started);
	}

	/** One call of {@code operation} that started at {@code started} ({@link System#nanoTime()}) and ended now. */
	public void record(String operation, String outcome, long started) {
		Timer.builder(NAME)
			.description("Web Connector calls, by SOAP operation")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
					Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
					Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))
			.register(this.registry)
			.record(Duration.ofNanos(System.nanoTime() - started));
	}

	private static boolean faulted(MessageContext messageContext) {
		return messageContext.hasResponse()
				&& messageContext.getResponse() instanceof FaultAwareWebServiceMessage message && message.hasFault();
	}

}
