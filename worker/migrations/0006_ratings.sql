-- 政务服务"好差评" (国办发〔2019〕51号): the applicant rates a closed case once (一事一评), and once more
-- after a 差评 was followed up (二次评价, assess_number 2). Never invented: a case nobody rated has no row,
-- except where a deployment turns on default ratings (is_default = 1, left out of every published 满意率).

CREATE TABLE ratings (
	id INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications (id),
	-- 评价次数: 1 = 首次评价, 2 = 二次评价 (after the follow-up's reply).
	assess_number INTEGER NOT NULL CHECK (assess_number IN (1, 2)),
	-- The level as its words; each official code list is mapped in core/rating.ts.
	level TEXT NOT NULL CHECK (level IN ('非常满意', '满意', '基本满意', '不满意', '非常不满意')),
	-- 评价渠道 by name (core/rating.ts RATING_CHANNELS gives the national pf code); 'system' only for a default rating.
	channel TEXT NOT NULL CHECK (channel IN ('pc', 'mobile', 'qr', 'hallTablet', 'otherTerminal', 'phone', 'sms', 'system')),
	-- JSON ["办事效率", …]: for a 差评, what went wrong (dimensions of the channel's set).
	problems_json TEXT NOT NULL DEFAULT '[]',
	-- The rater's own words, encrypted like the application's answers: they may name people.
	text_cipher TEXT,
	-- 1: the rater asked not to be called back (匿名), so no 回访 is possible or counted.
	anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
	-- The staff member who typed it in: the window's rating form for the applicant standing there, or a
	-- village station's paper card (channel otherTerminal). NULL when the rater used /track/.
	entered_by INTEGER REFERENCES staff (id),
	is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
	created_at TEXT NOT NULL,
	UNIQUE (application_id, assess_number)
);

CREATE INDEX ratings_created ON ratings (created_at);

-- 差评整改: one per 差评, on the working-day calendar: contact the rater (回访核实), then the finding, the fix
-- and the reply the rater reads on /track/. Dates are instants (ISO, UTC): "within 1 working day" runs to
-- the same time of day on the next working day.
CREATE TABLE rating_followups (
	id INTEGER PRIMARY KEY,
	rating_id INTEGER NOT NULL UNIQUE REFERENCES ratings (id),
	application_id INTEGER NOT NULL REFERENCES applications (id),
	opened_at TEXT NOT NULL,
	-- NULL for an anonymous rating: nobody to call.
	contact_by TEXT,
	fix_by TEXT NOT NULL,
	cap_by TEXT NOT NULL,
	contacted_at TEXT,
	contacted_by INTEGER REFERENCES staff (id),
	-- What the rater said on the call, encrypted (personal).
	contact_note_cipher TEXT,
	-- 情况属实 / 解释说明 / 申诉 (a misdirected or malicious rating: the head decides, with reasons).
	finding TEXT CHECK (finding IN ('情况属实', '解释说明', '申诉')),
	-- What was done (情况属实), the explanation, or the head's reasons for an 申诉.
	fix_note TEXT,
	-- The reply the rater reads on /track/.
	reply TEXT,
	resolved_at TEXT,
	resolved_by INTEGER REFERENCES staff (id),
	-- Optimistic locking: of two clerks recording the same step, one lands.
	version INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX rating_followups_open ON rating_followups (resolved_at, application_id);
