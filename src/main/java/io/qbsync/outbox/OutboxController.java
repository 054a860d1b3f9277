package io.qbsync.outbox;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API of a company's outbox: queue a raw qbXML document, list documents by page (summaries), read one. */
@RestController
@RequestMapping("/api/companies/{companyId}/outbox")
class OutboxController {

	private final OutboxService outbox;

	OutboxController(OutboxService outbox) {
		this.outbox = outbox;
	}

	// XML content types only: a cross-site form can post text/plain without a preflight, never text/xml.
	@PostMapping(consumes = { MediaType.TEXT_XML_VALUE, MediaType.APPLICATION_XML_VALUE })
	ResponseEntity<Queued> enqueue(@PathVariable long companyId, @RequestBody(required = false) String qbxml) {
		long id = this.outbox.enqueue(companyId, qbxml, "api");
		return ResponseEntity.created(URI.create("/api/companies/" + companyId + "/outbox/" + id))
			.body(new Queued(id, OutboxState.QUEUED));
	}

	/**
	 * A page of the company's documents, oldest first, as summaries without bodies. The next page starts after the
	 * last id shown ({@code after=}); a full page carries a {@code Link} header to it.
	 */
	@GetMapping
	ResponseEntity<List<OutboxDocumentSummary>> list(@PathVariable long companyId,
			@RequestParam(required = false) OutboxState state, @RequestParam(defaultValue = "0") long after,
			@RequestParam(defaultValue = "100") int limit) {
		List<OutboxDocumentSummary> page = this.outbox.list(companyId, state, after, limit);
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
		if (page.size() == limit) {
			String next = "/api/companies/" + companyId + "/outbox?after=" + page.get(page.size() - 1).id() + "&limit="
					+ limit + ((state != null) ? "&state=" + state : "");
			answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
		}
		return answer.body(page);
	}

	/** One document with its request and QuickBooks' response. */
	@GetMapping("/{id}")
	OutboxDocument get(@PathVariable long companyId, @PathVariable long id) {
		return this.outbox.get(companyId, id);
	}

	record Queued(long id, OutboxState state) {
	}

}
