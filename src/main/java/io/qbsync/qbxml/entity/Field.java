package io.qbsync.qbxml.entity;

import io.qbsync.qbxml.QbxmlVersion;

/**
 * One field of a QuickBooks object and where it lives on our side.
 *
 * @param name our name for it (the field's name in the field-service app's record, e.g. {@code billingAddress.city})
 * @param path its qbXML element path inside the Add/Mod/Ret element, e.g. {@code BillAddress/City}; for a reference,
 * the Ref element ({@code CustomerRef})
 * @param label what an admin calls it, for messages ("billing city")
 * @param kind how the value is written
 * @param maxLength the most characters QuickBooks Desktop (US) keeps, or 0 for no limit; for a reference, the limit
 * of its FullName
 * @param since the first qbXML version that has the field; older versions never get it
 * @param required whether a request is refused without it
 * @param multiline whether line breaks are allowed (memos and notes)
 */
public record Field(String name, String path, String label, FieldKind kind, int maxLength, QbxmlVersion since,
		boolean required, boolean multiline) {

	public static Field text(String name, String path, String label, int maxLength) {
		return new Field(name, path, label, FieldKind.TEXT, maxLength, null, false, false);
	}

	public static Field of(String name, String path, String label, FieldKind kind) {
		return new Field(name, path, label, kind, 0, null, false, false);
	}

	public static Field ref(String name, String path, String label, int fullNameMaxLength) {
		return new Field(name, path, label, FieldKind.REF, fullNameMaxLength, null, false, false);
	}

	public Field asRequired() {
		return new Field(this.name, this.path, this.label, this.kind, this.maxLength, this.since, true, this.multiline);
	}

	public Field since(QbxmlVersion version) {
		return new Field(this.name, this.path, this.label, this.kind, this.maxLength, version, this.required,
				this.multiline);
	}

	public Field withLineBreaks() {
		return new Field(this.name, this.path, this.label, this.kind, this.maxLength, this.since, this.required, true);
	}

	/** The same field at another path (an Add aggregate is called differently in a Mod). */
	public Field at(String otherPath) {
		return new Field(this.name, otherPath, this.label, this.kind, this.maxLength, this.since, this.required,
				this.multiline);
	}

	/** The same field, optional (a Mod sends only what changed). */
	public Field asOptional() {
		return new Field(this.name, this.path, this.label, this.kind, this.maxLength, this.since, false, this.multiline);
	}

	public boolean existsIn(QbxmlVersion version) {
		return this.since == null || this.since.compareTo(version) <= 0;
	}

}
