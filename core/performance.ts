import { z } from "zod";
import { chinaDate } from "./calendar";
import { type RatingFact, ratingFigures } from "./rating";
import { t } from "./zh-CN";

/**
 * A centre's public record for one month (issue 12, "Made public"): the figures are computed from the
 * cases, ratings and complaints themselves, by one pure function, so the daily job that stores them and
 * the test that recomputes them cannot disagree. Nothing here names a person: no names, no tracking
 * numbers, no citizen's words — an overdue case is published only with its item and the clerk's reason.
 */

/** How a case reached the centre. Every case in this system came online or through a village agent. */
export type CaseChannel = "online" | "agent" | "window";

/** What the figures need of one case, with its clock already worked out at closing. */
export interface CaseFact {
	centre: string;
	window: string;
	station: string;
	item: string;
	channel: CaseChannel;
	/** China dates. */
	acceptedOn: string | null;
	closedOn: string | null;
	/** completed (办结) counts as done; not_accepted, forwarded and withdrawn close a case without doing it. */
	status: string;
	/** For a completed case: closed after the promised due date. */
	pastPromise: boolean;
	/** For a completed case with a statutory limit: closed after the legal due date; null without one. */
	pastLegal: boolean | null;
	/** Days used from acceptance to completion, and the promised and legal days, in the limit's unit. */
	daysUsed: number | null;
	promisedDays: number | null;
	legalDays: number | null;
	overdueReason: string | null;
	/** The applicant has rated the case (a person's first rating, not a default one), whenever that was. */
	rated: boolean;
}

/** What the figures need of one complaint. */
export interface ComplaintFact {
	centre: string;
	window: string | null;
	station: string | null;
	filedOn: string;
	repliedOn: string | null;
	/** Answered by its answer date (or still within it). */
	inTime: boolean;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const average = (xs: number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10);
const inMonth = (day: string | null, month: string) => day !== null && day.startsWith(`${month}-`);

/**
 * The figures of one scope (a centre, a window, a station, the city) for `month` (YYYY-MM), from the
 * facts of that scope. Rates are per cent with one decimal, null when there is nothing to divide by.
 */
export function monthFigures(
	month: string,
	cases: readonly CaseFact[],
	ratings: readonly (RatingFact & { on: string })[],
	complaints: readonly ComplaintFact[],
	now: Date,
) {
	const accepted = cases.filter((c) => inMonth(c.acceptedOn, month));
	const closed = cases.filter((c) => inMonth(c.closedOn, month));
	const done = closed.filter((c) => c.status === "completed");
	const withLegal = done.filter((c) => c.pastLegal !== null);
	const late = done.filter((c) => c.pastPromise);
	const used = done.flatMap((c) => (c.daysUsed === null ? [] : [c.daysUsed]));
	const legalDays = done.flatMap((c) => (c.legalDays === null || c.daysUsed === null ? [] : [{ used: c.daysUsed, legal: c.legalDays }]));
	// 评价率: of the cases closed this month that can be rated (办结, 不予受理, 转报; not a withdrawal), how many
	// their applicant rated — so it never passes 100 %, and it grows as late ratings arrive.
	const ratable = closed.filter((c) => c.status !== "withdrawn");
	const monthRatings = ratings.filter((r) => r.on.startsWith(`${month}-`));
	const voice = ratingFigures(monthRatings, now);
	const filed = complaints.filter((c) => c.filedOn.startsWith(`${month}-`));
	const followUps = voice.followUps.open + voice.followUps.resolved;
	return {
		month,
		accepted: accepted.length,
		completed: done.length,
		onTimeRate: percent(done.length - late.length, done.length),
		legalOnTimeRate: percent(withLegal.filter((c) => !c.pastLegal).length, withLegal.length),
		overdue: late.map((c) => ({ item: c.item, reason: c.overdueReason ?? "" })),
		averageDays: average(used),
		averagePromisedDays: average(done.flatMap((c) => (c.promisedDays === null ? [] : [c.promisedDays]))),
		/** 实际提速: 1 − days used ÷ the legal days, over the cases with a legal limit. */
		speedUp:
			legalDays.length === 0
				? null
				: percent(
						legalDays.reduce((a, x) => a + (x.legal - x.used), 0),
						legalDays.reduce((a, x) => a + x.legal, 0),
					),
		ratingRate: percent(ratable.filter((c) => c.rated).length, ratable.length),
		satisfactionRate: voice.satisfactionRate,
		badRatings: voice.bad,
		fixRate: percent(voice.followUps.resolved, followUps),
		complaints: filed.length,
		complaintsInTime: percent(filed.filter((c) => c.inTime).length, filed.length),
		channels: {
			online: accepted.filter((c) => c.channel === "online").length,
			agent: accepted.filter((c) => c.channel === "agent").length,
			window: accepted.filter((c) => c.channel === "window").length,
		},
	};
}
export type MonthFigures = ReturnType<typeof monthFigures>;

/** The monthly figures as open data: each column's Chinese name (the CSV header) and its JSON key. */
export const PERFORMANCE_COLUMNS = [
	["统计月份", "month"],
	["统计范围", "scope"],
	["名称", "name"],
	["受理量", "accepted"],
	["办结量", "completed"],
	["按承诺时限办结率（%）", "onTimeRate"],
	["按法定时限办结率（%）", "legalOnTimeRate"],
	["超期件数", "overdueCount"],
	["平均办结用时（天）", "averageDays"],
	["平均承诺时限（天）", "averagePromisedDays"],
	["实际提速（%）", "speedUp"],
	["评价率（%）", "ratingRate"],
	["满意率（%）", "satisfactionRate"],
	["差评数", "badRatings"],
	["差评整改率（%）", "fixRate"],
	["投诉建议件数", "complaints"],
	["投诉建议按时答复率（%）", "complaintsInTime"],
	["网上受理件数", "online"],
	["村代办件数", "agent"],
	["窗口受理件数", "window"],
] as const;

export const SCOPE_WORDS = { city: "全市", centre: "便民服务中心", window: "窗口", station: "村便民服务站" } as const;

type PerformanceKey = (typeof PERFORMANCE_COLUMNS)[number][1];

const count = z.number().int().min(0);
/** Per cent with one decimal; null when there was nothing to divide by (shown as —, never 0). */
const share = z.number().min(0).max(100).nullable();
const days = z.number().min(0).nullable();

/**
 * One row of performance.json: a month and scope (全市, a centre, a window, a village station), keyed as
 * PERFORMANCE_COLUMNS says, in its order. 实际提速 is negative when cases took longer than the legal days.
 */
export const PerformanceRowSchema = z.strictObject({
	month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
	scope: z.enum([SCOPE_WORDS.city, SCOPE_WORDS.centre, SCOPE_WORDS.window, SCOPE_WORDS.station]),
	name: z.string().min(1),
	accepted: count,
	completed: count,
	onTimeRate: share,
	legalOnTimeRate: share,
	overdueCount: count,
	averageDays: days,
	averagePromisedDays: days,
	speedUp: z.number().max(100).nullable(),
	ratingRate: share,
	satisfactionRate: share,
	badRatings: count,
	fixRate: share,
	complaints: count,
	complaintsInTime: share,
	online: count,
	agent: count,
	window: count,
} satisfies Record<PerformanceKey, z.ZodType>);
export type PerformanceRow = z.infer<typeof PerformanceRowSchema>;

/**
 * /api/open-data/performance.json: the licence, when the daily job last computed the figures (a China
 * date and the instant; null before its first run), each column's key and Chinese name (the CSV header),
 * and the rows, newest month first.
 */
export const PerformanceFileSchema = z.strictObject({
	title: z.literal("按月统计"),
	licence: z.literal(t("perf.openData.licence")),
	updated: z.iso.date().nullable(),
	computedAt: z.iso.datetime().nullable(),
	columns: z
		.array(z.strictObject({ key: z.string(), name: z.string() }))
		.refine(
			(cols) =>
				cols.length === PERFORMANCE_COLUMNS.length &&
				cols.every((c, i) => c.key === PERFORMANCE_COLUMNS[i][1] && c.name === PERFORMANCE_COLUMNS[i][0]),
			{
				message: "PERFORMANCE_COLUMNS, in order",
			},
		),
	rows: z.array(PerformanceRowSchema),
});
export type PerformanceFile = z.infer<typeof PerformanceFileSchema>;

/** performance.json's body, parsed by its schema before it is served. */
export function performanceFile(rows: PerformanceRow[], computedAt: string | null): PerformanceFile {
	return PerformanceFileSchema.parse({
		title: "按月统计",
		licence: t("perf.openData.licence"),
		updated: computedAt === null ? null : chinaDate(new Date(computedAt)),
		computedAt,
		columns: PERFORMANCE_COLUMNS.map(([name, key]) => ({ key, name })),
		rows,
	});
}

/** One open-data row: the figures flattened, keyed as PERFORMANCE_COLUMNS says. */
export function performanceRow(scope: keyof typeof SCOPE_WORDS, name: string, f: MonthFigures): PerformanceRow {
	return {
		month: f.month,
		scope: SCOPE_WORDS[scope],
		name,
		accepted: f.accepted,
		completed: f.completed,
		onTimeRate: f.onTimeRate,
		legalOnTimeRate: f.legalOnTimeRate,
		overdueCount: f.overdue.length,
		averageDays: f.averageDays,
		averagePromisedDays: f.averagePromisedDays,
		speedUp: f.speedUp,
		ratingRate: f.ratingRate,
		satisfactionRate: f.satisfactionRate,
		badRatings: f.badRatings,
		fixRate: f.fixRate,
		complaints: f.complaints,
		complaintsInTime: f.complaintsInTime,
		online: f.channels.online,
		agent: f.channels.agent,
		window: f.channels.window,
	};
}
