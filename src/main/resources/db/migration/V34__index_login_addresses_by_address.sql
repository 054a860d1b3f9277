-- The usernames that logged in lately from an address (asked when an address reaches its failure cap): by address,
-- not by a scan of every username's addresses.
CREATE INDEX webconnector_login_addresses_by_address ON webconnector_login_addresses (address, last_success_at);
