package io.qbsync.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Says, once the server is up, where the API, the Web Connector endpoint and the health check are. */
@Component
class WhereToGoNext implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger log = LoggerFactory.getLogger(WhereToGoNext.class);

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
			return;
		}
		String base = "http://localhost:" + web.getWebServer().getPort();
		log.info("""
				qbsync is ready.
				  Sign in:               {}/                (the admin user)
				  Health:                {}/actuator/health
				  Companies (admin API): {}/api/companies   (HTTP Basic, the admin user)
				  Web Connector (SOAP):  {}/qbwc            (WSDL at {}/qbwc?wsdl)
				  Next: add a company on {}/companies, then load its .qwc file into the Web Connector.""",
				base, base, base, base, base, base);
	}

}
