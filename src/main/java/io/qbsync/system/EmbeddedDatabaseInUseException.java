package io.qbsync.system;

import java.io.File;

/** The embedded database's directory belongs to another qbsync (or to a MariaDB one left behind). */
public class EmbeddedDatabaseInUseException extends IllegalStateException {

	private final File directory;

	private final String what;

	EmbeddedDatabaseInUseException(File directory, String what) {
		super(what + ". Stop that one first, or give this one a directory of its own with "
				+ "--qbsync.embedded-db.dir=<path>.");
		this.directory = directory;
		this.what = what;
	}

	/** What holds the directory, without the advice. */
	public String what() {
		return this.what;
	}

	public File directory() {
		return this.directory;
	}

}
