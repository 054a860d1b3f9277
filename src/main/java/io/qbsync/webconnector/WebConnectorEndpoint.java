package io.qbsync.webconnector;

import org.w3c.dom.Element;

import org.springframework.ws.server.endpoint.annotation.Endpoint;
import org.springframework.ws.server.endpoint.annotation.PayloadRoot;
import org.springframework.ws.server.endpoint.annotation.RequestPayload;
import org.springframework.ws.server.endpoint.annotation.ResponsePayload;

/**
 * The SOAP face of {@link WebConnectorService}: one method per Web Connector operation, routed on the body's root
 * element (the Web Connector's SOAPAction header is not relied on).
 */
@Endpoint
public class WebConnectorEndpoint {

	private static final String NS = Soap.NS;

	private final WebConnectorService service;

	WebConnectorEndpoint(WebConnectorService service) {
		this.service = service;
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
		return Soap.arrayResult("authenticate",
				this.service.authenticate(Soap.text(request, "strUserName"), Soap.text(request, "strPassword")));
	}

	@PayloadRoot(namespace = NS, localPart = "sendRequestXML")
	@ResponsePayload
	public Element sendRequestXML(@RequestPayload Element request) {
		return Soap.result("sendRequestXML",
				this.service.sendRequestXML(Soap.text(request, "ticket"), Soap.text(request, "strHCPResponse"),
						Soap.text(request, "strCompanyFileName"), Soap.text(request, "qbXMLCountry"),
						Soap.number(request, "qbXMLMajorVers"), Soap.number(request, "qbXMLMinorVers")));
	}

	@PayloadRoot(namespace = NS, localPart = "receiveResponseXML")
	@ResponsePayload
	public Element receiveResponseXML(@RequestPayload Element request) {
		int progress = this.service.receiveResponseXML(Soap.text(request, "ticket"), Soap.text(request, "response"),
				Soap.text(request, "hresult"), Soap.text(request, "message"));
		return Soap.result("receiveResponseXML", Integer.toString(progress));
	}

	@PayloadRoot(namespace = NS, localPart = "connectionError")
	@ResponsePayload
	public Element connectionError(@RequestPayload Element request) {
		return Soap.result("connectionError", this.service.connectionError(Soap.text(request, "ticket"),
				Soap.text(request, "hresult"), Soap.text(request, "message")));
	}

	@PayloadRoot(namespace = NS, localPart = "getLastError")
	@ResponsePayload
	public Element getLastError(@RequestPayload Element request) {
		return Soap.result("getLastError", this.service.getLastError(Soap.text(request, "ticket")));
	}

	@PayloadRoot(namespace = NS, localPart = "closeConnection")
	@ResponsePayload
	public Element closeConnection(@RequestPayload Element request) {
		return Soap.result("closeConnection", this.service.closeConnection(Soap.text(request, "ticket")));
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
