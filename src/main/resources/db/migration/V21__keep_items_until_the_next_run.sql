-- Keep Unchecked: an item kept by Approve Checked stays out of the wizard until the Web Connector's next run after
-- the approval has ended (the help article: "the next time the web connector runs after the current sync, these
-- previously un-checked entities will reappear"). kept_at is when it was kept; NULL once it shows again.
ALTER TABLE wizard_items ADD COLUMN kept_at DATETIME(6) NULL;
