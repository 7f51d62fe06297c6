import type { FeedbackReason, PageFeedback } from "../../../core/page-feedback";

/** page_feedback (migration 0007): what readers say at the foot of each guide. */

export async function insertFeedback(db: D1Database, f: PageFeedback, at: string): Promise<void> {
	await db
		.prepare(`INSERT INTO page_feedback (item_code, useful, reason, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)`)
		.bind(f.item, f.useful ? 1 : 0, f.reason, f.text, at)
		.run();
}

/** One item's count of one answer in one calendar week (weeks start on Monday, China time). */
export interface WeekCount {
	item: string;
	week: string;
	useful: boolean;
	reason: FeedbackReason | null;
	n: number;
}

/** The Monday of created_at's week in China (UTC+8, no daylight saving): back 6 days, then on to a Monday. */
const WEEK = `date(created_at, '+8 hours', '-6 days', 'weekday 1')`;

/** Counts per item, week, answer and reason of everything created at or after `since` (ISO UTC). */
export async function weekCounts(db: D1Database, since: string, item?: string): Promise<WeekCount[]> {
	const { results } = await db
		.prepare(
			`SELECT item_code AS item, ${WEEK} AS week, useful, reason, count(*) AS n FROM page_feedback
			 WHERE created_at >= ?1 AND (?2 IS NULL OR item_code = ?2)
			 GROUP BY item_code, week, useful, reason`,
		)
		.bind(since, item ?? null)
		.all<{ item: string; week: string; useful: number; reason: FeedbackReason | null; n: number }>();
	return results.map((r) => ({ item: r.item, week: r.week, useful: r.useful === 1, reason: r.reason, n: r.n }));
}

export interface FeedbackText {
	item: string;
	at: string;
	reason: FeedbackReason;
	text: string;
}

/** The texts written since `since`, newest first, at most `limit`. */
export async function feedbackTexts(db: D1Database, since: string, limit: number, item?: string): Promise<FeedbackText[]> {
	const { results } = await db
		.prepare(
			`SELECT item_code AS item, created_at AS at, reason, text FROM page_feedback
			 WHERE created_at >= ?1 AND text IS NOT NULL AND (?2 IS NULL OR item_code = ?2)
			 ORDER BY created_at DESC, id DESC LIMIT ?3`,
		)
		.bind(since, item ?? null, limit)
		.all<FeedbackText>();
	return results;
}
