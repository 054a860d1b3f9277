-- Every Web Connector call of a session with delivery work asks which pending items wait for a document that failed
-- or came back uncertain, and which wait for a lookup not yet sent. Keyed by document and state, the first question
-- costs one index probe per failed document, however many items the company has pending or ever had; keyed by
-- company, state and lookup, the second reads only the items with a lookup, not every pending one (and its FOR UPDATE
-- locks only those).
ALTER TABLE wizard_items
	ADD INDEX wizard_items_document_state_idx (document_id, state),
	ADD INDEX wizard_items_lookup_state_idx (lookup_document_id, state),
	ADD INDEX wizard_items_awaiting_lookup_idx (company_id, state, lookup, lookup_document_id);
ALTER TABLE wizard_items
	DROP INDEX wizard_items_document_idx,
	DROP INDEX wizard_items_lookup_idx;
