-- 网上申请与办件 (online applications and their cases).
-- Personal data: the ID number is stored only encrypted (AES-GCM, key outside the database) plus a
-- keyed hash (blind index) so staff can find a person's cases without decrypting every row.

CREATE TABLE applications (
	id INTEGER PRIMARY KEY,
	-- 办件编号: random, e.g. 7KX4-9MPR.
	tracking_no TEXT NOT NULL UNIQUE,
	-- The client's Idempotency-Key: a retry or double submit finds the case it already made.
	idempotency_key TEXT NOT NULL UNIQUE,
	-- Keyed hash of the normalised submission: the same key with a different submission is refused.
	request_hash TEXT NOT NULL,
	item_code TEXT NOT NULL,
	centre_slug TEXT NOT NULL,
	-- 所在村/社区: the station slug.
	station_slug TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'correction', 'not_accepted', 'in_progress', 'suspended', 'completed', 'forwarded', 'withdrawn')),
	-- Optimistic locking for the back office: every change bumps it.
	version INTEGER NOT NULL DEFAULT 1,
	applicant_name TEXT NOT NULL,
	applicant_phone TEXT NOT NULL,
	-- base64(iv ‖ AES-GCM ciphertext) of the ID number.
	applicant_id_cipher TEXT NOT NULL,
	-- hex HMAC-SHA-256 of the ID number and of the phone (blind indexes): staff find a person's cases
	-- by exact match, never by scanning personal data.
	applicant_id_index TEXT NOT NULL,
	applicant_phone_index TEXT NOT NULL,
	-- The form's answers (JSON keyed by field name), encrypted like the ID number: they may hold another
	-- person's ID number or what a petition is about.
	answers_cipher TEXT NOT NULL,
	consented_at TEXT NOT NULL,
	submitted_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	-- Wrong query codes in a row, and until when lookups of this case are refused.
	lookup_failures INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT
);

CREATE INDEX applications_applicant_id_index ON applications (applicant_id_index);
CREATE INDEX applications_applicant_phone_index ON applications (applicant_phone_index);
CREATE INDEX applications_centre_status ON applications (centre_slug, status, submitted_at);
CREATE INDEX applications_station ON applications (station_slug, submitted_at);

-- 办件进程: the public timeline of a case. Append-only, like the audit log.
CREATE TABLE application_events (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id),
	created_at TEXT NOT NULL,
	kind TEXT NOT NULL,
	-- The case's status after this event.
	status TEXT NOT NULL,
	actor TEXT NOT NULL CHECK (actor IN ('citizen', 'staff', 'system')),
	-- Text the applicant reads on the timeline.
	note TEXT
);

CREATE INDEX application_events_application ON application_events (application_id, id);

CREATE TRIGGER application_events_no_update BEFORE UPDATE ON application_events
BEGIN
	SELECT RAISE(ABORT, 'application_events is append-only');
END;

CREATE TRIGGER application_events_no_delete BEFORE DELETE ON application_events
BEGIN
	SELECT RAISE(ABORT, 'application_events is append-only');
END;

-- 补正: one notice listing everything missing at once (一次性告知), and the applicant's answer.
CREATE TABLE corrections (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id),
	requested_at TEXT NOT NULL,
	-- Who asked (staff identity, from the back office).
	requested_by TEXT NOT NULL,
	-- The last day (YYYY-MM-DD, Asia/Shanghai) to answer before the case may be withdrawn.
	respond_by TEXT NOT NULL,
	-- JSON [{ "id", "name", "reason" }].
	items_json TEXT NOT NULL,
	answered_at TEXT,
	-- JSON ["c1", …]: the listed items the applicant says are now supplied.
	supplied_json TEXT,
	answer_note TEXT
);

CREATE INDEX corrections_open ON corrections (application_id, answered_at);

-- Fixed-window request counters per client and purpose (e.g. lookups per minute). The client is a
-- keyed hash, never an address in clear.
CREATE TABLE rate_limits (
	bucket TEXT PRIMARY KEY,
	window_start INTEGER NOT NULL,
	hits INTEGER NOT NULL
);
