package io.qbsync.qbxml.entity;

/**
 * A reference to another QuickBooks object. The ListID is preferred: a FullName breaks when the object is renamed.
 */
public record QbRef(String listId, String fullName) {

	public QbRef {
		if ((listId == null || listId.isBlank()) && (fullName == null || fullName.isBlank())) {
			throw new IllegalArgumentException("A reference needs a ListID or a FullName");
		}
	}

	public static QbRef id(String listId) {
		return new QbRef(listId, null);
	}

	public static QbRef name(String fullName) {
		return new QbRef(null, fullName);
	}

	public boolean hasId() {
		return this.listId != null && !this.listId.isBlank();
	}

}
