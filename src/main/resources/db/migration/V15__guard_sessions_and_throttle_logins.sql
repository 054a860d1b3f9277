-- The HCP response (QuickBooks' description of itself) a session took with its first sendRequestXML, as a SHA-256:
-- a later call bringing another one is a second Web Connector presenting the session's ticket.
ALTER TABLE webconnector_sessions ADD COLUMN hcp_sha256 CHAR(64) NULL;
