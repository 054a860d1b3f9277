package io.qbsync.qbxml.entity;

/** How a field's value is written in qbXML (the XSD's simple types that we use). */
public enum FieldKind {

	/** STRTYPE: text, Latin-1 only, with a maximum length. */
	TEXT,
	/** BOOLTYPE: {@code true} / {@code false}. */
	BOOLEAN,
	/** AMTTYPE: money, at most 13 integer digits and 2 decimals. */
	AMOUNT,
	/** PRICETYPE: a rate, at most 10 integer digits and 5 decimals. */
	PRICE,
	/** QUANTYPE: a quantity, at most 10 integer digits and 5 decimals. */
	QUANTITY,
	/** PERCENTTYPE: a percentage, as PRICE. */
	PERCENT,
	/** INTTYPE: a whole number. */
	INTEGER,
	/** DATETYPE: {@code YYYY-MM-DD}. */
	DATE,
	/** A reference to another QuickBooks object: {@code <XxxRef><ListID/>} or {@code <FullName/>}. */
	REF,
	/** IDTYPE: a QuickBooks ListID or TxnID (at most 36 characters). */
	ID,
	/** GUIDTYPE: {@code {8-4-4-4-12}} hexadecimal. */
	GUID

}
