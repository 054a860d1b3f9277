-- A conflict decided before its summary was rewritten at approval still asks to "choose which version to keep" on the
-- Sync Report's Successful and Failed tabs: it now says which version was kept, as new decisions do.
UPDATE wizard_items
SET summary = CONCAT(LEFT(summary, CHAR_LENGTH(summary) - CHAR_LENGTH(': choose which version to keep')),
		CASE resolution WHEN 'QUICKBOOKS' THEN ': QuickBooks'' version kept' ELSE ': the field-service app''s version kept' END)
WHERE resolution IN ('QUICKBOOKS', 'SINGLEOPS')
	AND summary LIKE '%: choose which version to keep';
