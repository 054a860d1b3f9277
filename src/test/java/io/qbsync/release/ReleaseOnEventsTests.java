package io.qbsync.release;

import java.util.List;
import java.util.Map;

import io.qbsync.report.ItemResynced;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.SyncSteps;
import io.qbsync.support.TestCompanies;
import io.qbsync.support.TestCompanies.TestCompany;
import io.qbsync.wizard.ExportsApproved;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;

/**
 * Approval and Resync release through events, and an event whose release failed is kept in the registry until it is
 * republished.
 */
class ReleaseOnEventsTests extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IncompleteEventPublications incomplete;

	/** A spy ({@link IntegrationTest}): the real bean unless a test says otherwise. */
	@Autowired
	ReleaseService releases;

	@Test
	void approvedExportsArePendingWhenTheApprovalAnswersAndTheirPublicationIsGone() {
		TestCompany company = TestCompanies.create(api(), "Approved Events");
		steps().put(company, "customers", "C-1", "{\"name\": \"Evented One\"}");

		Map<String, Object> answer = approveAll(company);

		assertThat(answer).containsEntry("approved", 1).doesNotContainKey("releaseExecutionId");
		assertThat(states(company)).containsExactly("PENDING");
		assertThat(publications(company)).isEmpty();
	}

	@Test
	void aResyncedItemIsPendingWhenResyncAnswers() {
		TestCompany company = TestCompanies.create(api(), "Resynced Events");
		steps().put(company, "customers", "C-1", "{\"name\": \"Evented Three\"}");
		approveAll(company);
		// as if QuickBooks had refused it: failed, with a code that says it never went in
		this.jdbc.sql("UPDATE wizard_items SET state = 'FAILED', result_code = '3070', result_message = 'too long' "
				+ "WHERE company_id = ? AND direction = 'EXPORT'").param(company.id()).update();
		long item = this.jdbc.sql("SELECT id FROM wizard_items WHERE company_id = ? AND direction = 'EXPORT'")
			.param(company.id())
			.query(Long.class)
			.single();

		Map<String, Object> resynced = api().post()
			.uri("/api/companies/{id}/unsynced/{item}/resync", company.id(), item)
			.retrieve()
			.body(Map.class);

		assertThat(resynced).containsEntry("outcome", "RELEASED");
		assertThat(states(company)).containsExactly("PENDING");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM EVENT_PUBLICATION WHERE EVENT_TYPE = ? "
				+ "AND SERIALIZED_EVENT LIKE ?")
			.params(ItemResynced.class.getName(), "%\"itemId\":" + item + "%")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aReleaseThatFailedStaysInTheRegistryAndRunsWhenRepublished() {
		TestCompany company = TestCompanies.create(api(), "Failed Release Events");
		steps().put(company, "customers", "C-1", "{\"name\": \"Evented Two\"}");
		doThrow(new DataAccessResourceFailureException("the database went away")).doCallRealMethod()
			.when(this.releases)
			.release(company.id());

		Map<String, Object> answer = approveAll(company);

		assertThat(answer).containsEntry("approved", 1);
		assertThat(states(company)).containsExactly("APPROVED");
		assertThat(publications(company)).singleElement()
			.satisfies((p) -> assertThat(p.get("COMPLETION_DATE")).isNull())
			.satisfies((p) -> assertThat(p.get("STATUS")).isEqualTo("FAILED"));

		this.incomplete.resubmitIncompletePublications(
				(p) -> p.getEvent() instanceof ExportsApproved approved && approved.companyId() == company.id());

		assertThat(states(company)).containsExactly("PENDING");
		assertThat(publications(company)).isEmpty();
	}

	private SyncSteps steps() {
		return new SyncSteps(api(), endpoint());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> approveAll(TestCompany company) {
		steps().scan(company);
		List<Map<String, Object>> export = (List<Map<String, Object>>) api().get()
			.uri("/api/companies/{id}/wizard", company.id())
			.retrieve()
			.body(Map.class)
			.get("export");
		return api().post()
			.uri("/api/companies/{id}/wizard/approve", company.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("checked", export.stream().map((i) -> i.get("id")).toList(), "unchecked", "KEEP"))
			.retrieve()
			.body(Map.class);
	}

	private List<String> states(TestCompany company) {
		return this.jdbc.sql("SELECT state FROM wizard_items WHERE company_id = ? AND direction = 'EXPORT'")
			.param(company.id())
			.query(String.class)
			.list();
	}

	private List<Map<String, Object>> publications(TestCompany company) {
		return this.jdbc.sql("SELECT * FROM EVENT_PUBLICATION WHERE EVENT_TYPE = ? AND SERIALIZED_EVENT LIKE ?")
			.params(ExportsApproved.class.getName(), "%\"companyId\":" + company.id() + ",%")
			.query()
			.listOfRows();
	}

}
