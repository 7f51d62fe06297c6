import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaDate } from "../core/calendar";
import { type Action, type CaseStatus, EVENT_OF, TRANSITIONS } from "../core/case";
import { caseClock } from "../core/clock";
import { parseIdCard } from "../core/idcard";
import { main, planMonth, readSeedContent, type StaffRow, workerCrypto } from "./seed-month";
import { main as staffMain } from "./staff";
import { toolsEnv } from "./tools-env.mjs";

/** The Worker tests' key (vitest.config.ts): a fixed 32 bytes in base64. */
const KEY = "dGVzdC1rZXktZm9yLWJpYW5taW4tdGVzdHMtMzJieXQ=";
const WRANGLER = resolve("node_modules/.bin/wrangler");
const MONTH = "2026-03";

type Row = Record<string, unknown>;

/** A command as a shell runs it, without blocking the other one (two databases are seeded side by side). */
function run(command: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
	return new Promise((done) => {
		const child = spawn(command, args, { env: toolsEnv(), stdio: ["ignore", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
		child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
		child.on("close", (status) => done({ status, stdout, stderr }));
	});
}

const seedMonth = (dir: string, ...more: string[]) =>
	run(resolve("node_modules/.bin/tsx"), [
		resolve("scripts/seed-month.ts"),
		"--month",
		MONTH,
		"--persist-to",
		dir,
		"--pii-key",
		KEY,
		...more,
	]);

/** Every row a figure could be computed from, without the ciphertexts (their IVs are random on purpose). */
const ROWS = [
	`SELECT id, tracking_no, idempotency_key, request_hash, item_code, centre_slug, station_slug, status, version, applicant_name, applicant_phone,
	 applicant_id_index, applicant_phone_index, consented_at, submitted_at, updated_at, window_department, first_handler_id, accepted_on,
	 suspensions_json, outcome, closed_at, agent_id, mandate_cipher IS NOT NULL AS mandated, paper_forwarded_at, extension_json FROM applications ORDER BY id`,
	`SELECT * FROM application_events ORDER BY id`,
	`SELECT * FROM corrections ORDER BY id`,
	`SELECT id, application_id, assess_number, level, channel, problems_json, text_cipher IS NOT NULL AS texted, anonymous, entered_by, is_default, created_at FROM ratings ORDER BY id`,
	`SELECT id, rating_id, application_id, opened_at, contact_by, fix_by, cap_by, contacted_at, contacted_by, finding, fix_note, reply, resolved_at, resolved_by, version FROM rating_followups ORDER BY id`,
	`SELECT id, tracking_no, request_hash, type, title, reply_by_phone, as_petition, source, centre_slug, station_slug, window_department, status, created_at,
	 handler_id, handled_at, acknowledged_at, extended_at, extension_reason, verdict, reply, replied_at, reply_rating, reply_rated_at, version FROM complaints ORDER BY id`,
	`SELECT * FROM complaint_events ORDER BY id`,
	`SELECT * FROM page_feedback ORDER BY id`,
	`SELECT id, created_at, actor, action, subject_type, subject_id, before_json, after_json FROM audit_entries WHERE action <> 'seed.month' ORDER BY id`,
	`SELECT id, email, name, role, centre_slug, station_slug, window_department, post FROM staff WHERE active = 1 ORDER BY id`,
	`SELECT a.tracking_no, a.applicant_id_cipher, a.answers_cipher, a.mandate_cipher FROM applications a ORDER BY a.id`,
];

/** The local D1's SQLite file, read directly: a wrangler start per query would take most of the test's time. */
function read(dir: string): Row[][] {
	const folder = join(dir, "v3/d1/miniflare-D1DatabaseObject");
	const file = readdirSync(folder).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite")!;
	const db = new DatabaseSync(join(folder, file));
	try {
		return ROWS.map((q) =>
			db
				.prepare(q)
				.all()
				.map((r) => ({ ...r })),
		);
	} finally {
		db.close();
	}
}

describe("npm run seed:month", { timeout: 120_000 }, () => {
	const dirs: string[] = [];
	let first: Row[][] = [];
	let second: Row[][] = [];
	let firstOut = "";
	let again: { status: number | null; stdout: string; stderr: string };

	beforeAll(async () => {
		// One migrated database, copied: the two runs start from the same empty state.
		const template = mkdtempSync(join(tmpdir(), "bianmin-seed-"));
		dirs.push(template);
		const migrate = spawnSync(WRANGLER, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", template], {
			env: toolsEnv(),
			encoding: "utf8",
		});
		expect(migrate.status, migrate.stderr).toBe(0);
		expect(staffMain(["seed", "--persist-to", template]).status).toBe(0);
		const [a, b] = ["a", "b"].map((name) => {
			const dir = mkdtempSync(join(tmpdir(), `bianmin-seed-${name}-`));
			cpSync(template, dir, { recursive: true });
			dirs.push(dir);
			return dir;
		});
		const [runA, runB] = await Promise.all([seedMonth(a), seedMonth(b)]);
		expect(runA.stderr).toBe("");
		expect(runA.status).toBe(0);
		expect(runB.status, runB.stderr).toBe(0);
		firstOut = runA.stdout;
		[first, second] = [read(a), read(b)];
		again = await seedMonth(a);
	}, 180_000);
	afterAll(() => {
		for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
	});

	it("writes the same rows for the same month and seed, ciphertexts apart", () => {
		expect(first[0].length).toBeGreaterThanOrEqual(120);
		for (let i = 0; i < ROWS.length - 1; i++) expect(second[i], ROWS[i]).toEqual(first[i]);
		expect(second.at(-1)).not.toEqual(first.at(-1));
		expect(firstOut).toContain(`已写入 ${MONTH} 的示例数据（--seed 1，全部虚构）`);
		for (const centre of ["青石镇便民服务中心", "白鹤乡便民服务中心", "河坝镇便民服务中心"]) expect(firstOut).toContain(centre);
	});

	it("refuses to write the same month twice, and changes nothing", () => {
		expect(again.status).toBe(1);
		expect(again.stderr).toContain(`这个数据库里已经有 ${MONTH} 的示例办件`);
	});

	it("follows the state machine from submission to each case's status, with dates in order", () => {
		const [cases, events] = first;
		const byCase = Map.groupBy(events, (e) => e.application_id as number);
		const kindToAction = new Map(Object.entries(EVENT_OF).map(([action, kind]) => [kind as string, action as Action]));
		for (const c of cases) {
			const list = byCase.get(c.id as number) ?? [];
			expect(list[0]).toMatchObject({ kind: "submitted", status: "submitted", actor: "citizen" });
			let status: CaseStatus = "submitted";
			let last = "";
			for (const e of list) {
				expect((e.created_at as string) >= last, `${String(c.tracking_no)} events in order`).toBe(true);
				last = e.created_at as string;
				const action = kindToAction.get(e.kind as string);
				if (action) {
					expect(TRANSITIONS[action].from as readonly string[], `${String(c.tracking_no)}: ${action} from ${status}`).toContain(status);
					status = TRANSITIONS[action].to;
				}
				expect(e.status).toBe(status);
			}
			expect(c.status).toBe(status);
			if (c.closed_at !== null) expect((c.closed_at as string) >= (c.submitted_at as string)).toBe(true);
			expect((c.submitted_at as string).slice(0, 7) <= MONTH).toBe(true);
			expect(chinaDate(new Date(c.updated_at as string)) <= `${MONTH}-31`).toBe(true);
		}
	});

	it("has late, refused, withdrawn, corrected, suspended, running and 全程代办 cases", () => {
		const [cases, , corrections] = first;
		const content = readSeedContent();
		const items = new Map(content.centres.flatMap((c) => c.items.map((o) => [o.item.code, o.item])));
		const late = cases.filter((c) => {
			if (c.status !== "completed") return false;
			const item = items.get(c.item_code as string)!;
			const extension = c.extension_json ? (JSON.parse(c.extension_json as string) as { days: number }).days : 0;
			const promised = { ...item.promisedDeadline, days: item.promisedDeadline.days + extension };
			const suspensions = JSON.parse(c.suspensions_json as string) as { from: string; to: string | null }[];
			const today = chinaDate(new Date(c.closed_at as string));
			return caseClock({ acceptedOn: c.accepted_on as string, promised, suspensions, today }, content.calendar).colour === "red";
		});
		expect(late.length).toBeGreaterThan(0);
		expect(cases.filter((c) => c.status === "not_accepted").length).toBeGreaterThan(0);
		expect(cases.filter((c) => c.status === "withdrawn").length).toBeGreaterThan(0);
		expect(cases.some((c) => c.status === "in_progress" || c.status === "submitted" || c.status === "suspended")).toBe(true);
		expect(corrections.filter((c) => c.answered_at !== null).length).toBeGreaterThan(0);
		expect(cases.some((c) => (JSON.parse(c.suspensions_json as string) as unknown[]).length > 0)).toBe(true);
		const agents = cases.filter((c) => c.agent_id !== null);
		expect(agents.length).toBeGreaterThan(0);
		for (const c of agents) expect(c.mandated).toBe(1);
		for (const centre of ["qingshi", "baihe", "heba"]) {
			const n = cases.filter((c) => c.centre_slug === centre).length;
			expect(n).toBeGreaterThanOrEqual(40);
			expect(n).toBeLessThanOrEqual(80);
		}
	});

	it("has ratings with 差评 follow-ups (one late, one 申诉), complaints and guide feedback", () => {
		const [, , , ratings, followUps, complaints, , feedback] = first;
		expect(ratings.length).toBeGreaterThan(30);
		expect(followUps.length).toBeGreaterThan(0);
		expect(followUps.some((f) => f.finding === "申诉")).toBe(true);
		expect(followUps.some((f) => f.resolved_at !== null && (f.resolved_at as string) > (f.fix_by as string))).toBe(true);
		expect(complaints.length).toBeGreaterThanOrEqual(12);
		expect(complaints.some((c) => c.as_petition === 1)).toBe(true);
		expect(complaints.some((c) => c.extended_at !== null)).toBe(true);
		expect(feedback.length).toBeGreaterThan(0);
	});

	it("encrypts ID numbers as the Worker does: they decrypt with the key to valid numbers", async () => {
		const keys = (await workerCrypto.keysFrom(KEY))!;
		const ciphers = first.at(-1)!;
		for (const c of ciphers.slice(0, 20)) {
			const id = await workerCrypto.decrypt(keys.cipher, c.applicant_id_cipher as string);
			expect(parseIdCard(id ?? "", "2026-12-31")).toEqual({ ok: true, value: id });
			expect(id?.startsWith("110105")).toBe(true);
			expect(await workerCrypto.decrypt(keys.cipher, c.answers_cipher as string)).toMatch(/^\{/);
		}
	});

	it("draws other tracking numbers for another seed", async () => {
		const keys = (await workerCrypto.keysFrom(KEY))!;
		const staff = first.at(-2) as unknown as StaffRow[];
		const plan = (seed: number) => planMonth(readSeedContent(), staff, { month: MONTH, seed, keys, overdueColumn: false });
		const numbers = async (seed: number) =>
			new Set((await plan(seed)).ops.flatMap((op) => [...op.sql.matchAll(/'([3-9A-Y]{4}-[3-9A-Y]{4})'/g)].map((m) => m[1])));
		const [one, two, oneAgain] = await Promise.all([numbers(1), numbers(2), numbers(1)]);
		expect([...one]).toEqual([...oneAgain]);
		expect([...one].filter((n) => two.has(n))).toEqual([]);
		for (const c of first[0]) expect(one.has(c.tracking_no as string)).toBe(true);
	});

	it("refuses --remote without --yes-really, before touching anything", async () => {
		const refused = await main(["--month", MONTH, "--remote", "--pii-key", KEY]);
		expect(refused.status).toBe(1);
		expect(refused.stderr).toContain("--remote 会把虚构的示例办件写进线上数据库");
		expect(refused.stderr).toContain("--yes-really");
		const noMonth = await main(["--persist-to", dirs[1]]);
		expect(noMonth.stderr).toContain("请用 --month 给出月份");
	});
});
