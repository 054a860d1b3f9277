package io.qbsync.webconnector;

import io.qbsync.sandbox.FakeQuickBooks;
import io.qbsync.sandbox.Transcript;
import io.qbsync.sandbox.WebConnectorClient;
import io.qbsync.sandbox.WebConnectorRunner;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Logs say which company and session a line is about, and never carry passwords, tickets or qbXML payloads. */
@ExtendWith(OutputCaptureExtension.class)
class WebConnectorLoggingTests extends IntegrationTest {

	@Test
	void sessionLogsCarryTheCompanyButNoSecretsOrPayloads(CapturedOutput output) {
		TestCompany company = TestCompanies.create(api(), "Logged");
		TestCompanies.enqueue(api(), company.id(), TestCompanies.customerQuery("13.0", "Payload-Marker-7731"));
		FakeQuickBooks books = FakeQuickBooks.builder().fileId(company.fileId()).ownerId(company.ownerId()).build();
		new WebConnectorClient(endpoint()).authenticate(company.username(), "a wrong password here");

		Transcript transcript = new WebConnectorRunner(new WebConnectorClient(endpoint()), books)
			.run(company.username(), company.password());

		assertThat(transcript.endReason()).isEqualTo(Transcript.EndReason.COMPLETED);
		assertThat(output.getOut()).containsPattern("c=" + company.id() + " t=[0-9a-f]{8} .*Sent outbox document");
		assertThat(output.getOut()).doesNotContain(company.password())
			.doesNotContain("a wrong password here")
			.doesNotContain(transcript.ticket())
			.doesNotContain("Payload-Marker-7731");
	}

	@Test
	void aUsernameCannotWriteLinesOfItsOwnIntoTheLog(CapturedOutput output) {
		String forged = "x\n2026-01-01 ERROR forged-line-4471\r\nmore-4471";
		new WebConnectorClient(endpoint()).authenticate(forged, "a wrong password");

		assertThat(output.getOut()).contains("x\\n2026-01-01 ERROR forged-line-4471");
		assertThat(output.getOut().lines()).noneMatch((line) -> line.startsWith("2026-01-01 ERROR forged-line-4471"))
			.noneMatch((line) -> line.startsWith("more-4471"));
	}

}
