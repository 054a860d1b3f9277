package io.qbsync.webconnector;

import java.util.Locale;
import java.util.Properties;

import javax.xml.transform.TransformerFactory;

import io.qbsync.company.QwcFile;
import io.qbsync.metrics.WebConnectorCallTimer;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.ws.context.MessageContext;
import org.springframework.ws.server.EndpointInvocationChain;
import org.springframework.ws.server.EndpointMapping;
import org.springframework.ws.server.endpoint.MethodEndpoint;
import org.springframework.ws.soap.SoapMessage;
import org.springframework.ws.soap.SoapVersion;
import org.springframework.ws.soap.saaj.SaajSoapMessageFactory;
import org.springframework.ws.soap.server.endpoint.SoapFaultDefinition;
import org.springframework.ws.soap.server.endpoint.SoapFaultMappingExceptionResolver;
import org.springframework.ws.transport.http.MessageDispatcherServlet;

/** Spring-WS wiring for the Web Connector endpoint at {@code /qbwc}. */
@Configuration(proxyBeanMethods = false)
class WebConnectorConfiguration {

	/** The fault string of every unexpected error: no exception text (it may hold SQL or data) leaves the server. */
	static final String SERVER_FAULT = "qbsync could not process this call. It has been logged; run the Web Connector "
			+ "again.";

	/** The Web Connector speaks SOAP 1.1 only. */
	@Bean(name = MessageDispatcherServlet.DEFAULT_MESSAGE_FACTORY_BEAN_NAME)
	SaajSoapMessageFactory messageFactory() {
		nameTheTransformerFactory();
		SaajSoapMessageFactory factory = new SaajSoapMessageFactory();
		factory.setSoapVersion(SoapVersion.SOAP_11);
		return factory;
	}

	/**
	 * SAAJ asks JAXP for a new TransformerFactory twice a call (reading the envelope, writing the answer). Unless the
	 * system property names one, JAXP looks for it by scanning every jar on the class path for a service file, taking
	 * each jar's lock in turn, and under load the calls queued on those locks. No jar provides one, so the scan always
	 * ends at the JDK's own: naming it here skips the scan and changes nothing else. A property set at launch wins.
	 */
	static void nameTheTransformerFactory() {
		String property = TransformerFactory.class.getName();
		if (System.getProperty(property) == null) {
			System.setProperty(property, TransformerFactory.newDefaultInstance().getClass().getName());
		}
	}

	/** Serves the WSDL on GET and answers unreadable requests with a SOAP fault instead of an empty error page. */
	@Bean(name = MessageDispatcherServlet.DEFAULT_MESSAGE_RECEIVER_HANDLER_ADAPTER_BEAN_NAME)
	WebConnectorHandlerAdapter messageReceiverHandlerAdapter(SaajSoapMessageFactory messageFactory, QwcFile qwcFile,
			WebConnectorEndpoint endpoint, WebConnectorCallTimer timer) {
		WebConnectorHandlerAdapter adapter = new WebConnectorHandlerAdapter(qwcFile, endpoint, timer);
		adapter.setMessageFactory(messageFactory);
		return adapter;
	}

	/** The rate limit per address, ahead of everything else, the body size limit included. */
	@Bean
	FilterRegistrationBean<WebConnectorRateLimit> webConnectorRateLimit(ProvenAddresses proven,
			WebConnectorSettings settings) {
		FilterRegistrationBean<WebConnectorRateLimit> registration = new FilterRegistrationBean<>(
				new WebConnectorRateLimit(proven, settings));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** Unexpected errors become a plain server fault: no exception text (it may hold SQL or data) leaves the server. */
	@Bean
	SoapFaultMappingExceptionResolver soapFaultResolver() {
		SoapFaultMappingExceptionResolver resolver = new SoapFaultMappingExceptionResolver();
		SoapFaultDefinition fault = new SoapFaultDefinition();
		fault.setFaultCode(SoapFaultDefinition.SERVER);
		fault.setFaultStringOrReason(SERVER_FAULT);
		resolver.setDefaultFault(fault);
		resolver.setExceptionMappings(new Properties());
		resolver.setOrder(Ordered.HIGHEST_PRECEDENCE);
		resolver.setWarnLogCategory(WebConnectorEndpoint.class.getName());
		return resolver;
	}

	/** Any body no operation matches gets a client fault naming it, never an empty 404. */
	@Bean
	EndpointMapping unknownOperationMapping() throws NoSuchMethodException {
		UnknownOperation target = new UnknownOperation();
		MethodEndpoint endpoint = new MethodEndpoint(target,
				UnknownOperation.class.getMethod("answer", MessageContext.class));
		return new OrderedMapping(endpoint);
	}

	/** Last in line: matches every message the annotated endpoint did not. */
	record OrderedMapping(MethodEndpoint endpoint) implements EndpointMapping, Ordered {

		@Override
		public EndpointInvocationChain getEndpoint(MessageContext messageContext) {
			return new EndpointInvocationChain(this.endpoint);
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

	/** Writes the client fault for an operation the Web Connector contract does not have. */
	public static class UnknownOperation {

		public void answer(MessageContext context) {
			SoapMessage response = (SoapMessage) context.getResponse();
			response.getSoapBody()
				.addClientOrSenderFault("This is not a QuickBooks Web Connector operation qbsync knows. Check the "
						+ "body's element name and namespace (http://developer.intuit.com/).", Locale.ENGLISH);
		}

	}

}
