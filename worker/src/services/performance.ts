import { addDays, chinaDate } from "../../../core/calendar";
import { complaintClock } from "../../../core/complaint";
import { isStatutory } from "../../../core/item";
import { type CaseFact, type ComplaintFact, type MonthFigures, monthFigures } from "../../../core/performance";
import type { RatingFact } from "../../../core/rating";
import { type StaffCase, casesTouching } from "../db/cases";
import { ratingRows } from "../db/ratings";
import { clockOf, extended } from "./case-clock";
import type { Deps } from "./deps";

/**
 * The monthly figures from the cases themselves (issue 12): the daily job works out each case's clock at
 * closing, gathers the month's ratings and complaints, and stores the figures of the city, every centre,
 * window and station (core/performance.ts monthFigures). Public pages read only what it stored.
 */

type Scope = "city" | "centre" | "window" | "station";

/** The China bounds of a month (YYYY-MM) as days and instants. */
function bounds(month: string) {
	const first = `${month}-01`;
	// 31 days after the 1st is always in the next month.
	const next = `${addDays(first, 31).slice(0, 8)}01`;
	const at = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
	return { from: { day: first, at: at(first) }, to: { day: next, at: at(next) } };
}

/** One case's fact: its clock worked out as of the day it closed; `rated` when its applicant has rated it. */
export function caseFact(r: StaffCase, deps: Pick<Deps, "data">, rated: boolean): CaseFact {
	const closedOn = r.closedAt ? chinaDate(new Date(r.closedAt)) : null;
	const item = deps.data.items.get(r.item);
	const fact: CaseFact = {
		centre: r.centre,
		window: r.window,
		station: r.station,
		item: r.item,
		channel: r.agentId === null ? "online" : "agent",
		acceptedOn: r.acceptedOn,
		closedOn,
		status: r.status,
		pastPromise: false,
		pastLegal: null,
		daysUsed: null,
		promisedDays: null,
		legalDays: null,
		overdueReason: r.overdueReason,
		rated,
	};
	if (r.status !== "completed" || !closedOn || !item?.promisedDeadline) return fact;
	// The clock as it stood on the day of completion: running, with that day as today.
	const clock = clockOf({ ...r, status: "in_progress" }, { data: deps.data, today: closedOn });
	if (!clock || clock.kind !== "finish") return fact;
	const promised = extended(item.promisedDeadline, r.extension);
	const legal = item.legalDeadline && isStatutory(item.legalDeadline.source) ? extended(item.legalDeadline, r.extension) : null;
	return {
		...fact,
		pastPromise: clock.colour === "red",
		pastLegal: clock.legal ? clock.legal.overdue : null,
		daysUsed: promised.days - clock.remaining,
		promisedDays: promised.days,
		legalDays: legal && legal.unit === promised.unit ? legal.days : null,
	};
}

interface Facts {
	cases: CaseFact[];
	ratings: (RatingFact & { on: string; centre: string; window: string; station: string })[];
	complaints: ComplaintFact[];
}

async function monthFacts(deps: Deps, month: string): Promise<Facts> {
	const { from, to } = bounds(month);
	const [cases, ratings, complaints, rated] = await Promise.all([
		casesTouching(deps.db, from, to),
		ratingRows(deps.db, { sql: "1 = 1", values: [] }, { from: from.at, to: to.at }),
		deps.db
			.prepare(
				`SELECT centre_slug, window_department, station_slug, as_petition, created_at, acknowledged_at, extended_at, replied_at
				 FROM complaints WHERE created_at >= ?1 AND created_at < ?2`,
			)
			.bind(from.at, to.at)
			.all<Record<string, string | number | null>>(),
		// The cases closed this month their applicant has rated (a person's first rating), for 评价率.
		deps.db
			.prepare(
				`SELECT DISTINCT a.tracking_no FROM ratings r JOIN applications a ON a.id = r.application_id
				 WHERE r.assess_number = 1 AND r.is_default = 0 AND a.closed_at >= ?1 AND a.closed_at < ?2`,
			)
			.bind(from.at, to.at)
			.all<{ tracking_no: string }>(),
	]);
	const ratedCases = new Set(rated.results.map((r) => r.tracking_no));
	const day = (iso: unknown) => (typeof iso === "string" ? chinaDate(new Date(iso)) : null);
	return {
		cases: cases.map((r) => caseFact(r, deps, ratedCases.has(r.trackingNo))),
		ratings: ratings
			.filter((r) => r.createdAt >= from.at && r.createdAt < to.at)
			.map((r) => ({ ...r, on: chinaDate(new Date(r.createdAt)) })),
		complaints: complaints.results.map((c) => {
			const dates = {
				asPetition: c.as_petition === 1,
				filedOn: day(c.created_at)!,
				acknowledgedOn: day(c.acknowledged_at),
				extended: c.extended_at !== null,
				repliedOn: day(c.replied_at),
			};
			const clock = complaintClock(dates, deps.today, deps.data.calendar);
			return {
				centre: String(c.centre_slug),
				window: (c.window_department as string | null) ?? null,
				station: (c.station_slug as string | null) ?? null,
				filedOn: dates.filedOn,
				repliedOn: dates.repliedOn,
				inTime: clock.overdueDays === 0 && !clock.late,
			};
		}),
	};
}

/** Every scope's figures for `month`, as the daily job stores them. */
export async function computeMonth(deps: Deps, month: string): Promise<{ scope: Scope; key: string; figures: MonthFigures }[]> {
	const facts = await monthFacts(deps, month);
	const keys: Record<Scope, (x: { centre: string; window?: string | null; station?: string | null }) => string | null> = {
		city: () => "all",
		centre: (x) => x.centre,
		window: (x) => (x.window ? `${x.centre}/${x.window}` : null),
		station: (x) => (x.station ? `${x.centre}/${x.station}` : null),
	};
	const out: { scope: Scope; key: string; figures: MonthFigures }[] = [];
	for (const scope of Object.keys(keys) as Scope[]) {
		const keyOf = keys[scope];
		const all = new Set([...facts.cases, ...facts.ratings, ...facts.complaints].map(keyOf).filter((k): k is string => k !== null));
		for (const key of [...all].sort()) {
			const mine = <T extends { centre: string; window?: string | null; station?: string | null }>(xs: T[]) =>
				xs.filter((x) => keyOf(x) === key);
			out.push({ scope, key, figures: monthFigures(month, mine(facts.cases), mine(facts.ratings), mine(facts.complaints), deps.now) });
		}
	}
	return out;
}

/** The daily job: this month's figures and last month's (answers and ratings still arrive), stored. */
export async function storeMonthlyFigures(deps: Deps): Promise<number> {
	const month = deps.today.slice(0, 7);
	const previous = addDays(`${month}-01`, -1).slice(0, 7);
	let written = 0;
	for (const m of [previous, month]) {
		const rows = await computeMonth(deps, m);
		const at = deps.now.toISOString();
		const statements = rows.map((r) =>
			deps.db
				.prepare(
					`INSERT INTO performance_monthly (scope, key, month, figures_json, computed_at) VALUES (?1, ?2, ?3, ?4, ?5)
					 ON CONFLICT (scope, key, month) DO UPDATE SET figures_json = excluded.figures_json, computed_at = excluded.computed_at`,
				)
				.bind(r.scope, r.key, m, JSON.stringify(r.figures), at),
		);
		if (statements.length > 0) await deps.db.batch(statements);
		written += statements.length;
	}
	return written;
}

/** The stored figures of one scope: the last 12 months, oldest first. */
export async function storedFigures(db: D1Database, scope: Scope, key: string): Promise<MonthFigures[]> {
	const { results } = await db
		.prepare(`SELECT figures_json FROM performance_monthly WHERE scope = ?1 AND key = ?2 ORDER BY month DESC LIMIT 12`)
		.bind(scope, key)
		.all<{ figures_json: string }>();
	return results.map((r) => JSON.parse(r.figures_json) as MonthFigures).reverse();
}

/** The stored figures of every window and station of a centre (or every centre, for the city) in `month`. */
export async function storedParts(
	db: D1Database,
	centre: string | null,
	month: string,
): Promise<{ scope: Scope; key: string; figures: MonthFigures }[]> {
	const { results } = await db
		.prepare(
			centre === null
				? `SELECT scope, key, figures_json FROM performance_monthly WHERE scope = 'centre' AND month = ?1 ORDER BY key`
				: `SELECT scope, key, figures_json FROM performance_monthly WHERE scope IN ('window', 'station') AND key LIKE ?2 AND month = ?1 ORDER BY scope DESC, key`,
		)
		.bind(month, ...(centre === null ? [] : [`${centre}/%`]))
		.all<{ scope: Scope; key: string; figures_json: string }>();
	return results.map((r) => ({ scope: r.scope, key: r.key, figures: JSON.parse(r.figures_json) as MonthFigures }));
}

/**
 * Every stored row of the last 12 months, newest month first, for the open-data files, with when the
 * daily job last computed any of them (ISO instant; null before its first run).
 */
export async function allStoredFigures(
	db: D1Database,
): Promise<{ rows: { scope: Scope; key: string; figures: MonthFigures }[]; computedAt: string | null }> {
	const { results } = await db
		.prepare(
			`SELECT scope, key, figures_json, computed_at FROM performance_monthly
			 WHERE month IN (SELECT DISTINCT month FROM performance_monthly ORDER BY month DESC LIMIT 12)
			 ORDER BY month DESC, CASE scope WHEN 'city' THEN 0 WHEN 'centre' THEN 1 WHEN 'window' THEN 2 ELSE 3 END, key`,
		)
		.all<{ scope: Scope; key: string; figures_json: string; computed_at: string }>();
	const computedAt = results.reduce<string | null>(
		(latest, r) => (latest === null || r.computed_at > latest ? r.computed_at : latest),
		null,
	);
	return { rows: results.map((r) => ({ scope: r.scope, key: r.key, figures: JSON.parse(r.figures_json) as MonthFigures })), computedAt };
}
