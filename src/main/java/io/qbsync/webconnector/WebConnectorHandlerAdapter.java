package io.qbsync.webconnector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import io.qbsync.company.QwcFile;
import io.qbsync.metrics.WebConnectorCallTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.ws.InvalidXmlException;
import org.springframework.ws.soap.SoapMessageCreationException;
import org.springframework.ws.transport.http.WebServiceMessageReceiverHandlerAdapter;
import org.springframework.web.servlet.ModelAndView;

/**
 * Spring-WS's HTTP adapter with three changes for the Web Connector: a GET (such as {@code /qbwc?wsdl}) returns the
 * WSDL; a body that is not a SOAP 1.1 message gets a SOAP fault, since the Web Connector reports a fault to the user
 * while an empty 400 or 500 page tells nobody anything; and the calls that carry a whole qbXML document
 * (sendRequestXML, receiveResponseXML) are read from the envelope with StAX and answered directly when the envelope
 * is of the plain shape the Web Connector sends ({@link SoapCall}), sparing SAAJ's DOM of hundreds of kilobytes of
 * escaped text. They are answered, timed and faulted as Spring-WS would; any other envelope goes to Spring-WS.
 */
class WebConnectorHandlerAdapter extends WebServiceMessageReceiverHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(WebConnectorHandlerAdapter.class);

	/** Where Spring-WS logs an endpoint's exception (the fault resolver's warn category). */
	private static final Logger endpointLog = LoggerFactory.getLogger(WebConnectorEndpoint.class);

	private static final String WSDL = "wsdl/QBWebConnectorSvc.wsdl";

	private final QwcFile qwcFile;

	/** The operations answered without Spring-WS, each with what answers it: the value of its result element. */
	private final Map<String, Function<SoapCall, String>> direct;

	private final WebConnectorCallTimer timer;

	WebConnectorHandlerAdapter(QwcFile qwcFile, WebConnectorEndpoint endpoint, WebConnectorCallTimer timer) {
		this.qwcFile = qwcFile;
		this.direct = Map.of("sendRequestXML", endpoint::sendRequestXML, "receiveResponseXML",
				endpoint::receiveResponseXML);
		this.timer = timer;
	}

	@Override
	public ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		HttpServletRequest read = request;
		if ("POST".equals(request.getMethod())) {
			// bounded before it gets here (RequestSizeLimit), as it was when SAAJ read it whole
			byte[] body = request.getInputStream().readAllBytes();
			Optional<SoapCall> call = SoapCall.read(request.getContentType(), body)
				.filter((c) -> this.direct.containsKey(c.operation()));
			if (call.isPresent()) {
				answer(call.get(), response);
				return null;
			}
			read = new ReadAgain(request, body);
		}
		try {
			return super.handle(read, response, handler);
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

	/**
	 * Answers a call read without SAAJ: its result, or on an exception the same server fault (and log line) as
	 * Spring-WS's fault resolver, whose text tells nothing of the cause.
	 */
	private void answer(SoapCall call, HttpServletResponse response) throws IOException {
		long started = System.nanoTime();
		byte[] body;
		int status = HttpServletResponse.SC_OK;
		String outcome = "ok";
		try {
			body = Soap.resultEnvelope(call.operation(), this.direct.get(call.operation()).apply(call));
		}
		catch (RuntimeException ex) {
			endpointLog.warn("Endpoint execution resulted in exception", ex);
			body = Soap.faultEnvelope("Server", WebConnectorConfiguration.SERVER_FAULT);
			status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
			outcome = "fault";
		}
		this.timer.record(call.operation(), outcome, started);
		response.setStatus(status);
		response.setContentType("text/xml; charset=utf-8");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
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

	/** The request again, its body read already. */
	private static final class ReadAgain extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadAgain(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body was read already");
				}

			};
		}

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
