-- 本页有用吗 (guide feedback): one row per 有用 / 没用 sent from the foot of a guide page.
-- What a reader sends and nothing else: no IP address, no session, no name, no contact. The free text is
-- stored only after core/page-feedback.ts has masked what looks like an ID or mobile number in it, and the
-- page asks for no personal data. So there is nothing personal to erase, and the retention job
-- (lib/retention.ts) leaves this table alone: keeping every row lets editors compare weeks and years.
CREATE TABLE page_feedback (
	id INTEGER PRIMARY KEY,
	-- The guide's item code (content/items/<code>.md).
	item_code TEXT NOT NULL,
	-- 1 有用, 0 没用.
	useful INTEGER NOT NULL CHECK (useful IN (0, 1)),
	-- Why not (没用 only): materials 材料不对 / deadline 时限不对 / phone 电话打不通 / address 地址不对 /
	-- unclear 看不懂 / other 其他.
	reason TEXT CHECK (reason IN ('materials', 'deadline', 'phone', 'address', 'unclear', 'other')),
	-- The reader's words, at most 300 characters, personal numbers masked; NULL when none.
	text TEXT CHECK (text IS NULL OR length(text) <= 300),
	-- ISO-8601 UTC.
	created_at TEXT NOT NULL,
	CHECK ((useful = 1 AND reason IS NULL AND text IS NULL) OR (useful = 0 AND reason IS NOT NULL))
);

-- One item's feedback by week (the editor's script, an item's rows), and every item's since a date (the back office).
CREATE INDEX page_feedback_item ON page_feedback (item_code, created_at);
CREATE INDEX page_feedback_created ON page_feedback (created_at);
