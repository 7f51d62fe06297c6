-- The back office at a year of cases (issue 14, part 6): every list, count and search the staff pages run
-- answers from an index, never by reading every case.
--
-- The deadline board's colours are stored per running case as the days they turn, not as a due date. 0004
-- dropped due_on because one stored date went stale on every 挂起; these columns cannot: they are written by
-- worker/src/services/case-clock.ts clockSchedule() with core/clock.ts clockTurns(), the same code that shows
-- the clock, and they are only a cache of it, checked before every count. clock_input is what the clock reads
-- of the row (every change bumps version; a 补正 notice or answer comes with one); clock_stamp is the
-- clock_input the turns were worked out on; a row whose two differ is stale and is worked out again before
-- anything counts. clock_basis names the item's limits and the calendar they were worked out on, so new content
-- (a calendar year, a changed promise) works them out again too.
--
-- A turn is a China date (YYYY-MM-DD): the first day the case reads yellow (临近), red (超期), past its legal
-- limit (超法定时限), or near enough for 电子监察's JC01 at its largest setting (watch); '9999-12-31' never,
-- '0000-01-01' from the start. A case with no running clock (补正 with the applicant, closed) has NULL turns.
-- An application that silence may make accepted (视为受理, 行政许可法第三十二条) has a second set from
-- clock_deemed_on, the first day it counts as accepted; for every other case clock_deemed_on is '9999-12-31'.
ALTER TABLE applications ADD COLUMN clock_input TEXT GENERATED ALWAYS AS (version || '|' || status || '|' || item_code || '|' ||
	submitted_at || '|' || IFNULL(accepted_on, '') || '|' || suspensions_json || '|' || IFNULL(extension_json, '') || '|' ||
	IFNULL(closed_at, '')) VIRTUAL;
ALTER TABLE applications ADD COLUMN clock_stamp TEXT;
ALTER TABLE applications ADD COLUMN clock_basis TEXT;
ALTER TABLE applications ADD COLUMN clock_yellow_on TEXT;
ALTER TABLE applications ADD COLUMN clock_red_on TEXT;
ALTER TABLE applications ADD COLUMN clock_legal_on TEXT;
ALTER TABLE applications ADD COLUMN clock_watch_on TEXT;
ALTER TABLE applications ADD COLUMN clock_deemed_on TEXT;
ALTER TABLE applications ADD COLUMN clock_deemed_yellow_on TEXT;
ALTER TABLE applications ADD COLUMN clock_deemed_red_on TEXT;
ALTER TABLE applications ADD COLUMN clock_deemed_legal_on TEXT;
ALTER TABLE applications ADD COLUMN clock_deemed_watch_on TEXT;

-- The board: every running case in scope, read from this index alone (admin: the city's running cases;
-- head: a centre's; clerk: a window's; agent: a station's). closed_at is a column too, so that queries on
-- `closed_at IS NULL` find everything here; they name the index (INDEXED BY): without statistics SQLite
-- would take 0003's applications_closed and read every running row from the table.
CREATE INDEX applications_open_clock ON applications (centre_slug, window_department, station_slug, status, clock_yellow_on,
	clock_red_on, clock_legal_on, clock_watch_on, clock_deemed_on, clock_deemed_yellow_on, clock_deemed_red_on,
	clock_deemed_legal_on, clock_deemed_watch_on, item_code, clock_basis, submitted_at, closed_at) WHERE closed_at IS NULL;
-- Running cases whose turns are to be worked out (new, changed, outdated content, or not yet since this migration).
CREATE INDEX applications_clock_stale ON applications (id) WHERE closed_at IS NULL AND clock_stamp IS NOT clock_input;
-- The newest cases first: the city (admin), a centre (head), a window (clerk); a station's (agent) is 0002's.
CREATE INDEX applications_submitted ON applications (submitted_at);
CREATE INDEX applications_centre_submitted ON applications (centre_slug, submitted_at);
CREATE INDEX applications_window_submitted ON applications (centre_slug, window_department, submitted_at);
-- 电子监察's JC05: the 补正 notices of the last month, by when they were sent.
CREATE INDEX corrections_requested ON corrections (requested_at);
