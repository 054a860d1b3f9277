package io.qbsync.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One stored QuickBooks object: identity and bookkeeping (ListID/TxnID, EditSequence, TimeCreated,
 * TimeModified, TxnNumber) plus its fields as {@link QbNode}s in the order they were sent, and its lines.
 * References inside fields are stored resolved to {@code <XxxRef><ListID>..</ListID></XxxRef>}; the
 * FullName is added when rendering, so renames show up like in QuickBooks.
 * Mutable on purpose; the fake hands out copies or rendered Rets.
 */
public final class QbRecord {

	private final QbObjectType type;

	private final String id;

	private final Instant timeCreated;

	private final String txnNumber;

	private Instant timeModified;

	private String editSequence;

	private List<QbNode> fields;

	private List<QbNode> lines;

	public QbRecord(QbObjectType type, String id, Instant timeCreated, String txnNumber, String editSequence,
			List<QbNode> fields, List<QbNode> lines) {
		this.type = type;
		this.id = id;
		this.timeCreated = timeCreated;
		this.timeModified = timeCreated;
		this.txnNumber = txnNumber;
		this.editSequence = editSequence;
		this.fields = new ArrayList<>(fields);
		this.lines = new ArrayList<>(lines);
	}

	public QbRecord copy() {
		QbRecord c = new QbRecord(type, id, timeCreated, txnNumber, editSequence, fields, lines);
		c.timeModified = timeModified;
		return c;
	}

	public QbObjectType type() {
		return type;
	}

	public String id() {
		return id;
	}

	public Instant timeCreated() {
		return timeCreated;
	}

	public Instant timeModified() {
		return timeModified;
	}

	public String txnNumber() {
		return txnNumber;
	}

	public String editSequence() {
		return editSequence;
	}

	public List<QbNode> fields() {
		return List.copyOf(fields);
	}

	public List<QbNode> lines() {
		return List.copyOf(lines);
	}

	/** Text of the first top-level field with that name (slash paths allowed), or null. */
	public String field(String path) {
		String[] steps = path.split("/", 2);
		for (QbNode f : fields) {
			if (f.name().equals(steps[0])) {
				return steps.length == 1 ? (f.isLeaf() ? f.text() : null) : f.text(steps[1]);
			}
		}
		return null;
	}

	public String name() {
		return field("Name");
	}

	public String parentId() {
		return field("ParentRef/ListID");
	}

	/** Lists are active unless IsActive is false. */
	public boolean isActive() {
		return !"false".equalsIgnoreCase(field("IsActive"));
	}

	public void setFields(List<QbNode> newFields) {
		this.fields = new ArrayList<>(newFields);
	}

	/** Sets (replaces or appends) a top-level leaf field. */
	public void setField(String name, String value) {
		for (int i = 0; i < fields.size(); i++) {
			if (fields.get(i).name().equals(name)) {
				fields.set(i, QbNode.leaf(name, value));
				return;
			}
		}
		fields.add(QbNode.leaf(name, value));
	}

	public void setLines(List<QbNode> newLines) {
		this.lines = new ArrayList<>(newLines);
	}

	void touch(Instant when, String newEditSequence) {
		this.timeModified = when;
		this.editSequence = newEditSequence;
	}

	@Override
	public String toString() {
		return type.name() + "[" + id + " es=" + editSequence + " " + fields + "]";
	}
}
