package io.qbsync.webconnector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.qbsync.company.QwcFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.ws.InvalidXmlException;
import org.springframework.ws.soap.SoapMessageCreationException;
import org.springframework.ws.transport.http.WebServiceMessageReceiverHandlerAdapter;
import org.springframework.web.servlet.ModelAndView;

/**
 * Spring-WS's HTTP adapter with two changes for the Web Connector: a GET (such as {@code /qbwc?wsdl}) returns the
 * WSDL, and a body that is not a SOAP 1.1 message gets a SOAP fault, since the Web Connector reports a fault to the
 * user while an empty 400 or 500 page tells nobody anything.
 */
class WebConnectorHandlerAdapter extends WebServiceMessageReceiverHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(WebConnectorHandlerAdapter.class);

	private static final String WSDL = "wsdl/QBWebConnectorSvc.wsdl";

	private final QwcFile qwcFile;

	WebConnectorHandlerAdapter(QwcFile qwcFile) {
		this.qwcFile = qwcFile;
	}

	@Override
	public ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		try {
			return super.handle(request, response, handler);
		}
		catch (SoapMessageCreationException ex) {
			log.warn("Refused a request to {} that is not a SOAP 1.1 message: {}", request.getRequestURI(),
					rootMessage(ex));
			writeFault(response, "The request is not a SOAP 1.1 message qbsync can read (a DOCTYPE or entity is never "
					+ "accepted): " + rootMessage(ex));
			return null;
		}
	}

	@Override
	protected void handleInvalidXmlException(HttpServletRequest request, HttpServletResponse response, Object handler,
			InvalidXmlException ex) throws IOException {
		log.warn("Refused a request to {} that is not well-formed XML: {}", request.getRequestURI(), rootMessage(ex));
		writeFault(response, "The request is not well-formed XML, or it has a DOCTYPE, which qbsync never accepts: "
				+ rootMessage(ex));
	}

	@Override
	protected void handleNonPostMethod(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
			response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
			response.setHeader("Allow", "GET, POST");
			return;
		}
		String wsdl;
		try (InputStream in = new ClassPathResource(WSDL).getInputStream()) {
			wsdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		wsdl = wsdl.replaceFirst("(<soap:address location=\")[^\"]*(\")",
				"$1" + this.qwcFile.endpointUrl().toString().replace("$", "\\$") + "$2");
		byte[] body = wsdl.getBytes(StandardCharsets.UTF_8);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/xml;charset=utf-8");
		response.setContentLength(body.length);
		if ("GET".equals(request.getMethod())) {
			response.getOutputStream().write(body);
		}
	}

	private static void writeFault(HttpServletResponse response, String message) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		byte[] body = Soap.faultEnvelope("Client", message);
		response.resetBuffer();
		response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
		response.setContentType("text/xml;charset=utf-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return (message.length() > 300) ? message.substring(0, 300) : message;
	}

}
