package io.qbsync.qbxml.response;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One object QuickBooks returned (one {@code *Ret} element directly inside a {@code *Rs}): its identity and
 * optimistic-lock fields pulled out, everything else kept as text for the mapping code to pick from.
 *
 * @param type the Ret element name without {@code Ret}: {@code Customer}, {@code Invoice}, {@code ItemService},
 *        {@code StandardTerms}, ...
 * @param listId ListID of a list object, else null
 * @param txnId TxnID of a transaction, else null
 * @param editSequence the EditSequence a later Mod must send, or null when not returned
 * @param timeCreated TimeCreated, or null when absent (e.g. left out by IncludeRetElement) or malformed
 * @param timeModified TimeModified, likewise
 * @param name Name of a list object, or null
 * @param fullName FullName ({@code Parent:Child}) of a list object, or null
 * @param refNumber RefNumber of a transaction (a human number, not unique), or null
 * @param isActive IsActive of a list object, or null when absent
 * @param externalGuid ExternalGUID, or null
 * @param fields every leaf of the object outside its lines, in document order, keyed by its path below the
 *        Ret ({@code ListID}, {@code BillAddress/Addr1}, {@code CustomerRef/FullName},
 *        {@code SalesOrPurchase/Price}); the fields above are in here too, as text. A repeated aggregate's
 *        second occurrence is {@code ShipToAddress[2]/...}. Unknown elements are kept like any other.
 * @param lines line aggregates and other nested {@code *Ret}/{@code LinkedTxn} elements, in document order
 */
public record QbObject(String type, String listId, String txnId, String editSequence, QbTimestamp timeCreated,
		QbTimestamp timeModified, String name, String fullName, String refNumber, Boolean isActive, String externalGuid,
		Map<String, String> fields, List<QbLine> lines) {

	public QbObject {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(fields, "fields");
		Objects.requireNonNull(lines, "lines");
	}

	/** ListID or TxnID, whichever the object has (null for objects without identity, e.g. HostRet). */
	public String id() {
		return listId != null ? listId : txnId;
	}

	/** Whether this is a transaction (identified by TxnID). */
	public boolean isTransaction() {
		return txnId != null;
	}

	/** FullName, else Name, else RefNumber: how a person would recognise the object. */
	public String displayName() {
		return fullName != null ? fullName : name != null ? name : refNumber;
	}

	/** The text of a field, or null when absent. */
	public String field(String path) {
		return fields.get(path);
	}

	/** The lines with the given element name, e.g. {@code InvoiceLineRet}. */
	public List<QbLine> lines(String element) {
		return lines.stream().filter(l -> l.element().equals(element)).toList();
	}

}
