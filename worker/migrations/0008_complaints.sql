-- 投诉建议 (complaints, suggestions, questions, requests for help), filed without an account. The columns
-- follow GB/T 39046-2020 表10 (投诉): 投诉标题 title, 投诉人 name, 被投诉单位 centre/station/window, 投诉内容
-- content, 投诉来源 source, 投诉时间 created_at, 承办单位 centre, 承办人 handler_id, 承办时间 handled_at,
-- 反馈信息 reply, 反馈时间 replied_at, 承诺时限 (core/complaint.ts), 延期时限/延期原因 extension_*,
-- 超期天数 (computed from the clock). Personal data is encrypted and erased like an application's.

CREATE TABLE complaints (
	id INTEGER PRIMARY KEY,
	-- 编号, the same form as a case's (7KX4-9MPR); /track/ finds either.
	tracking_no TEXT NOT NULL UNIQUE,
	-- Keyed hash of the complaint and its day: the same form sent twice makes one complaint.
	request_hash TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL CHECK (type IN ('咨询', '投诉', '建议', '求助')),
	title TEXT NOT NULL,
	-- The person's words, encrypted: they may name people and hold personal data.
	content_cipher TEXT NOT NULL,
	name_cipher TEXT,
	phone_cipher TEXT,
	reply_by_phone INTEGER NOT NULL CHECK (reply_by_phone IN (0, 1)),
	-- 按信访办理: the 信访工作条例 clock in calendar days.
	as_petition INTEGER NOT NULL CHECK (as_petition IN (0, 1)),
	-- 投诉来源: where it was filed.
	source TEXT NOT NULL DEFAULT '网站',
	-- 被投诉单位 and 承办单位: the centre it names (its head owns the routing), and what in it.
	centre_slug TEXT NOT NULL,
	station_slug TEXT,
	window_department TEXT,
	item_code TEXT,
	about_tracking_no TEXT,
	status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'acknowledged', 'replied')),
	created_at TEXT NOT NULL,
	-- 首问负责: the first staff member who opened it owns it until handed over (承办人, 承办时间).
	handler_id INTEGER REFERENCES staff (id),
	handled_at TEXT,
	acknowledged_at TEXT,
	-- 延期: at most once, with the reason told to the person.
	extended_at TEXT,
	extension_reason TEXT,
	verdict TEXT CHECK (verdict IN ('支持', '解释说明', '不予支持')),
	reply TEXT,
	replied_at TEXT,
	-- The person's rating of the answer.
	reply_rating TEXT CHECK (reply_rating IN ('满意', '基本满意', '不满意')),
	reply_rated_at TEXT,
	version INTEGER NOT NULL DEFAULT 1,
	lookup_failures INTEGER NOT NULL DEFAULT 0,
	locked_until TEXT,
	erased_at TEXT
);

CREATE INDEX complaints_centre ON complaints (centre_slug, status, created_at);

-- The complaint's public timeline (what the person reads on /track/), append-only like a case's.
CREATE TABLE complaint_events (
	id INTEGER PRIMARY KEY,
	complaint_id INTEGER NOT NULL REFERENCES complaints (id),
	created_at TEXT NOT NULL,
	kind TEXT NOT NULL,
	actor TEXT NOT NULL CHECK (actor IN ('citizen', 'staff', 'system')),
	staff_id INTEGER REFERENCES staff (id),
	note TEXT
);

CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

CREATE TRIGGER complaint_events_no_update BEFORE UPDATE ON complaint_events
BEGIN
	SELECT RAISE(ABORT, 'complaint_events is append-only');
END;

CREATE TRIGGER complaint_events_no_delete BEFORE DELETE ON complaint_events
BEGIN
	SELECT RAISE(ABORT, 'complaint_events is append-only');
END;
