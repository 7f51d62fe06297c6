-- Searches that found nothing, counted per day (China time), so editors see which words to add as aliases
-- (npm run search:misses). Only the normalised query text and a count: no address, no cookie, no time of
-- day, nothing that says who searched.
CREATE TABLE search_misses (
	-- YYYY-MM-DD, China time.
	day TEXT NOT NULL,
	-- The query as core/search-miss.ts normalised it (never seven digits or more in a row).
	query TEXT NOT NULL,
	misses INTEGER NOT NULL DEFAULT 1 CHECK (misses > 0),
	PRIMARY KEY (day, query)
) WITHOUT ROWID;
