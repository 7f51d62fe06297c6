import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { CalendarYearSchema } from "../core/calendar";
import { ItemSchema } from "../core/item";
import { loadContent } from "../scripts/content-files";

/**
 * A month's public figures counted again from the raw rows of a local D1 (its SQLite file, read directly),
 * with this file's own SQL, calendar and arithmetic: the rules as 办件情况公开 states them (README,
 * "办件情况公开"), not core/performance.ts or the Worker's clock. e2e/performance.test.ts compares what the
 * public pages show with these.
 */

/** Where a row belongs: its centre, window (department) and village station. */
export interface Place {
	centre: string;
	window: string | null;
	station: string | null;
}
interface Limit {
	days: number;
	unit: "工作日" | "自然日";
}
export interface CaseRow extends Place {
	trackingNo: string;
	applicantName: string | null;
	applicantPhone: string | null;
	item: string;
	status: string;
	acceptedOn: string | null;
	closedOn: string | null;
	byAgent: boolean;
	suspensions: { from: string; to: string | null }[];
	extension: Limit | null;
	overdueReason: string | null;
	/** Its applicant rated it (a first rating, not a default one). */
	rated: boolean;
}
interface RatingRow extends Place {
	level: string;
	assessNumber: number;
	isDefault: boolean;
	on: string;
	followUp: { finding: string | null; resolved: boolean } | null;
}
export interface ComplaintRow extends Place {
	trackingNo: string;
	asPetition: boolean;
	filedOn: string;
	acknowledgedOn: string | null;
	extended: boolean;
	repliedOn: string | null;
}
export interface Raw {
	cases: CaseRow[];
	ratings: RatingRow[];
	complaints: ComplaintRow[];
	/** Accept events whose note says 视为受理 (the clock would then start on receipt, which this recount does not do). */
	deemedAccepts: number;
}

type Row = Record<string, string | number | null>;
const text = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? null : String(v));

/** The China date (UTC+8, no daylight saving) of an ISO instant. */
export const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Reads the rows the figures come from out of the local D1 in `state` (a --persist-to folder). */
export function readRaw(state: string): Raw {
	const folder = join(state, "v3/d1/miniflare-D1DatabaseObject");
	const file = readdirSync(folder).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
	if (!file) throw new Error(`No D1 database in ${folder}`);
	const db = new DatabaseSync(join(folder, file), { readOnly: true });
	try {
		const all = (sql: string) => db.prepare(sql).all() as Row[];
		const place = (r: Row): Place => ({ centre: String(r.centre_slug), window: text(r.window_department), station: text(r.station_slug) });
		const cases = all(
			`SELECT tracking_no, applicant_name, applicant_phone, item_code, centre_slug, window_department, station_slug, status, accepted_on,
			 closed_at, agent_id, suspensions_json, extension_json, overdue_reason,
			 EXISTS (SELECT 1 FROM ratings r WHERE r.application_id = applications.id AND r.assess_number = 1 AND r.is_default = 0) AS rated
			 FROM applications ORDER BY id`,
		).map((r) => ({
			...place(r),
			trackingNo: String(r.tracking_no),
			applicantName: text(r.applicant_name),
			applicantPhone: text(r.applicant_phone),
			item: String(r.item_code),
			status: String(r.status),
			acceptedOn: text(r.accepted_on),
			closedOn: r.closed_at === null ? null : chinaDay(String(r.closed_at)),
			byAgent: r.agent_id !== null,
			suspensions: JSON.parse(String(r.suspensions_json ?? "[]")) as CaseRow["suspensions"],
			extension: r.extension_json === null ? null : (JSON.parse(String(r.extension_json)) as Limit),
			overdueReason: text(r.overdue_reason),
			rated: r.rated === 1,
		}));
		const ratings = all(
			`SELECT a.centre_slug, a.window_department, a.station_slug, r.level, r.assess_number, r.is_default, r.created_at,
			 f.id AS followup_id, f.finding, f.resolved_at
			 FROM ratings r JOIN applications a ON a.id = r.application_id LEFT JOIN rating_followups f ON f.rating_id = r.id ORDER BY r.id`,
		).map((r) => ({
			...place(r),
			level: String(r.level),
			assessNumber: Number(r.assess_number),
			isDefault: r.is_default === 1,
			on: chinaDay(String(r.created_at)),
			followUp: r.followup_id === null ? null : { finding: text(r.finding), resolved: r.resolved_at !== null },
		}));
		const complaints = all(
			`SELECT tracking_no, centre_slug, window_department, station_slug, as_petition, created_at, acknowledged_at, extended_at, replied_at
			 FROM complaints ORDER BY id`,
		).map((r) => ({
			...place(r),
			trackingNo: String(r.tracking_no),
			asPetition: r.as_petition === 1,
			filedOn: chinaDay(String(r.created_at)),
			acknowledgedOn: r.acknowledged_at === null ? null : chinaDay(String(r.acknowledged_at)),
			extended: r.extended_at !== null,
			repliedOn: r.replied_at === null ? null : chinaDay(String(r.replied_at)),
		}));
		const deemed = all(`SELECT count(*) AS n FROM application_events WHERE kind = 'accept' AND note LIKE '%视为受理%'`);
		return { cases, ratings, complaints, deemedAccepts: Number(deemed[0].n) };
	} finally {
		db.close();
	}
}

/** What the recount needs of content/: the working-day calendar and each item's name and limits. */
export interface Rules {
	working: (day: string) => boolean;
	items: Map<string, { name: string; promised: Limit; legal: Limit | null }>;
}

export function readRules(root = "."): Rules {
	const years = loadContent(root, "calendar", CalendarYearSchema, [".yaml"]).entries.map((e) => e.data);
	const holidays = years.flatMap((y) => y.holidays);
	const workdays = new Set(years.flatMap((y) => y.workdays));
	const working = (day: string) => {
		if (workdays.has(day)) return true;
		if (holidays.some((h) => h.from <= day && day <= h.to)) return false;
		const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
		return weekday !== 0 && weekday !== 6;
	};
	const items = new Map(
		loadContent(root, "items", ItemSchema, [".md"]).entries.map(({ data: i }) => [
			i.code,
			{
				name: i.name,
				promised: { days: i.promisedDeadline.days, unit: i.promisedDeadline.unit },
				// A 参考时限 (地方做法) is not the law's: nothing is timed against it as 法定.
				legal: i.legalDeadline.source === "地方做法" ? null : { days: i.legalDeadline.days, unit: i.legalDeadline.unit },
			},
		]),
	);
	return { working, items };
}

/** The last day of `limit` counted from `from` (which does not count itself); `counts` says which days count. */
function lastDay(from: string, days: number, counts: (day: string) => boolean): string {
	let day = from;
	for (let n = 0; n < days;) {
		day = nextDay(day);
		if (counts(day)) n++;
	}
	return day;
}
/** How many days after `from`, up to and including `to`, count. */
function counted(from: string, to: string, counts: (day: string) => boolean): number {
	let n = 0;
	for (let day = nextDay(from); day <= to; day = nextDay(day)) if (counts(day)) n++;
	return n;
}

/** A completed case timed against a limit: due date, past it, days used (an overdue case used at least the limit + 1). */
function timed(c: CaseRow, limit: Limit, rules: Rules) {
	const days = limit.days + (c.extension && c.extension.unit === limit.unit ? c.extension.days : 0);
	const closedOn = c.closedOn!;
	// 挂起: from its first day up to, not including, the day it resumed (an open one through the closing day).
	const paused = (d: string) => c.suspensions.some((s) => s.from <= d && d < (s.to ?? nextDay(closedOn)));
	const counts = (d: string) => !paused(d) && (limit.unit === "自然日" || rules.working(d));
	const due = lastDay(c.acceptedOn!, days, counts);
	const late = closedOn > due;
	const elapsed = counted(c.acceptedOn!, closedOn, counts);
	return { days, late, used: late ? Math.max(days + 1, elapsed) : elapsed };
}

/**
 * Whether a complaint is answered in time as of `today`: acknowledged within 1 working day and answered
 * within 5 (10 once extended) working days of filing; one handled as 信访 in calendar days, notice within
 * 15, answer within 60 (90 extended) from the notice (or from the last day it could go out).
 */
function complaintInTime(c: ComplaintRow, today: string, rules: Rules): boolean {
	const unit = c.asPetition ? "自然日" : "工作日";
	const counts = (d: string) => unit === "自然日" || rules.working(d);
	const acknowledgeBy = lastDay(c.filedOn, c.asPetition ? 15 : 1, counts);
	const from = c.asPetition ? (c.acknowledgedOn ?? acknowledgeBy) : c.filedOn;
	const answerBy = lastDay(from, (c.asPetition ? 60 : 5) + (c.extended ? (c.asPetition ? 30 : 5) : 0), counts);
	const daysLate = counted(answerBy, c.repliedOn ?? today, counts);
	const stillLate = (!c.repliedOn && today > answerBy) || (!c.acknowledgedOn && today > acknowledgeBy);
	return daysLate === 0 && !stillLate;
}

/** Per cent with one decimal, "—" with nothing to divide by; as the page writes it. */
const share = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((part / whole) * 1000) / 10}%`);
const mean = (xs: number[]) => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The figures of one scope for `month` (YYYY-MM), in the words and numbers the public page shows. */
export function recount(raw: Raw, rules: Rules, month: string, today: string, inScope: (p: Place) => boolean) {
	const inMonth = (day: string | null) => day !== null && day.slice(0, 7) === month;
	const cases = raw.cases.filter(inScope);
	const accepted = cases.filter((c) => inMonth(c.acceptedOn));
	const closed = cases.filter((c) => inMonth(c.closedOn));
	const done = closed.filter((c) => c.status === "completed");
	const timedCases = done.map((c) => {
		const item = rules.items.get(c.item)!;
		const legal = item.legal ? timed(c, item.legal, rules) : null;
		return { c, promise: timed(c, item.promised, rules), legal, sameUnit: item.legal?.unit === item.promised.unit };
	});
	const withLegal = timedCases.flatMap((t) => (t.legal ? [t.legal] : []));
	// 实际提速 weighs the days used (on the promise's clock) against the legal days, where both count the same kind of day.
	const speed = timedCases.flatMap((t) => (t.legal && t.sameUnit ? [{ legal: t.legal.days, used: t.promise.used }] : []));
	const ratings = raw.ratings.filter((r) => inScope(r) && inMonth(r.on));
	// 满意率: a person's first ratings; default ratings and a 差评 found misdirected on appeal (申诉) left out.
	const counted1 = ratings.filter((r) => r.assessNumber === 1 && !r.isDefault && r.followUp?.finding !== "申诉");
	const satisfied = counted1.filter((r) => ["非常满意", "满意", "基本满意"].includes(r.level)).length;
	const followUps = ratings.flatMap((r) => (r.followUp ? [r.followUp] : []));
	const complaints = raw.complaints.filter((c) => inScope(c) && inMonth(c.filedOn));
	const late = timedCases.filter((t) => t.promise.late);
	const averageDays = mean(timedCases.map((t) => t.promise.used));
	return {
		accepted: String(accepted.length),
		completed: String(done.length),
		onTime: share(done.length - late.length, done.length),
		legalOnTime: share(withLegal.filter((l) => !l.late).length, withLegal.length),
		days: averageDays === null ? "—" : `${averageDays}天（承诺${mean(timedCases.map((t) => t.promise.days))}天）`,
		speedUp: share(sum(speed.map((s) => s.legal - s.used)), sum(speed.map((s) => s.legal))),
		// Of the cases closed in the month that can be rated (not withdrawn), those their applicant rated.
		ratingRate: share(
			closed.filter((c) => c.status !== "withdrawn" && c.rated).length,
			closed.filter((c) => c.status !== "withdrawn").length,
		),
		satisfaction: share(satisfied, counted1.length),
		bad: String(counted1.filter((r) => r.level === "不满意" || r.level === "非常不满意").length),
		fixRate: share(followUps.filter((f) => f.resolved).length, followUps.length),
		complaints: `${complaints.length}件（${share(complaints.filter((c) => complaintInTime(c, today, rules)).length, complaints.length)}）`,
		channels: `网上${accepted.filter((c) => !c.byAgent).length}件，村代办${accepted.filter((c) => c.byAgent).length}件，窗口0件`,
		agentCases: String(accepted.filter((c) => c.byAgent).length),
		overdue: late.map((t) => ({ item: rules.items.get(t.c.item)!.name, reason: t.c.overdueReason ?? "" })),
		/** Whether anything of the scope happened in the month (a row in its centre's or the city's table). */
		active: accepted.length + closed.length + ratings.length + complaints.length > 0,
	};
}
export type Recounted = ReturnType<typeof recount>;
