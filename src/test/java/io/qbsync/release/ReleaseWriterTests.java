package io.qbsync.release;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.qbsync.outbox.Outbox;
import io.qbsync.qbxml.QbxmlVersion;
import io.qbsync.qbxml.entity.Direction;
import io.qbsync.qbxml.request.QbxmlRequest;
import io.qbsync.support.IntegrationTest;
import io.qbsync.support.TestCompanies;
import io.qbsync.wizard.ApprovalService.Side;
import io.qbsync.wizard.FieldChange;
import io.qbsync.wizard.ItemQueries;
import io.qbsync.wizard.ItemTransitions;
import io.qbsync.wizard.SyncSettings;
import io.qbsync.wizard.WizardAction;
import io.qbsync.wizard.WizardItem;
import io.qbsync.wizard.WizardItemState;
import io.qbsync.wizard.WizardItems;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A release chunk moves only the items still approved when it writes. An item a person (or another release) took
 * after the chunk read it is left out of the document; a chunk none of whose items is still approved queues no
 * document at all. Either way no item goes out twice, and none goes out unapproved.
 */
class ReleaseWriterTests extends IntegrationTest {

	private static final QbxmlVersion VERSION = QbxmlVersion.of(13, 0);

	@Autowired
	WizardItems wizardItems;

	@Autowired
	ItemTransitions items;

	@Autowired
	ItemQueries queries;

	@Autowired
	Outbox outbox;

	@Autowired
	SyncSettings settings;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager tx;

	@Test
	void itemsStillApprovedGoOutTogether() {
		long company = TestCompanies.create(api(), "Release All Approved").id();
		List<Release> chunk = approved(company, 3);

		write(company, chunk);

		List<Long> documents = documents(company);
		assertThat(documents).hasSize(1);
		assertThat(requestIds(documents.get(0))).containsExactlyElementsOf(ids(chunk));
		assertThat(this.queries.inDocument(documents.get(0))).extracting(WizardItem::id)
			.containsExactlyInAnyOrderElementsOf(ids(chunk));
	}

	@Test
	void anItemTakenAfterTheChunkReadItIsLeftOutOfTheDocument() {
		long company = TestCompanies.create(api(), "Release Some Taken").id();
		List<Release> chunk = approved(company, 4);
		long taken = chunk.get(1).item().id();
		assertThat(this.items.withdraw(taken, WizardItemState.APPROVED, "changed meanwhile", Instant.now())).isTrue();

		write(company, chunk);

		List<Long> documents = documents(company);
		assertThat(documents).hasSize(1);
		List<Long> expected = ids(chunk).stream().filter((id) -> id != taken).toList();
		assertThat(requestIds(documents.get(0))).containsExactlyElementsOf(expected);
		assertThat(this.queries.inDocument(documents.get(0))).extracting(WizardItem::id)
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(state(taken)).isEqualTo("WITHDRAWN");
	}

	@Test
	void aDocumentNoneOfWhoseItemsWasStillApprovedIsNotQueued() {
		long company = TestCompanies.create(api(), "Release All Taken").id();
		List<Release> chunk = approved(company, 2);
		// another release took them first
		write(company, chunk);
		long first = documents(company).get(0);

		write(company, chunk);

		assertThat(documents(company)).containsExactly(first);
		assertThat(this.queries.inDocument(first)).hasSize(2);
	}

	private void write(long company, List<Release> chunk) {
		ReleaseWriter writer = new ReleaseWriter(company, VERSION, this.items, this.queries, this.outbox,
				this.settings, Clock.systemUTC());
		new TransactionTemplate(this.tx).executeWithoutResult((status) -> writer.write(new Chunk<>(chunk)));
	}

	/** Approved customer Adds, as the release reader would hand them to the writer. */
	private List<Release> approved(long company, int count) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		List<Release> chunk = new ArrayList<>();
		for (long record = 1; record <= count; record++) {
			String name = "Customer " + record;
			this.wizardItems.upsertOpen(new WizardItem(0, company, Direction.EXPORT, "Customer", record, "customers",
					"C-" + record, null, WizardAction.ADD, WizardItemState.OPEN, "Add " + name,
					List.of(new FieldChange("name", "Name", null, name)), List.of(), null, false, "1", null, null), now);
			WizardItem open = this.wizardItems
				.findOpen(company, WizardItems.key(Direction.EXPORT, record, "Customer", null))
				.orElseThrow();
			assertThat(this.items.approveExport(open.id(), "admin", WizardAction.ADD, Side.SINGLEOPS, open.summary(),
					0, now))
				.isTrue();
			WizardItem item = this.wizardItems.find(company, open.id()).orElseThrow();
			String id = String.valueOf(item.id());
			QbxmlRequest request = new QbxmlRequest(id, "CustomerAddRq",
					"<CustomerAddRq requestID=\"" + id + "\"><CustomerAdd><Name>" + name
							+ "</Name></CustomerAdd></CustomerAddRq>",
					List.of());
			chunk.add(Release.send(item, request, "ADD", name));
		}
		return chunk;
	}

	private List<Long> documents(long company) {
		return this.jdbc.sql("SELECT id FROM outbox_documents WHERE company_id = ? AND source = ? ORDER BY id")
			.params(company, ReleaseWriter.SOURCE)
			.query(Long.class)
			.list();
	}

	private List<Long> requestIds(long document) {
		String request = this.jdbc.sql("SELECT request FROM outbox_documents WHERE id = ?")
			.param(document)
			.query(String.class)
			.single();
		List<Long> ids = new ArrayList<>();
		Matcher m = Pattern.compile("requestID=\"(\\d+)\"").matcher(request);
		while (m.find()) {
			ids.add(Long.parseLong(m.group(1)));
		}
		return ids;
	}

	private String state(long item) {
		return this.jdbc.sql("SELECT state FROM wizard_items WHERE id = ?").param(item).query(String.class).single();
	}

	private static List<Long> ids(List<Release> chunk) {
		return chunk.stream().map((r) -> r.item().id()).toList();
	}

}
