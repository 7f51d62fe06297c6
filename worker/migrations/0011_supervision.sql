-- 电子监察: each firing of a supervision rule (core/supervision.ts), with GB/T 39046-2020 表11's fields:
-- 监察编号 (derived from id, rule and fired_at: core/supervision.ts recordNo), 监察规则编号 rule_id,
-- 监察预警类型代码 colour, 办件编号 subject, 督办内容 content, 机构名称 centre_slug, 责任部门
-- window_department, 事项类型代码 item_type_code, 状态产生时间 state_at, 督办发出时间 fired_at, and on
-- closing 监察结果描述 result. Written by the Cron Trigger's sweep; a rule that closes by itself is closed by
-- the sweep when its condition is gone, the others by the centre head or the admin with a written result.
-- No personal data: tracking numbers, places and dates only.
CREATE TABLE supervision_records (
	id INTEGER PRIMARY KEY,
	rule_id TEXT NOT NULL,
	colour TEXT NOT NULL CHECK (colour IN ('yellow', 'red', 'legal')),
	-- What fired: a case (tracking number), a complaint (its number) or a centre on a day (slug/YYYY-MM-DD).
	subject_type TEXT NOT NULL CHECK (subject_type IN ('case', 'complaint', 'centre')),
	subject TEXT NOT NULL,
	content TEXT NOT NULL,
	centre_slug TEXT NOT NULL,
	window_department TEXT,
	item_type_code TEXT,
	state_at TEXT NOT NULL,
	fired_at TEXT NOT NULL,
	closed_at TEXT,
	result TEXT,
	-- 'system' (the sweep) or staff:<id>.
	closed_by TEXT
);

-- At most one open firing of a rule for a subject, whatever two sweeps do at once.
CREATE UNIQUE INDEX supervision_records_open ON supervision_records (rule_id, subject) WHERE closed_at IS NULL;
CREATE INDEX supervision_records_subject ON supervision_records (subject, rule_id);
CREATE INDEX supervision_records_centre ON supervision_records (centre_slug, closed_at);

-- 中心未开门 (JC09) looks for any timeline event of a centre's cases on one day.
CREATE INDEX application_events_created ON application_events (created_at);
