package io.qbsync.soak;

/** What goes wrong in a Web Connector session of the soak. */
enum Fault {

	/** Nothing. */
	NONE,

	/** QuickBooks applied the document, then the session died before receiveResponseXML. */
	LOST_AFTER_APPLY,

	/** The session died after sendRequestXML, before QuickBooks saw the document. */
	LOST_BEFORE_APPLY,

	/** QuickBooks could not parse the document: hresult 0x80040400, empty response. */
	PARSE_ERROR,

	/** QuickBooks is not running and cannot be started: connectionError. */
	NOT_RUNNING,

	/** The next Add or Mod of one type is answered 3175 (record in use). */
	BUSY,

	/** The bookkeeper edits an object while the session runs, between our read and our write (3200 on a later Mod). */
	STALE_EDIT_SEQUENCE,

	/** The bookkeeper deletes a customer or item just before the session (3140 for what refers to it). */
	PARENT_DELETED,

	/** The bookkeeper takes the name of a record not yet in QuickBooks just before the session (3100). */
	NAME_TAKEN,

	/** The Web Connector asks for the document again (sendRequestXML twice; the first answer never reached it). */
	SEND_REPEATED,

	/** The Web Connector opens another company's file (its FileID is not this company's). */
	WRONG_COMPANY_FILE,

	/** The Web Connector posts the same receiveResponseXML twice. */
	ANSWER_TWICE,

	/** A second session supersedes this one; its answer arrives after its document turned UNCERTAIN. */
	LATE_ANSWER,

	/** A second session of the same company starts between this one's sendRequestXML and its answer, and interleaves. */
	OVERLAPPING_SESSIONS,

	/** The server restarts (a new application context on the same database) between sendRequestXML and the answer. */
	SERVER_RESTART,

	/** The database connections are killed while receiveResponseXML is being handled. */
	DB_CONNECTION_DROPPED

}
