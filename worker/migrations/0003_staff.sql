-- 后台 (back office): the staff directory and what the legal clock, 首问负责, AB岗 and village agents
-- need on each case.

-- 工作人员: who may sign in, in which role, where. Identity comes from Cloudflare Access (the email);
-- this table says what that person may do.
CREATE TABLE staff (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name TEXT NOT NULL,
	-- agent 代办员 (one station) / clerk 窗口 (one centre) / head 中心负责人 (one centre) / admin 市级 (all).
	role TEXT NOT NULL CHECK (role IN ('agent', 'clerk', 'head', 'admin')),
	centre_slug TEXT,
	station_slug TEXT,
	-- A clerk's window (the department slug) and post there: A, or B (AB岗, the backup).
	window_department TEXT,
	post TEXT CHECK (post IN ('A', 'B')),
	-- Set while an A post is away: the B post of the same window sees and handles A's cases.
	absent INTEGER NOT NULL DEFAULT 0 CHECK (absent IN (0, 1)),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (
		(role = 'admin' AND centre_slug IS NULL AND station_slug IS NULL)
		OR (role = 'head' AND centre_slug IS NOT NULL AND station_slug IS NULL)
		OR (role = 'clerk' AND centre_slug IS NOT NULL AND station_slug IS NULL AND window_department IS NOT NULL AND post IS NOT NULL)
		OR (role = 'agent' AND centre_slug IS NOT NULL AND station_slug IS NOT NULL)
	)
);

CREATE INDEX staff_centre ON staff (centre_slug, role);
CREATE INDEX staff_window ON staff (centre_slug, window_department, post);

-- The window that handles the case (department slug), set at submission from the centre's offer.
ALTER TABLE applications ADD COLUMN window_department TEXT;
-- 首问负责: the first staff member who acted on the case.
ALTER TABLE applications ADD COLUMN first_handler_id INTEGER REFERENCES staff (id);
-- The legal clock: accepted on (YYYY-MM-DD, China), the promised due date, and pauses (挂起).
ALTER TABLE applications ADD COLUMN accepted_on TEXT;
ALTER TABLE applications ADD COLUMN due_on TEXT;
-- JSON [{ "from": "YYYY-MM-DD", "to": "YYYY-MM-DD" | null }]: suspensions; an open one has no "to".
ALTER TABLE applications ADD COLUMN suspensions_json TEXT NOT NULL DEFAULT '[]';
-- Final outcome: approved | denied | done, with when the case closed.
ALTER TABLE applications ADD COLUMN outcome TEXT CHECK (outcome IN ('approved', 'denied', 'done'));
ALTER TABLE applications ADD COLUMN closed_at TEXT;
-- Retention: when the personal data of a closed case was erased.
ALTER TABLE applications ADD COLUMN erased_at TEXT;
-- 代办: the agent who applied for the villager, the 委托 (encrypted JSON: who, when, on what authority),
-- and when the paper forms were handed on to the centre.
ALTER TABLE applications ADD COLUMN agent_id INTEGER REFERENCES staff (id);
ALTER TABLE applications ADD COLUMN mandate_cipher TEXT;
ALTER TABLE applications ADD COLUMN paper_forwarded_at TEXT;

CREATE INDEX applications_due ON applications (centre_slug, status, due_on);
CREATE INDEX applications_closed ON applications (closed_at, erased_at);
CREATE INDEX applications_agent ON applications (agent_id, submitted_at);

-- Who did it, on the public timeline (the staff member; null for the applicant and the system).
ALTER TABLE application_events ADD COLUMN staff_id INTEGER REFERENCES staff (id);
