package io.qbsync.company;

import java.net.URI;
import java.time.Instant;

import io.qbsync.system.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QwcFileTests {

	private static final Company ACME = new Company(7, "Acme & Sons <Tree>", "acme", "", "13.0",
			"{6F3A9C52-1B7E-4D0A-8E25-93C4B1D7A0E6}", "{11111111-2222-3333-4444-555555555555}", 60, false, Instant.EPOCH,
			Instant.EPOCH, Instant.EPOCH, null, false);

	@Test
	void plainHttpIsOnlyForLocalhost() {
		assertThat(qwc("http://localhost:8080").appUrl()).isEqualTo(URI.create("http://localhost:8080/qbwc"));
		assertThat(qwc("https://sync.example.com/").appUrl()).isEqualTo(URI.create("https://sync.example.com/qbwc"));
		assertThatThrownBy(() -> qwc("http://sync.example.com").render(ACME))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("https")
			.hasMessageContaining("qbsync.company.public-url");
		assertThatThrownBy(() -> qwc("http://192.168.1.20:8080").appUrl()).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void escapesTheCompanyName() {
		String file = qwc("https://sync.example.com").render(ACME);
		assertThat(file).contains("<AppName>qbsync - Acme &amp; Sons &lt;Tree&gt;</AppName>")
			.contains("<AppURL>https://sync.example.com/qbwc</AppURL>")
			.contains("<RunEveryNMinutes>60</RunEveryNMinutes>");
	}

	private static QwcFile qwc(String publicUrl) {
		return new QwcFile(new CompanySettings(URI.create(publicUrl), "qbsync", "16.0",
				"{6F3A9C52-1B7E-4D0A-8E25-93C4B1D7A0E6}"));
	}

}
