import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { addDays } from "../../core/calendar";
import type { Staff } from "../../core/staff";
import { t } from "../../core/zh-CN";
import { staffById } from "../src/db/staff";
import { builtData } from "../src/lib/built-data";
import { keysFrom } from "../src/lib/crypto";
import { type ClockedCase, caseLaw, clockOf, clockSchedule } from "../src/services/case-clock";
import type { Deps } from "../src/services/deps";
import { exportCsv } from "../src/services/case-export";
import { caseList } from "../src/services/staff-cases";
import { sweepSupervision } from "../src/services/supervision";
import { type Caller, type TestCase, type Who, act, as, commandFor, list, newCase, permitApplication, seedStaff } from "./staff-helpers";

/**
 * The back office at a year of cases (issue 14, part 6): every query the staff list, the deadline board,
 * the searches, the month's export and the 电子监察 sweep run is found through an index (EXPLAIN QUERY
 * PLAN on the statements the services really send), and the board's stored clocks (migration 0014) give
 * exactly the colours, 超法定时限 and 视为受理 the per-case clock gives, on every day.
 */

let ids: Record<Who, number>;
beforeAll(async () => {
	ids = await seedStaff("scale");
});
afterEach(() => void vi.useRealTimers());

const data = () => builtData(env.ASSETS);

/** The colour, legal flag, 视为受理-awaiting flag and watch turn that a stored schedule gives on `today`. */
function fromSchedule(r: ClockedCase, schedule: ReturnType<typeof clockSchedule>, today: string) {
	const turns = today >= schedule.deemedOn ? schedule.deemed : schedule.now;
	const colour = !turns ? null : today >= turns.redOn ? "red" : today >= turns.yellowOn ? "yellow" : "green";
	return {
		colour,
		legal: !!turns && today >= turns.legalOn,
		awaiting: r.status === "submitted" && today >= schedule.deemedOn,
		watched: !!turns && today >= turns.watchOn,
	};
}

/** Cases of one item in every shape the clock reads: silent, 补正 in time or late, answered, accepted, paused, extended. */
function shapesOf(item: string, extension: ClockedCase["extension"]): ClockedCase[] {
	const base = { item, submittedAt: "2026-03-02T02:00:00.000Z", noticeSentAt: null, answeredAt: null, closedAt: null };
	const none = { acceptedOn: null, suspensions: [], extension: null };
	const accepted = (on: string) => ({ ...base, status: "in_progress" as const, acceptedOn: on, suspensions: [], extension: null });
	return [
		{ ...base, ...none, status: "submitted" },
		{ ...base, ...none, status: "correction", noticeSentAt: "2026-03-03T02:00:00.000Z" },
		{ ...base, ...none, status: "correction", noticeSentAt: "2026-03-12T02:00:00.000Z" },
		{ ...base, ...none, status: "submitted", noticeSentAt: "2026-03-03T02:00:00.000Z", answeredAt: "2026-03-06T02:00:00.000Z" },
		{ ...base, ...none, status: "submitted", noticeSentAt: "2026-03-12T02:00:00.000Z", answeredAt: "2026-03-13T02:00:00.000Z" },
		accepted("2026-03-03"),
		accepted("2026-03-16"),
		{ ...accepted("2026-03-03"), suspensions: [{ from: "2026-03-05", to: "2026-03-19" }] },
		{ ...accepted("2026-03-03"), status: "suspended", suspensions: [{ from: "2026-03-05", to: null }] },
		{ ...accepted("2026-03-03"), status: "suspended", suspensions: [{ from: "2026-04-20", to: null }] },
		{ ...accepted("2026-03-03"), extension },
		{ ...accepted("2026-03-03"), status: "completed", closedAt: "2026-03-20T02:00:00.000Z" },
	];
}

describe("the stored clock is the per-case clock", () => {
	it("gives clockOf's colour, 超法定时限, 视为受理 and 电子监察's watch for every online item and shape, on every day", async () => {
		const built = await data();
		let compared = 0;
		for (const item of built.items.values()) {
			const extension = item.extension ? { ...item.extension, basis: "测试", reason: "测试" } : null;
			for (const r of shapesOf(item.code, extension)) {
				const schedule = clockSchedule(r, { data: built });
				for (let today = "2026-02-27"; today <= "2026-07-31"; today = addDays(today, 1)) {
					const deps = { data: built, today };
					const clock = clockOf(r, deps);
					const stored = fromSchedule(r, schedule, today);
					const where = `${item.code} ${JSON.stringify(r)} on ${today}`;
					expect(stored.colour, where).toBe(clock?.colour ?? null);
					expect(stored.legal, where).toBe(!!clock?.legal?.overdue);
					expect(stored.awaiting, where).toBe(caseLaw(r, deps).deemed && r.status === "submitted");
					// Whatever fires JC01–JC04 at any SUPERVISION_NEAR_DAYS (0–10) is watched.
					const fires = !!clock && (clock.colour === "red" || !!clock.legal?.overdue || (clock.kind === "finish" && clock.remaining <= 10));
					if (fires) expect(stored.watched, where).toBe(true);
					compared++;
				}
			}
		}
		expect(compared).toBeGreaterThan(10_000);
	}, 120_000);
});

/** A Worker's Deps on the test database, whose every statement is written down with its values. */
async function recordingDeps(today: string): Promise<{ deps: Deps; seen: Map<string, unknown[]> }> {
	const seen = new Map<string, unknown[]>();
	const real = new WeakMap<object, D1PreparedStatement>();
	const statement = (s: D1PreparedStatement, sql: string): D1PreparedStatement => {
		const proxy = new Proxy(s, {
			get(target, prop) {
				if (prop === "bind")
					return (...values: unknown[]) => {
						seen.set(sql, values);
						return statement(target.bind(...values), sql);
					};
				const value: unknown = Reflect.get(target, prop, target);
				return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
			},
		});
		real.set(proxy, s);
		return proxy;
	};
	const db = new Proxy(env.DB, {
		get(target, prop) {
			if (prop === "prepare")
				return (sql: string) => {
					if (!seen.has(sql)) seen.set(sql, []);
					return statement(target.prepare(sql), sql);
				};
			if (prop === "batch") return (list: D1PreparedStatement[]) => target.batch(list.map((s) => real.get(s) ?? s));
			const value: unknown = Reflect.get(target, prop, target);
			return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		},
	});
	const now = new Date(`${today}T10:00:00+08:00`);
	return { deps: { db, assets: env.ASSETS, data: await data(), keys: await keysFrom(env.PII_KEY), now, today }, seen };
}

/** The names a statement gives applications and application_events (the tables themselves, and their aliases). */
function caseTableNames(sql: string): Set<string> {
	const names = new Set(["applications", "application_events"]);
	for (const m of sql.matchAll(/\b(?:applications|application_events)\s+(?:AS\s+)?([a-z_]\w*)/gi))
		if (!/^(WHERE|SET|ON|INDEXED|LEFT|JOIN|INNER|ORDER|GROUP|LIMIT|VALUES|SELECT)$/i.test(m[1])) names.add(m[1]);
	return names;
}

/** The plan's steps that read every row of applications or application_events (a SCAN without an index). */
async function fullScans(sql: string, values: unknown[]): Promise<string[]> {
	const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
		.bind(...values)
		.all<{ detail: string }>();
	const names = caseTableNames(sql);
	return results
		.map((r) => r.detail)
		.filter((d) => {
			const m = /^SCAN (\w+)(.*)$/.exec(d);
			return !!m && names.has(m[1]) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(m[2]);
		});
}

describe("every back-office query reads the cases through an index (EXPLAIN QUERY PLAN)", () => {
	it("tells a full scan when there is one: the check itself can fail", async () => {
		expect(await fullScans("SELECT count(*) FROM applications a WHERE a.applicant_name = ?1", ["王"])).toHaveLength(1);
		expect(await fullScans("SELECT id FROM application_events WHERE note LIKE ?1", ["%"])).toHaveLength(1);
		expect(await fullScans("SELECT id FROM applications WHERE tracking_no = ?1", ["ABCD-EFGH"])).toEqual([]);
	});

	it("list (admin, head, clerk, agent), board, due=, search by tracking number / phone / ID, month CSV, the sweep", async () => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-03-02T10:00:00+08:00"));
		const c: TestCase = await newCase("qingshi", {}, permitApplication());
		vi.useRealTimers();
		const who = async (w: Who) => (await staffById(env.DB, ids[w])) as Staff;
		const { deps, seen } = await recordingDeps("2026-03-20");
		const queries: [string, () => Promise<unknown>][] = [
			["list admin", async () => caseList(deps, await who("admin"), {})],
			["list head", async () => caseList(deps, await who("qingshi.head"), {})],
			["list clerk B", async () => caseList(deps, await who("qingshi.clerkB"), {})],
			["list agent", async () => caseList(deps, await who("qingshi.agent"), {})],
			["due=red", async () => caseList(deps, await who("qingshi.head"), { due: "red" })],
			["due=deemed", async () => caseList(deps, await who("admin"), { due: "deemed" })],
			["tracking no", async () => caseList(deps, await who("admin"), { q: c.trackingNo })],
			["phone", async () => caseList(deps, await who("admin"), { q: c.phone })],
			["ID number", async () => caseList(deps, await who("qingshi.head"), { q: c.idNumber })],
			["month CSV", async () => new Response(await exportCsv(deps, await who("admin"), { from: "2026-03-01", to: "2026-03-31" })).text()],
			["sweep", async () => sweepSupervision(deps, 2)],
		];
		const scans: string[] = [];
		for (const [name, run] of queries) {
			seen.clear();
			await run();
			const touching = [...seen].filter(([sql]) => /\bapplication(s|_events)\b/.test(sql));
			expect(touching.length, `${name} sent no statement on the cases`).toBeGreaterThan(0);
			for (const [sql, values] of touching)
				for (const step of await fullScans(sql, values)) scans.push(`${name}: ${step} in ${sql.replace(/\s+/g, " ")}`);
		}
		expect(scans).toEqual([]);
	});
});

describe("the board through the Worker on fixtures, day by day", () => {
	/** The city admin signed in on `day` at 10:00 China time. */
	async function on(day: string): Promise<Caller> {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date(`${day}T10:00:00+08:00`));
		return as(ids.admin);
	}
	const step = async (caller: Caller, c: TestCase, action: Parameters<typeof commandFor>[0], version: number) =>
		expect((await act(caller, c.trackingNo, commandFor(action, version))).status).toBe(200);

	it("counts what the listed cases' own clocks say, also across 视为受理, 挂起 and 延长, and due= lists exactly those", async () => {
		await on("2026-03-02");
		const cases = await Promise.all([
			newCase("qingshi", {}, permitApplication()),
			newCase("qingshi", {}, permitApplication()),
			newCase("qingshi", {}, permitApplication()),
			newCase("baihe"),
			newCase("baihe"),
			newCase("baihe"),
		]);
		const [silent, paused, extended, waiting, accepted, corrected] = cases;
		let admin = await on("2026-03-03");
		for (const c of [paused, extended, accepted]) await step(admin, c, "accept", 1);
		for (const c of [paused, extended]) await step(admin, c, "start", 2);
		await step(admin, corrected, "request_correction", 1);
		admin = await on("2026-03-04");
		await step(admin, paused, "suspend", 3);
		await on("2026-03-05");
		expect((await act(await as(ids["qingshi.head"]), extended.trackingNo, commandFor("extend", 3))).status).toBe(200);
		expect(silent.trackingNo && waiting.trackingNo).toBeTruthy();

		for (let day = "2026-03-02"; day <= "2026-05-15"; day = addDays(day, 3)) {
			const board = await list(await on(day));
			const tally = { green: 0, yellow: 0, red: 0, legal: 0 };
			for (const x of board.cases) {
				if (x.clock) tally[x.clock.colour]++;
				if (x.clock?.legal?.overdue) tally.legal++;
			}
			expect(board.counts, day).toEqual(tally);
			const awaiting = board.cases.filter((x) => x.deemedAccepted && x.status === "submitted").map((x) => x.trackingNo);
			expect(board.deemedAccepted, day).toBe(awaiting.length);
			const deemed = await list(await on(day), { due: "deemed" });
			expect(deemed.cases.map((x) => x.trackingNo).sort(), day).toEqual(awaiting.sort());
			const reds = await list(await on(day), { due: "red" });
			expect(reds.cases.length, day).toBe(tally.red);
			// The export reads its own columns (db/cases.ts exportedCases): each line says what the list says.
			const csv = await (await (await on(day))("/api/staff/cases/export.csv?from=2026-03-01&to=2026-03-31")).text();
			const lines = new Map(
				csv
					.split("\r\n")
					.slice(1, -1)
					.map((l) => [l.split(",")[0].replaceAll('"', ""), l]),
			);
			for (const x of board.cases.filter((b) => cases.some((c) => c.trackingNo === b.trackingNo))) {
				const { clock } = x;
				const cells = [x.trackingNo, x.item.name, x.centre, x.station, x.window, t(`case.status.${x.status}`)];
				const clockCells = [
					clock?.kind === "answer" ? clock.dueOn : "",
					clock?.kind === "finish" ? clock.dueOn : "",
					clock ? t(`staff.csv.${clock.colour}`) : "",
					clock?.legal?.dueOn ?? "",
					clock?.legal ? t(clock.legal.overdue ? "staff.yes" : "staff.no") : "",
					x.firstHandler?.name ?? "",
				];
				const line = lines.get(x.trackingNo);
				expect(line?.startsWith(cells.map((c) => `"${c}"`).join(",")), `${day} ${x.trackingNo}`).toBe(true);
				expect(line?.endsWith(clockCells.map((c) => `"${c}"`).join(",")), `${day} ${x.trackingNo}: ${line}`).toBe(true);
			}
		}
	}, 60_000);
});

describe("the CSV export of a long range", () => {
	it("has every case in the range, one line each, past a page and across cases submitted at the same instant", async () => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-03-02T10:00:00+08:00"));
		const template = await newCase("qingshi");
		vi.useRealTimers();
		const copy = (n: number) =>
			env.DB.prepare(
				`INSERT INTO applications (tracking_no, idempotency_key, request_hash, item_code, centre_slug, station_slug, status, version,
				 applicant_name, applicant_phone, applicant_id_cipher, applicant_id_index, applicant_phone_index, answers_cipher, consented_at,
				 submitted_at, updated_at, window_department, suspensions_json)
				 SELECT ?2, ?3, request_hash, item_code, 'boardtown', station_slug, 'submitted', 1, applicant_name, applicant_phone,
				 applicant_id_cipher, applicant_id_index, applicant_phone_index, answers_cipher, consented_at, ?4, ?4, window_department, '[]'
				 FROM applications WHERE tracking_no = ?1`,
			).bind(
				template.trackingNo,
				`EXP${String(n).padStart(5, "0")}`,
				`export-${n}`,
				new Date(Date.parse("2026-04-01T02:00:00Z") + Math.floor(n / 3) * 60_000).toISOString(),
			);
		const total = 2_300;
		for (let from = 0; from < total; from += 500)
			await env.DB.batch(Array.from({ length: Math.min(500, total - from) }, (_, i) => copy(from + i)));
		const head = await as(ids["board.head"]);
		const res = await head("/api/staff/cases/export.csv?from=2026-04-01&to=2026-04-30");
		expect(res.status).toBe(200);
		const numbers = (await res.text())
			.split("\r\n")
			.slice(1, -1)
			.map((l) => l.split(",")[0].replaceAll('"', ""));
		expect(numbers).toHaveLength(total);
		expect(new Set(numbers).size).toBe(total);
		expect(numbers[0]).toBe(`EXP0${total - 1}`);
	}, 60_000);
});
