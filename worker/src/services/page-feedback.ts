import {
	FEEDBACK_FLAG_THRESHOLD,
	FEEDBACK_WEEKS_SHOWN,
	FLAGGED_REASONS,
	type FeedbackReason,
	type FeedbackWeek,
	type Guide,
	emptyWeek,
	reasonLabel,
	recentWeeks,
	weekFlags,
} from "../../../core/page-feedback";
import type { Staff } from "../../../core/staff";
import { feedbackTexts, weekCounts } from "../db/page-feedback";

/**
 * 本页有用吗 for the back office: each guide's feedback of the last weeks, counted per calendar week
 * (China time) and reason, with its texts and its flag. The staff guard has run; the scope is here.
 */

/** Texts shown, newest first, over all items in scope. */
const TEXTS_SHOWN = 500;

export interface ItemFeedback {
	code: string;
	name: string;
	department: { slug: string; name: string };
	useful: number;
	notUseful: number;
	/** Flagged reasons of this week or last week: FEEDBACK_FLAG_THRESHOLD or more of one in one calendar week. */
	flags: { week: string; reason: FeedbackReason; reasonLabel: string; count: number }[];
	/** Newest week first; only weeks with feedback. */
	weeks: FeedbackWeek[];
	texts: { at: string; reason: FeedbackReason; reasonLabel: string; text: string }[];
}

export interface FeedbackReport {
	/** The Mondays of the weeks counted, newest first. */
	weeks: string[];
	threshold: number;
	flaggedReasons: readonly FeedbackReason[];
	/** null: every item; else the department whose items the caller sees. */
	department: string | null;
	/** Items in scope with any feedback in those weeks, flagged first, then by name. */
	items: ItemFeedback[];
}

/** Which guides a staff member sees the feedback of: admin and heads all; a clerk their window's; an agent none. */
export function feedbackScope(staff: Staff): { department: string | null } | undefined {
	if (staff.role === "agent") return undefined;
	if (staff.role === "clerk") return { department: staff.window };
	return { department: null };
}

export async function feedbackReport(
	db: D1Database,
	guides: Map<string, Guide>,
	scope: { department: string | null },
	now: Date,
): Promise<FeedbackReport> {
	const weeks = recentWeeks(now, FEEDBACK_WEEKS_SHOWN);
	// The earliest week's Monday 00:00 in China, as UTC.
	const since = new Date(Date.parse(`${weeks.at(-1)}T00:00:00+08:00`)).toISOString();
	const [counts, texts] = await Promise.all([weekCounts(db, since), feedbackTexts(db, since, TEXTS_SHOWN)]);
	const inScope = (code: string) => {
		const guide = guides.get(code);
		return guide && (scope.department === null || guide.department === scope.department) ? guide : undefined;
	};
	const byItem = new Map<string, ItemFeedback>();
	const itemOf = (guide: Guide) => {
		let found = byItem.get(guide.code);
		if (!found) {
			found = {
				code: guide.code,
				name: guide.name,
				department: { slug: guide.department, name: guide.departmentName },
				useful: 0,
				notUseful: 0,
				flags: [],
				weeks: [],
				texts: [],
			};
			byItem.set(guide.code, found);
		}
		return found;
	};
	for (const c of counts) {
		const guide = inScope(c.item);
		if (!guide) continue;
		const item = itemOf(guide);
		let week = item.weeks.find((w) => w.week === c.week);
		if (!week) item.weeks.push((week = emptyWeek(c.week)));
		if (c.useful) {
			week.useful += c.n;
			item.useful += c.n;
		} else {
			week.notUseful += c.n;
			item.notUseful += c.n;
			if (c.reason) week.reasons[c.reason] += c.n;
		}
	}
	for (const t of texts) {
		const guide = inScope(t.item);
		if (guide) itemOf(guide).texts.push({ at: t.at, reason: t.reason, reasonLabel: reasonLabel(t.reason), text: t.text });
	}
	const flagWeeks = weeks.slice(0, 2);
	for (const item of byItem.values()) {
		item.weeks.sort((a, b) => b.week.localeCompare(a.week));
		for (const week of item.weeks) {
			week.flags = weekFlags(week.reasons);
			if (flagWeeks.includes(week.week))
				for (const reason of week.flags)
					item.flags.push({ week: week.week, reason, reasonLabel: reasonLabel(reason), count: week.reasons[reason] });
		}
	}
	const items = [...byItem.values()].sort(
		(a, b) => Number(b.flags.length > 0) - Number(a.flags.length > 0) || a.name.localeCompare(b.name, "zh-CN"),
	);
	return { weeks, threshold: FEEDBACK_FLAG_THRESHOLD, flaggedReasons: FLAGGED_REASONS, department: scope.department, items };
}
