package io.qbsync.sandbox;

/**
 * Describes one QuickBooks object type the fake stores (Customer, Invoice, ...): list or transaction, which
 * names must be unique together, whether it has a Parent/FullName hierarchy, how its lines are called, and an
 * optional {@link Behavior} for computed fields and side effects. Element names follow the qbXML pattern
 * {@code <name>Add}, {@code <name>Mod}, {@code <name>Ret}, {@code <name>AddRq}, ...
 *
 * @param name qbXML object name, also the ListDelType/TxnDelType value
 * @param kind list (ListID) or transaction (TxnID)
 * @param nameGroup types sharing one name space for error 3100 (e.g. Customer and Vendor); null for transactions
 * @param hierarchical whether records have ParentRef, FullName ({@code Parent:Child}) and Sublevel
 * @param referenceLabel the word QuickBooks uses for this type in 3140 messages ("Customer", "Item", "Terms")
 * @param lines line elements of a transaction, or null
 * @param behavior type-specific rules; {@link Behavior#NONE} when there are none
 */
public record QbObjectType(String name, Kind kind, String nameGroup, boolean hierarchical, String referenceLabel,
		LineSpec lines, Behavior behavior) {

	public enum Kind {
		LIST, TRANSACTION
	}

	/**
	 * How a transaction's lines are written. {@code generatedIds}: QuickBooks assigns the line id (TxnLineID) and
	 * a Mod adds a line with id {@code -1}; otherwise the id is a reference given by the client (e.g. the TxnID
	 * in AppliedToTxnAdd). {@code onlyWithIncludeLineItems}: queries return the lines only when
	 * {@code IncludeLineItems} is true.
	 */
	public record LineSpec(String addElement, String modElement, String retElement, String idElement,
			boolean generatedIds, boolean onlyWithIncludeLineItems) {
	}

	/** Hooks for type-specific rules. All default to doing nothing. */
	public interface Behavior {

		Behavior NONE = new Behavior() {
		};

		/** Validates or completes a record about to be added ({@code previous == null}) or modified. */
		default void beforeSave(QbRecord candidate, QbRecord previous, QbStore store) {
		}

		/** Side effects after an add or mod was stored. */
		default void afterSave(QbRecord saved, QbRecord previous, QbStore store) {
		}

		/** Side effects after a delete. */
		default void afterDelete(QbRecord deleted, QbStore store) {
		}

		/** Adds computed fields (balances, totals, ...) to a rendered Ret. */
		default QbNode decorate(QbNode ret, QbRecord rec, QbStore store) {
			return ret;
		}
	}

	public static QbObjectType list(String name, String nameGroup, boolean hierarchical) {
		return new QbObjectType(name, Kind.LIST, nameGroup, hierarchical, name, null, Behavior.NONE);
	}

	public static QbObjectType transaction(String name, LineSpec lines) {
		return new QbObjectType(name, Kind.TRANSACTION, null, false, name, lines, Behavior.NONE);
	}

	public QbObjectType withReferenceLabel(String label) {
		return new QbObjectType(name, kind, nameGroup, hierarchical, label, lines, behavior);
	}

	public QbObjectType withBehavior(Behavior b) {
		return new QbObjectType(name, kind, nameGroup, hierarchical, referenceLabel, lines, b);
	}

	public boolean isList() {
		return kind == Kind.LIST;
	}

	public String idElement() {
		return isList() ? "ListID" : "TxnID";
	}

	public String addElement() {
		return name + "Add";
	}

	public String modElement() {
		return name + "Mod";
	}

	public String retElement() {
		return name + "Ret";
	}

	public String addRq() {
		return name + "AddRq";
	}

	public String modRq() {
		return name + "ModRq";
	}

	public String queryRq() {
		return name + "QueryRq";
	}
}
