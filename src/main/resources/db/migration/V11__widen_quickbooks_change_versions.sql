-- A deletion's version is "deleted:" plus QuickBooks' TimeDeleted with its offset (33 characters): make room.
ALTER TABLE quickbooks_changes MODIFY edit_sequence VARCHAR(64) CHARACTER SET ascii NOT NULL;
