-- Every login from an address that is not one of the username's usual ones sums the address's recent failures for all
-- usernames (one address trying many names is held back, and its checks queue apart from clean addresses').
ALTER TABLE webconnector_login_throttles
	ADD INDEX webconnector_login_throttles_address (address, last_failure_at);
