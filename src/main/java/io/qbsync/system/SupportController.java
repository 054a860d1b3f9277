package io.qbsync.system;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The support page the .qwc file points the Web Connector at (AppSupport): how to set the Web Connector up. */
@RestController
class SupportController {

	private static final String PAGE = """
			<!doctype html>
			<html lang="en"><head><meta charset="utf-8"><title>qbsync support</title></head>
			<body>
			<h1>qbsync and the QuickBooks Web Connector</h1>
			<ol>
			<li>Open QuickBooks Desktop on the Windows computer that keeps the books, logged in as the Admin user,
			with the company file open.</li>
			<li>Download this company's <code>.qwc</code> file from qbsync and open it with the QuickBooks Web
			Connector (File &gt; Add an Application).</li>
			<li>QuickBooks asks whether to allow qbsync: choose to allow it, even when QuickBooks is not running.</li>
			<li>In the Web Connector, type the password qbsync gave for this company, tick Auto-Run, and click
			Update Selected.</li>
			</ol>
			<p>If an update fails, the Web Connector shows qbsync's explanation and what to do next.</p>
			</body></html>
			""";

	@GetMapping(path = "/support", produces = MediaType.TEXT_HTML_VALUE)
	String support() {
		return PAGE;
	}

}
