-- Every login from an address that is not one of the username's usual ones sums the address's recent failures for all
-- usernames (one address trying many names is held back, and its checks queue apart from clean addresses'). Attempts
-- are counted as failures before their password is checked; `checking` says how many of a pair's are still being
-- checked, so that many Web Connectors logging in at once from one address (an office, a hosting provider) are not
-- taken for failures of that address.
ALTER TABLE webconnector_login_throttles
	ADD COLUMN checking INT NOT NULL DEFAULT 0 AFTER failures,
	ADD INDEX webconnector_login_throttles_address (address, last_failure_at);
