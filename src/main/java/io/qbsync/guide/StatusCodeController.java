package io.qbsync.guide;

import java.util.List;
import java.util.Locale;

import io.qbsync.qbxml.status.GuideEntry;
import io.qbsync.qbxml.status.GuideEntry.Kind;
import io.qbsync.qbxml.status.StatusGuide;
import io.qbsync.system.FieldProblem;
import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API for the status-code guide: every entry (searchable), or one by qbXML status code or hresult. */
@RestController
@RequestMapping("/api/status-codes")
class StatusCodeController {

	private final StatusGuide guide;

	StatusCodeController(StatusGuide guide) {
		this.guide = guide;
	}

	/**
	 * @param q text to look for in the code, title, texts and class (any case)
	 * @param kind QBXML_STATUS or HRESULT
	 */
	@GetMapping
	List<GuideEntry> list(@RequestParam(required = false) String q, @RequestParam(required = false) String kind) {
		return this.guide.search(q, kind(kind));
	}

	/** A qbXML status code (3200; a code inside a range answers the range) or an hresult (0x80040400, any case). */
	@GetMapping("/{code}")
	GuideEntry get(@PathVariable String code) {
		return this.guide.find(code)
			.orElseThrow(() -> new NotFoundException("The status-code guide has no entry for '" + code.strip()
					+ "'. Ask for a qbXML status code such as 3200 or a Web Connector hresult such as 0x80040400; "
					+ "GET /api/status-codes lists them all."));
	}

	private static Kind kind(String kind) {
		if (kind == null || kind.isBlank()) {
			return null;
		}
		try {
			return Kind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("Nothing was listed.",
					List.of(new FieldProblem("kind", "must be QBXML_STATUS or HRESULT")));
		}
	}

}
