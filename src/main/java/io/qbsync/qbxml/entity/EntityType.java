package io.qbsync.qbxml.entity;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.qbsync.qbxml.QbxmlVersion;

/**
 * The description of one QuickBooks object type we sync: its qbXML names, how it is keyed, what it depends on, which
 * ways it syncs, and its fields in schema order. Built by one mapping class per type (see {@link Entities}).
 *
 * @param name the qbXML object name ({@code Customer}); request and response element names derive from it
 * @param label what an admin calls one of these ("customer")
 * @param kind list (ListID) or transaction (TxnID); both are kept current with an EditSequence
 * @param directions the ways it may sync
 * @param dependencies the types its references point at, which must be in QuickBooks first
 * @param displayField our field that names a record in messages ({@code name}, {@code number})
 * @param addFields the fields of an Add, in schema order
 * @param modFields the fields of a Mod after ListID/TxnID and EditSequence, in schema order
 * @param readFields the fields read back from a Ret (queries and Add/Mod answers)
 * @param lines the transaction's lines, or null
 * @param externalGuidSince the qbXML version from which an Add can carry our ExternalGUID, or null if never
 * @param iterator whether its query takes {@code iterator="Start"/"Continue"}
 */
public record EntityType(String name, String label, ObjectKind kind, Set<Direction> directions,
		List<String> dependencies, String displayField, List<Field> addFields, List<Field> modFields,
		List<Field> readFields, LineSpec lines, QbxmlVersion externalGuidSince, boolean iterator) {

	/** Our name for the identity stamp every Add carries (see {@link #externalGuidSince}). */
	public static final String EXTERNAL_GUID = "externalGuid";

	/** How QuickBooks keys a type. */
	public enum ObjectKind {

		/** Lists: ListID, Name/FullName, ListDel, ListDeletedQuery, ActiveStatus on queries. */
		LIST,
		/** Transactions: TxnID, RefNumber, TxnDel, TxnDeletedQuery, ModifiedDateRangeFilter on queries. */
		TRANSACTION

	}

	public EntityType {
		directions = Set.copyOf(directions);
		dependencies = List.copyOf(dependencies);
		addFields = List.copyOf(addFields);
		modFields = List.copyOf(modFields);
		readFields = List.copyOf(readFields);
	}

	public boolean exports() {
		return this.directions.contains(Direction.EXPORT);
	}

	public boolean imports() {
		return this.directions.contains(Direction.IMPORT);
	}

	public boolean isList() {
		return this.kind == ObjectKind.LIST;
	}

	/** The element that holds the object's QuickBooks id: ListID or TxnID. */
	public String idElement() {
		return isList() ? "ListID" : "TxnID";
	}

	public String addRq() {
		return this.name + "AddRq";
	}

	public String modRq() {
		return this.name + "ModRq";
	}

	public String queryRq() {
		return this.name + "QueryRq";
	}

	public String retElement() {
		return this.name + "Ret";
	}

	/** The value for ListDelType / TxnDelType in deletes and deleted-object queries. */
	public String delType() {
		return this.name;
	}

	public static Builder list(String name, String label) {
		return new Builder(name, label, ObjectKind.LIST);
	}

	public static Builder transaction(String name, String label) {
		return new Builder(name, label, ObjectKind.TRANSACTION);
	}

	/** Builds an {@link EntityType}; mapping classes read top to bottom like the schema. */
	public static final class Builder {

		private final String name;

		private final String label;

		private final ObjectKind kind;

		private final Set<Direction> directions = EnumSet.noneOf(Direction.class);

		private final List<String> dependencies = new ArrayList<>();

		private String displayField = "name";

		private List<Field> addFields = List.of();

		private List<Field> modFields = List.of();

		private List<Field> readFields;

		private LineSpec lines;

		private QbxmlVersion externalGuidSince;

		private boolean iterator = true;

		private Builder(String name, String label, ObjectKind kind) {
			this.name = name;
			this.label = label;
			this.kind = kind;
		}

		public Builder syncs(Direction... directions) {
			this.directions.addAll(List.of(directions));
			return this;
		}

		public Builder dependsOn(String... types) {
			this.dependencies.addAll(List.of(types));
			return this;
		}

		public Builder displayField(String field) {
			this.displayField = field;
			return this;
		}

		/** The Add's fields in schema order: {@link Field}s and lists of them (such as an address). */
		public Builder add(Object... fields) {
			this.addFields = Fields.flatten(fields);
			return this;
		}

		/** The Mod's fields in schema order, after the id and EditSequence. */
		public Builder mod(Object... fields) {
			this.modFields = Fields.flatten(fields);
			return this;
		}

		/** Fields read from a Ret; defaults to the Add's fields. */
		public Builder read(Object... fields) {
			this.readFields = Fields.flatten(fields);
			return this;
		}

		public Builder lines(LineSpec lines) {
			this.lines = lines;
			return this;
		}

		public Builder externalGuidSince(QbxmlVersion version) {
			this.externalGuidSince = version;
			return this;
		}

		/** For query requests that have no iterator attributes in the schema. */
		public Builder noIterator() {
			this.iterator = false;
			return this;
		}

		public EntityType build() {
			return new EntityType(this.name, this.label, this.kind, this.directions, this.dependencies,
					this.displayField, this.addFields, this.modFields,
					(this.readFields != null) ? this.readFields : this.addFields, this.lines, this.externalGuidSince,
					this.iterator);
		}

	}

}
