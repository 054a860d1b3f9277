package io.qbsync.qbxml;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What the Web Connector tells us about QuickBooks on the first sendRequestXML of a session (strHCPResponse: the
 * answers to a HostQuery, CompanyQuery and PreferencesQuery in one QBXML document).
 *
 * @param productName e.g. "QuickBooks Enterprise Solutions 23.0"
 * @param majorVersion QuickBooks' own major version, e.g. "33"
 * @param country the edition's country, e.g. "US"
 * @param supportedVersions every qbXML version this QuickBooks reads
 * @param companyName the company name inside the company file
 * @param fileId the FileID the Web Connector stamped into the company file under our OwnerID, or null
 */
public record HostInfo(String productName, String majorVersion, String country, List<QbxmlVersion> supportedVersions,
		String companyName, String fileId) {

	public static final HostInfo EMPTY = new HostInfo(null, null, null, List.of(), null, null);

	/**
	 * Reads the HCP response. Unknown elements are skipped; a document that is not XML gives an exception, since a
	 * real Web Connector never sends one.
	 * @param ownerId our OwnerID: only a FileID data extension under it counts
	 */
	public static HostInfo parse(String hcpResponse, String ownerId) throws XMLStreamException {
		XMLStreamReader reader = SecureXml.inputFactory().createXMLStreamReader(new StringReader(hcpResponse));
		Deque<String> path = new ArrayDeque<>();
		List<QbxmlVersion> versions = new ArrayList<>();
		String product = null;
		String major = null;
		String country = null;
		String companyName = null;
		String fileId = null;
		String extOwner = null;
		String extName = null;
		String extValue = null;
		StringBuilder text = new StringBuilder();
		while (reader.hasNext()) {
			switch (reader.next()) {
				case XMLStreamConstants.DTD -> throw new XMLStreamException("A DOCTYPE is not allowed");
				case XMLStreamConstants.START_ELEMENT -> {
					path.push(reader.getLocalName());
					text.setLength(0);
					if ("DataExtRet".equals(reader.getLocalName())) {
						extOwner = null;
						extName = null;
						extValue = null;
					}
				}
				case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(reader.getText());
				case XMLStreamConstants.END_ELEMENT -> {
					String name = path.pop();
					String parent = path.peek();
					String value = text.toString().strip();
					text.setLength(0);
					if ("HostRet".equals(parent)) {
						switch (name) {
							case "ProductName" -> product = value;
							case "MajorVersion" -> major = value;
							case "Country" -> country = value;
							case "SupportedQBXMLVersion" -> QbxmlVersion.parse(value).ifPresent(versions::add);
							default -> {
							}
						}
					}
					else if ("CompanyRet".equals(parent) && "CompanyName".equals(name)) {
						companyName = value;
					}
					else if ("DataExtRet".equals(parent)) {
						switch (name) {
							case "OwnerID" -> extOwner = value;
							case "DataExtName" -> extName = value;
							case "DataExtValue" -> extValue = value;
							default -> {
							}
						}
					}
					else if ("DataExtRet".equals(name) && "CompanyRet".equals(parent) && "FileID".equals(extName)
							&& extOwner != null && extOwner.equalsIgnoreCase(ownerId)) {
						fileId = extValue;
					}
				}
				default -> {
				}
			}
		}
		return new HostInfo(product, major, country, List.copyOf(versions), companyName, fileId);
	}

}
