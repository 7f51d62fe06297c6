-- 按月统计: each scope's public figures for a month (core/performance.ts monthFigures), written by the
-- daily Cron Trigger from the cases, ratings and complaints, and read by the public pages and open data,
-- which never scan the cases themselves. scope: 'city' (key 'all'), 'centre' (key slug), 'window' (key
-- centre/department), 'station' (key centre/station). No personal data: items and reasons only.
CREATE TABLE performance_monthly (
	scope TEXT NOT NULL CHECK (scope IN ('city', 'centre', 'window', 'station')),
	key TEXT NOT NULL,
	month TEXT NOT NULL,
	figures_json TEXT NOT NULL,
	computed_at TEXT NOT NULL,
	PRIMARY KEY (scope, key, month)
);
