package io.qbsync.delivery;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The floor {@link DeliveryBenchmark} is compared with: the row writes a delivery cannot do without, in plain batched
 * JDBC, and one bare StAX pass over the same qbXML answers.
 * <p>
 * After the real drain, the delivered company's records and items are copied (not timed) into a scratch company of
 * the same database, as they were before the release: records unlinked, items {@code APPROVED}. Then, for each outbox
 * document the real delivery answered, in the same order, and timed:
 * <ul>
 * <li>StAX: the answer is read once; each result gives its requestID (the item), ListID and EditSequence;</li>
 * <li>rows, one transaction for the release: the document inserted {@code QUEUED} with its request, its items
 * updated to {@code PENDING} with the document (one batch); one for the send: the document {@code SENT}; one for the
 * answer: the document {@code ANSWERED} with its response, its items {@code SUCCEEDED} (one batch) and their records'
 * links, qb_id and qb_edit_sequence (one batch).</li>
 * </ul>
 * The scratch rows are deleted afterwards.
 */
final class DeliveryFloor {

	/** Times in nanoseconds. */
	record Result(long rowsNanos, long staxNanos, int items, int documents, List<Long> answerNanos) {

		long totalNanos() {
			return this.rowsNanos + this.staxNanos;
		}

		/**
		 * The floor of settling one answer, sorted: its StAX pass (the documents' mean) plus its own transaction (the
		 * document ANSWERED, its items SUCCEEDED, their records linked, the commit).
		 */
		List<Long> settleNanos() {
			long stax = this.staxNanos / Math.max(1, this.documents);
			return this.answerNanos.stream().map((n) -> n + stax).sorted().toList();
		}

	}

	private record Answer(long requestId, String qbId, String editSequence) {
	}

	private record Document(String source, String qbxmlVersion, String request, String response) {
	}

	private DeliveryFloor() {
	}

	static Result measure(DataSource dataSource, JdbcClient jdbc, long companyId, long scratchCompanyId)
			throws Exception {
		List<Document> documents = jdbc.sql("""
				SELECT source, qbxml_version, request, response FROM outbox_documents
				WHERE company_id = ? AND state = 'ANSWERED' ORDER BY id
				""")
			.param(companyId)
			.query((rs, i) -> new Document(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
		Map<Long, long[]> copies = copy(jdbc, companyId, scratchCompanyId);
		try {
			stax(documents); // once untimed, so that the timed pass runs compiled code as the warmed-up server does
			long s0 = System.nanoTime();
			List<List<Answer>> answers = stax(documents);
			long s1 = System.nanoTime();
			int items = 0;
			for (List<Answer> a : answers) {
				for (Answer answer : a) {
					if (!copies.containsKey(answer.requestId())) {
						throw new IllegalStateException("No copy of item " + answer.requestId());
					}
				}
				items += a.size();
			}
			List<Long> answerNanos = new ArrayList<>();
			long rows = rows(dataSource, scratchCompanyId, documents, answers, copies, answerNanos);
			long linked = jdbc.sql("""
					SELECT COUNT(*) FROM wizard_items w JOIN singleops_records r ON r.id = w.record_id
					WHERE w.company_id = ? AND w.state = 'SUCCEEDED' AND r.qb_id IS NOT NULL
					""").param(scratchCompanyId).query(Long.class).single();
			if (linked != items || items != copies.size()) {
				throw new IllegalStateException("The floor settled " + linked + " items of " + items + " answered, "
						+ copies.size() + " delivered");
			}
			return new Result(rows, s1 - s0, items, documents.size(), answerNanos);
		}
		finally {
			jdbc.sql("DELETE FROM wizard_items WHERE company_id = ?").param(scratchCompanyId).update();
			jdbc.sql("DELETE FROM outbox_documents WHERE company_id = ?").param(scratchCompanyId).update();
			jdbc.sql("DELETE FROM singleops_records WHERE company_id = ?").param(scratchCompanyId).update();
		}
	}

	/** Copies the company's records and delivered items; answers real item id -> {copy item id, copy record id}. */
	private static Map<Long, long[]> copy(JdbcClient jdbc, long companyId, long scratch) {
		jdbc.sql("""
				INSERT INTO singleops_records (company_id, record_type, external_id, data, content_hash, deleted, version,
					created_at, updated_at)
				SELECT ?, record_type, external_id, data, content_hash, deleted, version, created_at, updated_at
				FROM singleops_records WHERE company_id = ?
				""").param(scratch).param(companyId).update();
		jdbc.sql("""
				INSERT INTO wizard_items (company_id, direction, object_type, record_id, record_type, external_id, action,
					state, summary, changes, problems, candidate, needs_review, source_version, created_at, updated_at,
					identity, rank_order, decided_by, decided_at, resolution)
				SELECT ?, w.direction, w.object_type, c.id, w.record_type, w.external_id, w.action, 'APPROVED', w.summary,
					w.changes, w.problems, w.candidate, w.needs_review, w.source_version, w.created_at, w.created_at,
					w.identity, w.rank_order, w.decided_by, w.decided_at, w.resolution
				FROM wizard_items w
				JOIN singleops_records r ON r.id = w.record_id
				JOIN singleops_records c ON c.company_id = ? AND c.record_type = r.record_type AND c.external_id = r.external_id
				WHERE w.company_id = ? AND w.state = 'SUCCEEDED'
				""")
			.param(scratch)
			.param(scratch)
			.param(companyId)
			.update();
		// fresh statistics after the bulk copy: with stale ones the join below can take a plan that runs for minutes
		jdbc.sql("ANALYZE TABLE singleops_records, wizard_items").query((ResultSet rs) -> {
		});
		Map<Long, long[]> copies = new HashMap<>();
		jdbc.sql("""
				SELECT w.id, x.id, x.record_id FROM wizard_items w
				JOIN singleops_records r ON r.id = w.record_id
				JOIN singleops_records c ON c.company_id = ? AND c.record_type = r.record_type AND c.external_id = r.external_id
				JOIN wizard_items x ON x.company_id = ? AND x.record_id = c.id AND x.direction = w.direction
				WHERE w.company_id = ? AND w.state = 'SUCCEEDED'
				""")
			.param(scratch)
			.param(scratch)
			.param(companyId)
			.query((ResultSet rs) -> {
				copies.put(rs.getLong(1), new long[] { rs.getLong(2), rs.getLong(3) });
			});
		return copies;
	}

	/** One pass per answer: every result's requestID, and the ListID (or TxnID) and EditSequence of its object. */
	private static List<List<Answer>> stax(List<Document> documents) throws Exception {
		XMLInputFactory factory = XMLInputFactory.newFactory();
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		List<List<Answer>> all = new ArrayList<>(documents.size());
		for (Document d : documents) {
			List<Answer> answers = new ArrayList<>();
			XMLStreamReader r = factory.createXMLStreamReader(new StringReader(d.response()));
			long requestId = -1;
			String qbId = null;
			String editSequence = null;
			while (r.hasNext()) {
				int event = r.next();
				if (event == XMLStreamConstants.START_ELEMENT) {
					String name = r.getLocalName();
					if (name.endsWith("Rs")) {
						String id = r.getAttributeValue(null, "requestID");
						requestId = (id != null) ? Long.parseLong(id) : -1;
						qbId = null;
						editSequence = null;
					}
					else if ((name.equals("ListID") || name.equals("TxnID")) && qbId == null) {
						qbId = r.getElementText();
					}
					else if (name.equals("EditSequence") && editSequence == null) {
						editSequence = r.getElementText();
					}
				}
				else if (event == XMLStreamConstants.END_ELEMENT && r.getLocalName().endsWith("Rs") && requestId >= 0) {
					answers.add(new Answer(requestId, qbId, editSequence));
					requestId = -1;
				}
			}
			r.close();
			all.add(answers);
		}
		return all;
	}

	private static long rows(DataSource dataSource, long scratch, List<Document> documents, List<List<Answer>> answers,
			Map<Long, long[]> copies, List<Long> answerNanos) throws Exception {
		long nanos = 0;
		try (Connection c = dataSource.getConnection();
				PreparedStatement insertDocument = c.prepareStatement("""
						INSERT INTO outbox_documents (company_id, state, source, qbxml_version, request, created_at)
						VALUES (?, 'QUEUED', ?, ?, ?, ?)
						""", Statement.RETURN_GENERATED_KEYS);
				PreparedStatement release = c.prepareStatement("""
						UPDATE wizard_items SET state = 'PENDING', document_id = ?, released_at = ?, sent_as = 'ADD',
							attempts = attempts + 1, updated_at = ?
						WHERE id = ? AND state = 'APPROVED'
						""");
				PreparedStatement sent = c.prepareStatement("""
						UPDATE outbox_documents SET state = 'SENT', sent_at = ? WHERE id = ? AND state = 'QUEUED'
						""");
				PreparedStatement answered = c.prepareStatement("""
						UPDATE outbox_documents SET state = 'ANSWERED', response = ?, answered_at = ?
						WHERE id = ? AND state = 'SENT'
						""");
				PreparedStatement succeed = c.prepareStatement("""
						UPDATE wizard_items SET state = 'SUCCEEDED', result_code = '0', result_qb_id = ?, finished_at = ?,
							updated_at = ?
						WHERE id = ? AND state = 'PENDING'
						""");
				PreparedStatement link = c.prepareStatement("""
						UPDATE singleops_records SET qb_id = ?, qb_edit_sequence = ?, last_synced_at = ?, sync_state = 'SYNCED'
						WHERE id = ?
						""")) {
			c.setAutoCommit(false);
			for (int d = 0; d < documents.size(); d++) {
				Document document = documents.get(d);
				List<Answer> results = answers.get(d);
				long t0 = System.nanoTime();
				Timestamp now = Timestamp.from(Instant.now());
				insertDocument.setLong(1, scratch);
				insertDocument.setString(2, document.source());
				insertDocument.setString(3, document.qbxmlVersion());
				insertDocument.setString(4, document.request());
				insertDocument.setTimestamp(5, now);
				insertDocument.executeUpdate();
				long documentId;
				try (ResultSet keys = insertDocument.getGeneratedKeys()) {
					keys.next();
					documentId = keys.getLong(1);
				}
				for (Answer a : results) {
					release.setLong(1, documentId);
					release.setTimestamp(2, now);
					release.setTimestamp(3, now);
					release.setLong(4, copies.get(a.requestId())[0]);
					release.addBatch();
				}
				release.executeBatch();
				c.commit();

				sent.setTimestamp(1, now);
				sent.setLong(2, documentId);
				sent.executeUpdate();
				c.commit();

				long a0 = System.nanoTime();
				answered.setString(1, document.response());
				answered.setTimestamp(2, now);
				answered.setLong(3, documentId);
				answered.executeUpdate();
				for (Answer a : results) {
					long[] copy = copies.get(a.requestId());
					succeed.setString(1, a.qbId());
					succeed.setTimestamp(2, now);
					succeed.setTimestamp(3, now);
					succeed.setLong(4, copy[0]);
					succeed.addBatch();
					link.setString(1, a.qbId());
					link.setString(2, a.editSequence());
					link.setTimestamp(3, now);
					link.setLong(4, copy[1]);
					link.addBatch();
				}
				succeed.executeBatch();
				link.executeBatch();
				c.commit();
				long a1 = System.nanoTime();
				answerNanos.add(a1 - a0);
				nanos += a1 - t0;
			}
		}
		return nanos;
	}

}
