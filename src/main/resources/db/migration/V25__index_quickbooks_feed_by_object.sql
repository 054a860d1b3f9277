-- The feed is read per QuickBooks object too: whether an object was offered as new, and which version of it the host
-- app was last offered (a record the host links with ?linkTo= is linked at that version).
ALTER TABLE quickbooks_feed
	ADD INDEX IF NOT EXISTS quickbooks_feed_object_idx (company_id, qb_id, id);
