package io.qbsync.qbxml;

import javax.xml.stream.XMLStreamException;

import io.qbsync.sandbox.FakeQuickBooks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostInfoTests {

	private static final String OWNER = "{6F3A9C52-1B7E-4D0A-8E25-93C4B1D7A0E6}";

	@Test
	void readsWhatTheWebConnectorSaysAboutQuickBooks() throws Exception {
		FakeQuickBooks books = FakeQuickBooks.builder()
			.ownerId(OWNER)
			.fileId("{11111111-2222-3333-4444-555555555555}")
			.companyName("Greenleaf Tree Care LLC")
			.productName("QuickBooks Enterprise Solutions 23.0")
			.country("US")
			.supportedQbXmlVersions("1.0", "12.0", "13.0")
			.build();

		HostInfo host = HostInfo.parse(books.hcpResponse(), OWNER);

		assertThat(host.productName()).isEqualTo("QuickBooks Enterprise Solutions 23.0");
		assertThat(host.country()).isEqualTo("US");
		assertThat(host.companyName()).isEqualTo("Greenleaf Tree Care LLC");
		assertThat(host.supportedVersions()).containsExactly(QbxmlVersion.of(1, 0), QbxmlVersion.of(12, 0),
				QbxmlVersion.of(13, 0));
		assertThat(host.fileId()).isEqualTo("{11111111-2222-3333-4444-555555555555}");
	}

	@Test
	void aFileIdUnderAnotherApplicationsOwnerIdDoesNotCount() throws Exception {
		FakeQuickBooks books = FakeQuickBooks.builder().ownerId("{00000000-1111-2222-3333-444444444444}").build();
		assertThat(HostInfo.parse(books.hcpResponse(), OWNER).fileId()).isNull();
	}

	@Test
	void ignoresUnknownElementsAndRefusesADoctype() throws Exception {
		HostInfo host = HostInfo.parse("""
				<?xml version="1.0"?><QBXML><QBXMLMsgsRs><HostQueryRs><HostRet><Future>x</Future>
				<ProductName>QB</ProductName></HostRet></HostQueryRs></QBXMLMsgsRs></QBXML>
				""", OWNER);
		assertThat(host.productName()).isEqualTo("QB");
		assertThatThrownBy(() -> HostInfo.parse("<?xml version=\"1.0\"?><!DOCTYPE QBXML [<!ENTITY e \"x\">]><QBXML/>",
				OWNER))
			.isInstanceOf(XMLStreamException.class);
	}

}
