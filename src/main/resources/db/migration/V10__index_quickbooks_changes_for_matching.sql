-- Finding the QuickBooks object a new SingleOps record duplicates (io.qbsync.wizard.match) by index, not by reading
-- a company's whole change set. The comparison keys are generated (PERSISTENT) columns, computed by MariaDB from the
-- row as the import writes it, so nothing that writes the change set has to know about them:
--   match_name  display_name (FullName, else Name, else RefNumber) with runs of whitespace made one space and
--               trimmed; the collation ignores case.
--   match_email a customer's or vendor's Email, trimmed (other types: NULL, so their JSON is never parsed).
--   match_phone a customer's or vendor's Phone, digits only ('(555) 010-0123' -> '5550100123').
-- Each is indexed after (company_id, object_type). The collation is looser than the matcher (it also ignores
-- accents), so the matcher checks every row it reads again in Java; the index only narrows the search.
-- Adding the columns rebuilds the table once.
ALTER TABLE quickbooks_changes
	ADD COLUMN match_name  VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
		AS (NULLIF(TRIM(REGEXP_REPLACE(display_name, '[[:space:]]+', ' ')), '')) PERSISTENT,
	ADD COLUMN match_email VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci
		AS (IF(object_type IN ('Customer', 'Vendor'),
			NULLIF(LEFT(TRIM(JSON_VALUE(data, '$.fields.Email')), 255), ''), NULL)) PERSISTENT,
	ADD COLUMN match_phone VARCHAR(32)  CHARACTER SET ascii COLLATE ascii_bin
		AS (IF(object_type IN ('Customer', 'Vendor'),
			NULLIF(LEFT(REGEXP_REPLACE(JSON_VALUE(data, '$.fields.Phone'), '[^0-9]+', ''), 32), ''), NULL)) PERSISTENT,
	ADD INDEX quickbooks_changes_match_name_idx (company_id, object_type, match_name),
	ADD INDEX quickbooks_changes_match_email_idx (company_id, object_type, match_email),
	ADD INDEX quickbooks_changes_match_phone_idx (company_id, object_type, match_phone),
	-- an object's latest version: (company_id, qb_id) ORDER BY id DESC LIMIT 1, or "no later row" checks
	ADD INDEX quickbooks_changes_latest_idx (company_id, qb_id, id);

-- Whether a QuickBooks object is already linked to a SingleOps record (and which record is linked to it).
ALTER TABLE singleops_records
	ADD INDEX IF NOT EXISTS singleops_records_qb_id_idx (company_id, qb_id);
