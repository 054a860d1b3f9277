package io.qbsync.webconnector;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.ws.server.endpoint.annotation.Endpoint;
import org.springframework.ws.server.endpoint.annotation.PayloadRoot;
import org.springframework.ws.server.endpoint.annotation.RequestPayload;
import org.springframework.ws.server.endpoint.annotation.ResponsePayload;

/**
 * The SOAP face of {@link WebConnectorService}: one method per Web Connector operation, routed on the body's root
 * element (the Web Connector's SOAPAction header is not relied on).
 *
 * <p>
 * Each call is one transaction. When the database answers with a transient error (a lock wait or deadlock between
 * two companies' sessions) nothing was committed, so the call is simply run again, a few times, before the Web
 * Connector would see a fault.
 */
@Endpoint
public class WebConnectorEndpoint {

	private static final Logger log = LoggerFactory.getLogger(WebConnectorEndpoint.class);

	private static final String NS = Soap.NS;

	private static final RetryTemplate RETRY = new RetryTemplate(RetryPolicy.builder()
		.includes(TransientDataAccessException.class)
		.maxRetries(3)
		.delay(Duration.ofMillis(20))
		.jitter(Duration.ofMillis(20))
		.multiplier(2)
		.build());

	private final WebConnectorService service;

	/**
	 * Calls inside a transaction at once. A sendRequestXML can need a second pool connection beside its transaction
	 * (the delivery's job execution, the release before it), so with more transactional calls than half the pool,
	 * every connection could end up held by a call waiting for another: a pool deadlock. Callers wait here holding
	 * nothing.
	 */
	private final Semaphore calls;

	private final long callWaitMillis;

	private final BuiltInClient builtIn;

	private final RefusedTickets refused;

	WebConnectorEndpoint(WebConnectorService service, WebConnectorSettings settings, BuiltInClient builtIn,
			RefusedTickets refused) {
		this.service = service;
		this.builtIn = builtIn;
		this.refused = refused;
		this.calls = new Semaphore(settings.concurrentCalls(), true);
		this.callWaitMillis = settings.callWait().toMillis();
	}

	/** A transactional call, run again on a transient database error, in its turn. */
	private <T> T retrying(Supplier<T> call) {
		return inTurn(() -> RETRY.invoke(call));
	}

	private <T> T inTurn(Supplier<T> call) {
		try {
			if (!this.calls.tryAcquire(this.callWaitMillis, TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("qbsync is too busy to answer this call now; nothing was changed");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to answer", ex);
		}
		try {
			return call.get();
		}
		finally {
			this.calls.release();
		}
	}

	/** The Web Connector sends this one with no child at all, though the WSDL allows a strVersion. */
	@PayloadRoot(namespace = NS, localPart = "serverVersion")
	@ResponsePayload
	public Element serverVersion(@RequestPayload Element request) {
		return Soap.result("serverVersion", this.service.serverVersion());
	}

	@PayloadRoot(namespace = NS, localPart = "clientVersion")
	@ResponsePayload
	public Element clientVersion(@RequestPayload Element request) {
		return Soap.result("clientVersion", this.service.clientVersion(Soap.text(request, "strVersion")));
	}

	@PayloadRoot(namespace = NS, localPart = "authenticate")
	@ResponsePayload
	public Element authenticate(@RequestPayload Element request) {
		String user = Soap.text(request, "strUserName");
		String password = Soap.text(request, "strPassword");
		String address = SourceAddresses.current();
		boolean builtInClient = this.builtIn.presentedBy(header(BuiltInClient.HEADER));
		// not bounded with the other calls: its password check holds no connection and has its own bound
		return Soap.arrayResult("authenticate",
				RETRY.invoke(() -> this.service.authenticate(user, password, address, builtInClient)));
	}

	private static String header(String name) {
		HttpServletRequest request = SourceAddresses.currentRequest();
		return (request != null) ? request.getHeader(name) : null;
	}

	@PayloadRoot(namespace = NS, localPart = "sendRequestXML")
	@ResponsePayload
	public Element sendRequestXML(@RequestPayload Element request) {
		return Soap.result("sendRequestXML", sendRequestXML(SoapCall.of(request)));
	}

	/** The next qbXML document, or "". Also answers the call read from its envelope directly. */
	String sendRequestXML(SoapCall call) {
		String ticket = call.text("ticket");
		String hcp = call.text("strHCPResponse");
		String file = call.text("strCompanyFileName");
		String country = call.text("qbXMLCountry");
		int major = call.number("qbXMLMajorVers");
		int minor = call.number("qbXMLMinorVers");
		if (this.refused.dead(ticket)) {
			return refusedFromMemory("sendRequestXML", "");
		}
		return inTurn(() -> {
			this.service.releaseBeforeSend(ticket);
			return RETRY.invoke(() -> this.service.sendRequestXML(ticket, hcp, file, country, major, minor));
		});
	}

	@PayloadRoot(namespace = NS, localPart = "receiveResponseXML")
	@ResponsePayload
	public Element receiveResponseXML(@RequestPayload Element request) {
		return Soap.result("receiveResponseXML", receiveResponseXML(SoapCall.of(request)));
	}

	/** The progress, as its text. Also answers the call read from its envelope directly. */
	String receiveResponseXML(SoapCall call) {
		String ticket = call.text("ticket");
		String response = call.text("response");
		String hresult = call.text("hresult");
		String message = call.text("message");
		if (this.refused.dead(ticket)) {
			return refusedFromMemory("receiveResponseXML", "-1");
		}
		int progress = retrying(() -> this.service.receiveResponseXML(ticket, response, hresult, message));
		return Integer.toString(progress);
	}

	@PayloadRoot(namespace = NS, localPart = "connectionError")
	@ResponsePayload
	public Element connectionError(@RequestPayload Element request) {
		String ticket = Soap.text(request, "ticket");
		String hresult = Soap.text(request, "hresult");
		String message = Soap.text(request, "message");
		if (this.refused.dead(ticket)) {
			return Soap.result("connectionError", refusedFromMemory("connectionError", "done"));
		}
		return Soap.result("connectionError", retrying(() -> this.service.connectionError(ticket, hresult, message)));
	}

	@PayloadRoot(namespace = NS, localPart = "getLastError")
	@ResponsePayload
	public Element getLastError(@RequestPayload Element request) {
		String ticket = Soap.text(request, "ticket");
		if (this.refused.absent(ticket)) {
			return Soap.result("getLastError", refusedFromMemory("getLastError", WebConnectorService.UNKNOWN_SESSION));
		}
		return Soap.result("getLastError", retrying(() -> this.service.getLastError(ticket)));
	}

	@PayloadRoot(namespace = NS, localPart = "closeConnection")
	@ResponsePayload
	public Element closeConnection(@RequestPayload Element request) {
		String ticket = Soap.text(request, "ticket");
		if (this.refused.absent(ticket)) {
			return Soap.result("closeConnection", refusedFromMemory("closeConnection", WebConnectorService.UNKNOWN_CLOSE));
		}
		return Soap.result("closeConnection", retrying(() -> this.service.closeConnection(ticket)));
	}

	/**
	 * The service's own answer for a ticket that opens no live session, given without a database connection or a
	 * turn: "" from sendRequestXML, -1 from receiveResponseXML, "done" from connectionError, and for a ticket no
	 * session ever had, the "unknown session" texts of getLastError and closeConnection. The first refusal of a ticket
	 * is logged by the service; these are its repetitions, at debug.
	 */
	private static String refusedFromMemory(String operation, String answer) {
		log.debug("{} refused: a ticket known to open no live session", operation);
		return answer;
	}

	@PayloadRoot(namespace = NS, localPart = "getInteractiveURL")
	@ResponsePayload
	public Element getInteractiveURL(@RequestPayload Element request) {
		return Soap.result("getInteractiveURL",
				this.service.getInteractiveURL(Soap.text(request, "wcTicket"), Soap.text(request, "sessionID")));
	}

	@PayloadRoot(namespace = NS, localPart = "interactiveDone")
	@ResponsePayload
	public Element interactiveDone(@RequestPayload Element request) {
		return Soap.result("interactiveDone", this.service.interactiveDone(Soap.text(request, "wcTicket")));
	}

	@PayloadRoot(namespace = NS, localPart = "interactiveRejected")
	@ResponsePayload
	public Element interactiveRejected(@RequestPayload Element request) {
		return Soap.result("interactiveRejected",
				this.service.interactiveRejected(Soap.text(request, "wcTicket"), Soap.text(request, "reason")));
	}

}
