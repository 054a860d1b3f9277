package io.qbsync.webconnector;

import java.time.Instant;
import java.util.List;

import io.qbsync.company.CompanyService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST view of a company's recent Web Connector sessions: when it checked in, what QuickBooks said, how it ended. */
@RestController
@RequestMapping("/api/companies/{companyId}/sessions")
class SessionController {

	private final WebConnectorSessions sessions;

	private final CompanyService companies;

	SessionController(WebConnectorSessions sessions, CompanyService companies) {
		this.sessions = sessions;
		this.companies = companies;
	}

	@GetMapping
	List<SessionView> recent(@PathVariable long companyId, @RequestParam(defaultValue = "20") int limit) {
		this.companies.get(companyId);
		return this.sessions.recent(companyId, Math.max(1, Math.min(limit, 200))).stream().map(SessionView::of).toList();
	}

	/** A session as the API shows it (the ticket is never stored, so never shown). */
	record SessionView(long id, SessionState state, Instant startedAt, Instant lastSeenAt, Instant endedAt,
			String companyFileName, String quickBooksProduct, String quickBooksCountry, String quickBooksCompanyName,
			String qbxmlVersion, int documentsSent, int documentsAnswered, int documentsFailed, String lastError,
			String connectionHresult, String connectionMessage) {

		static SessionView of(WebConnectorSession s) {
			return new SessionView(s.id(), s.state(), s.startedAt(), s.lastSeenAt(), s.endedAt(), s.companyFileName(),
					s.qbProduct(), s.qbCountry(), s.qbCompanyName(), s.qbxmlVersion(), s.documentsSent(),
					s.documentsAnswered(), s.documentsFailed(), s.lastError(), s.connectionHresult(),
					s.connectionMessage());
		}

	}

}
