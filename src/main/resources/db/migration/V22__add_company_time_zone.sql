-- The company's time zone (an IANA name such as America/New_York): the pages show its times in it. NULL: UTC.
ALTER TABLE companies ADD COLUMN time_zone VARCHAR(64) NULL;
