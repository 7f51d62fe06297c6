import type { CaseStatus } from "../../../core/case";
import type { StaffCase } from "./cases";

/**
 * The board's stored clocks (migration 0014): the turns of every running case, the counts read from them
 * by index alone, and the rows whose turns are to be worked out again. What the turns mean is in
 * services/case-clock.ts clockSchedule; this module only stores and reads them.
 */

/** A running case with just what its clock and its 电子监察 record need, and what its clock read (clock_input). */
export type OpenCaseClock = { stamp: string } & Pick<
	StaffCase,
	| "id"
	| "trackingNo"
	| "item"
	| "centre"
	| "window"
	| "status"
	| "submittedAt"
	| "acceptedOn"
	| "noticeSentAt"
	| "answeredAt"
	| "closedAt"
	| "suspensions"
	| "extension"
>;

interface ClockRow {
	id: number;
	clock_input: string;
	tracking_no: string;
	item_code: string;
	centre_slug: string;
	window_department: string;
	status: CaseStatus;
	submitted_at: string;
	accepted_on: string | null;
	suspensions_json: string;
	extension_json: string | null;
	notice_sent_at: string | null;
	answered_at: string | null;
}

/** The running cases among `ids` (a subquery of ids, its values numbered from ?1). */
async function openCaseClocks(db: D1Database, ids: string, values: unknown[]): Promise<OpenCaseClock[]> {
	const { results } = await db
		.prepare(
			`SELECT a.id, a.clock_input, a.tracking_no, a.item_code, a.centre_slug, COALESCE(a.window_department, '') AS window_department, a.status,
			 a.submitted_at, a.accepted_on, a.suspensions_json, a.extension_json,
			 (SELECT MIN(requested_at) FROM corrections c WHERE c.application_id = a.id) AS notice_sent_at,
			 (SELECT MAX(answered_at) FROM corrections c WHERE c.application_id = a.id) AS answered_at
			 FROM applications a WHERE a.closed_at IS NULL AND a.id IN (${ids})`,
		)
		.bind(...values)
		.all<ClockRow>();
	return results.map((r) => ({
		id: r.id,
		stamp: r.clock_input,
		trackingNo: r.tracking_no,
		item: r.item_code,
		centre: r.centre_slug,
		window: r.window_department,
		status: r.status,
		submittedAt: r.submitted_at,
		acceptedOn: r.accepted_on,
		noticeSentAt: r.notice_sent_at,
		answeredAt: r.answered_at,
		closedAt: null,
		suspensions: JSON.parse(r.suspensions_json) as StaffCase["suspensions"],
		extension: r.extension_json === null ? null : (JSON.parse(r.extension_json) as StaffCase["extension"]),
	}));
}

/** Running cases whose turns are to be worked out (new, changed, or not yet since migration 0014), at most `limit`. */
export const staleClocks = (db: D1Database, limit: number) =>
	openCaseClocks(
		db,
		`SELECT id FROM applications INDEXED BY applications_clock_stale WHERE closed_at IS NULL AND clock_stamp IS NOT clock_input LIMIT ?1`,
		[limit],
	);

/** The turn in force on day ?n: the 视为受理 set from clock_deemed_on, else the first. */
export const turnOn = (turn: "yellow" | "red" | "legal" | "watch", n: number) =>
	`(CASE WHEN ?${n} >= a.clock_deemed_on THEN a.clock_deemed_${turn}_on ELSE a.clock_${turn}_on END)`;

/**
 * Running cases 电子监察 may warn of on `today` (the watch turn has come), city-wide; the sweep runs their
 * clocks to decide. The ids come from the board's index alone.
 */
export const watchedClocks = (db: D1Database, today: string) =>
	openCaseClocks(
		db,
		`SELECT id FROM applications a INDEXED BY applications_open_clock WHERE a.closed_at IS NULL AND ${turnOn("watch", 1)} <= ?1`,
		[today],
	);

export interface StoredTurns {
	yellowOn: string;
	redOn: string;
	legalOn: string;
	watchOn: string;
}

export interface StoredClock {
	id: number;
	/** The clock_input the turns were worked out on. */
	stamp: string;
	basis: string;
	now: StoredTurns | null;
	deemedOn: string;
	deemed: StoredTurns | null;
}

/**
 * Stores worked-out turns, each only while the row still reads as it did (clock_input): a change in between
 * leaves the row stale for the next refresh.
 */
export async function storeClocks(db: D1Database, clocks: StoredClock[]): Promise<void> {
	if (clocks.length === 0) return;
	const turns = (t: StoredTurns | null) => [t?.yellowOn ?? null, t?.redOn ?? null, t?.legalOn ?? null, t?.watchOn ?? null];
	await db.batch(
		clocks.map((c) =>
			db
				.prepare(
					`UPDATE applications SET clock_stamp = ?2, clock_basis = ?3, clock_yellow_on = ?4, clock_red_on = ?5, clock_legal_on = ?6, clock_watch_on = ?7,
					 clock_deemed_on = ?8, clock_deemed_yellow_on = ?9, clock_deemed_red_on = ?10, clock_deemed_legal_on = ?11,
					 clock_deemed_watch_on = ?12 WHERE id = ?1 AND clock_input = ?2`,
				)
				.bind(c.id, c.stamp, c.basis, ...turns(c.now), c.deemedOn, ...turns(c.deemed)),
		),
	);
}

/** The bases the running cases' turns were worked out on, per item: to find those new content outdated. */
export async function clockBases(db: D1Database): Promise<{ item: string; basis: string }[]> {
	const { results } = await db
		.prepare(
			`SELECT DISTINCT item_code AS item, clock_basis AS basis FROM applications INDEXED BY applications_open_clock
			 WHERE closed_at IS NULL AND clock_basis IS NOT NULL`,
		)
		.all<{ item: string; basis: string }>();
	return results;
}

/** Marks an item's running cases worked out on an outdated basis as stale. */
export async function markStale(db: D1Database, outdated: { item: string; basis: string }[]): Promise<void> {
	if (outdated.length === 0) return;
	await db.batch(
		outdated.map(({ item, basis }) =>
			db
				.prepare(
					`UPDATE applications SET clock_stamp = NULL WHERE id IN (SELECT id FROM applications INDEXED BY applications_open_clock
					 WHERE closed_at IS NULL AND item_code = ?1 AND clock_basis = ?2)`,
				)
				.bind(item, basis),
		),
	);
}

/** The deadline board over every running case in scope (a staffScope numbered from ?2), on `today` (?1). */
export async function boardCounts(
	db: D1Database,
	scope: { sql: string; values: unknown[] },
	today: string,
): Promise<{ green: number; yellow: number; red: number; legal: number; deemedAccepted: number }> {
	const row = await db
		.prepare(
			`SELECT count(CASE WHEN y IS NOT NULL AND ?1 < y THEN 1 END) AS green,
			 count(CASE WHEN ?1 >= y AND ?1 < r THEN 1 END) AS yellow,
			 count(CASE WHEN ?1 >= r THEN 1 END) AS red,
			 count(CASE WHEN ?1 >= l THEN 1 END) AS legal,
			 count(CASE WHEN status = 'submitted' AND ?1 >= d THEN 1 END) AS deemed
			 FROM (SELECT a.status, a.clock_deemed_on AS d, ${turnOn("yellow", 1)} AS y, ${turnOn("red", 1)} AS r, ${turnOn("legal", 1)} AS l
			 FROM applications a INDEXED BY applications_open_clock WHERE a.closed_at IS NULL AND (${scope.sql}))`,
		)
		.bind(today, ...scope.values)
		.first<{ green: number; yellow: number; red: number; legal: number; deemed: number }>();
	const { green = 0, yellow = 0, red = 0, legal = 0, deemed = 0 } = row ?? {};
	return { green, yellow, red, legal, deemedAccepted: deemed };
}

/** The SQL condition for a colour on the board on day ?n (or 视为受理 not yet accepted), for the list's `due=` filter. */
export function dueCondition(due: "green" | "yellow" | "red" | "legal" | "deemed", n: number): string {
	const [y, r] = [turnOn("yellow", n), turnOn("red", n)];
	if (due === "deemed") return `a.closed_at IS NULL AND a.status = 'submitted' AND ?${n} >= a.clock_deemed_on`;
	if (due === "legal") return `a.closed_at IS NULL AND ?${n} >= ${turnOn("legal", n)}`;
	if (due === "red") return `a.closed_at IS NULL AND ?${n} >= ${r}`;
	if (due === "yellow") return `a.closed_at IS NULL AND ?${n} >= ${y} AND ?${n} < ${r}`;
	return `a.closed_at IS NULL AND ?${n} < ${y}`;
}
