package io.qbsync.company;

import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import io.qbsync.qbxml.SecureXml;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Writes the .qwc file an admin loads into the Web Connector ("Add an application"). It names our endpoint, the
 * company's Web Connector username, our OwnerID and the company's FileID; the password is typed in, never stored here.
 */
@Component
public class QwcFile {

	private final CompanySettings settings;

	QwcFile(CompanySettings settings) {
		this.settings = settings;
	}

	/** The Web Connector endpoint URL (AppURL); refuses plain http for anything but localhost, as the Web Connector does. */
	public URI appUrl() {
		URI base = this.settings.publicUrl();
		String scheme = (base.getScheme() != null) ? base.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = (base.getHost() != null) ? base.getHost().toLowerCase(Locale.ROOT) : "";
		boolean local = host.equals("localhost");
		if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
			throw new InvalidInputException(HttpStatus.CONFLICT,
					"The Web Connector only talks to https addresses (plain http is allowed for localhost only), but "
							+ "this server's public address is " + base + ". Set qbsync.company.public-url "
							+ "(QBSYNC_PUBLIC_URL) to its https address and download the file again.",
					List.of(new FieldProblem("qbsync.company.public-url", "must be https unless the host is localhost")));
		}
		return endpointUrl();
	}

	/** This server's Web Connector endpoint as configured, checked or not (for the WSDL's address). */
	public URI endpointUrl() {
		return URI.create(stripSlash(this.settings.publicUrl().toString()) + "/qbwc");
	}

	/** The .qwc file as a download named after the company's Web Connector username. */
	public ResponseEntity<String> download(Company company) {
		String filename = company.username().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + ".qwc";
		return ResponseEntity.ok()
			.contentType(new MediaType("application", "xml", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
			.body(render(company));
	}

	/**
	 * The .qwc file for the company; refused for a sandbox company, so a real Web Connector is never pointed at one
	 * (its built-in Web Connector needs no file).
	 */
	public String render(Company company) {
		if (company.sandbox()) {
			throw new InvalidInputException(HttpStatus.CONFLICT, "This is a sandbox company: qbsync's built-in Web "
					+ "Connector serves it, so it has no .qwc file and a real Web Connector cannot be added for it.",
					List.of());
		}
		URI appUrl = appUrl();
		Document doc = SecureXml.documentBuilder().newDocument();
		Element root = doc.createElement("QBWCXML");
		doc.appendChild(root);
		// Element order follows the Web Connector's own samples.
		add(root, "AppName", this.settings.appName() + " - " + company.name());
		add(root, "AppID", "");
		add(root, "AppURL", appUrl.toString());
		add(root, "AppDescription", "Keeps " + company.name() + " in step between the field-service app and QuickBooks");
		add(root, "AppSupport", stripSlash(this.settings.publicUrl().toString()) + "/support");
		add(root, "UserName", company.username());
		add(root, "OwnerID", company.ownerId());
		add(root, "FileID", company.fileId());
		add(root, "QBType", "QBFS");
		Element scheduler = add(root, "Scheduler", null);
		add(scheduler, "RunEveryNMinutes", Integer.toString(company.runEveryMinutes()));
		add(root, "IsReadOnly", "false");
		add(root, "PersonalDataPref", "pdpNotNeeded");
		add(root, "UnattendedModePref", "umpOptional");
		add(root, "AuthFlags", "0xF");
		add(root, "Style", "Document");
		try {
			Transformer transformer = SecureXml.transformerFactory().newTransformer();
			transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
			transformer.setOutputProperty(OutputKeys.INDENT, "yes");
			transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
			StringWriter out = new StringWriter();
			transformer.transform(new DOMSource(doc), new StreamResult(out));
			return out.toString();
		}
		catch (TransformerException ex) {
			throw new IllegalStateException("Could not write the .qwc file", ex);
		}
	}

	private static Element add(Element parent, String name, String text) {
		Element element = parent.getOwnerDocument().createElement(name);
		if (text != null) {
			element.setTextContent(text);
		}
		parent.appendChild(element);
		return element;
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
