-- The scan asks whether an object QuickBooks holds was added by qbsync (its ExternalGUID is an Add's identity), so an
-- object whose Add answer was lost is never offered to the host app as new.
CREATE INDEX wizard_items_identity_idx ON wizard_items (company_id, identity);
