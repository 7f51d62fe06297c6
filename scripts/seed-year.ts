// npm run seed:year -- --persist-to <dir> [--to 2026-10] [--per-centre 120-163] [--seed 1]: a year of fictional cases
// at the report's size (issue 14 part 6) — about 200,000 cases over the 118 centres and 2,095 stations of
// `npm run gen:city`'s city, with the back office's staff for each — into a local D1 with no Worker running on it.
//
// Each month is scripts/seed-month.ts planMonth(), unchanged: the same rows, timeline notes, audit entries, 补正,
// 挂起, 延长, ratings and complaints the Worker writes for the same steps. Only the writing differs: a month of the
// city is some 16,000 cases and 130,000 statements, which `wrangler d1 execute --file` takes minutes over, so this
// script applies the migrations with wrangler and then writes straight into the SQLite file wrangler's local D1
// keeps under <dir>/v3/d1/ (node:sqlite, one transaction per month). The cases take only the sample items that
// have an online form (gen:city's clones such as dibao-c31 are not in the sample site's built data, which the
// Worker reads), spread over the generated centres and stations, so a Worker on the ordinary `dist/` can show and
// time every one of them. Deterministic: the same --to, --per-centre and --seed write the same rows (ciphertexts
// aside). The board's stored clocks (migration 0014) are left to the Worker, which works them out on its first
// request, as it does on any database migrated to 0014.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chinaDate } from "../core/calendar";
import { generateCity } from "./gen-city";
import { SeedError, type SeedContent, type StaffRow, planMonth, readSeedContent, workerCrypto } from "./seed-month";
import { toolsEnv } from "./tools-env.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const USAGE = `用法：npm run seed:year -- --persist-to <目录> [--to YYYY-MM] [--per-centre 最少-最多] [--seed 数字] [--pii-key 密钥]

往本机数据库写一年的示例办件（全部虚构），按报告的规模：npm run gen:city 生成的 118 个中心、2,095 个村站，
每个中心每月 120—163 件（默认），一年约 20 万件；每个月的写法和 npm run seed:month 完全一样。
写之前先建好目录里的数据库（运行迁移）；写的时候不能有 Worker 在用这个目录。

选项：
  --persist-to 目录   本机数据库所在的目录（必填；例如 npm run bench:backoffice 用的临时目录）
  --to YYYY-MM        最后一个月（默认上个月），往前共 12 个月；工作日历要有这些年份
  --per-centre a-b    每个中心每月的办件数范围（默认 120-163）
  --seed 数字         随机种子（默认 1）
  --pii-key 密钥      加密身份证号用的 PII_KEY（base64 的 32 字节）`;

function parse(argv: string[]) {
	try {
		return parseArgs({
			args: argv,
			strict: true,
			options: {
				help: { type: "boolean", short: "h" },
				"persist-to": { type: "string" },
				to: { type: "string" },
				"per-centre": { type: "string" },
				seed: { type: "string" },
				"pii-key": { type: "string" },
			},
		}).values;
	} catch (err) {
		throw new SeedError(`选项写法不对（${err instanceof Error ? err.message : String(err)}）。运行 npm run seed:year -- --help 查看用法。`);
	}
}

/** The twelve months ending with `to`, oldest first. */
export function monthsEnding(to: string): string[] {
	const [y, m] = to.split("-").map(Number);
	return Array.from({ length: 12 }, (_, i) => {
		const n = y * 12 + (m - 1) - (11 - i);
		return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
	});
}

/** The generated city's centres and stations, offering only the sample items with an online form. */
function cityContent(): SeedContent {
	const dir = mkdtempSync(join(tmpdir(), "bianmin-year-city-"));
	try {
		generateCity({ scale: 1, out: dir });
		const sample = new Set(readSeedContent(ROOT).centres.flatMap((c) => c.items.map((o) => o.item.code)));
		const city = readSeedContent(dir);
		return { ...city, centres: city.centres.map((c) => ({ ...c, items: c.items.filter((o) => sample.has(o.item.code)) })) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** The back office of every centre: the city admin, a head, the A post of each window, an agent per station. */
function insertStaff(db: DatabaseSync, content: SeedContent): StaffRow[] {
	const now = new Date().toISOString();
	const insert = db.prepare(
		`INSERT INTO staff (email, name, role, centre_slug, station_slug, window_department, post, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	);
	const add = (email: string, name: string, role: string, centre: string | null, station: string | null, window: string | null) =>
		insert.run(email, name, role, centre, station, window, role === "clerk" ? "A" : null, now, now);
	add("admin@example.gov.cn", "钱示范", "admin", null, null, null);
	for (const c of content.centres) {
		add(`head.${c.slug}@example.gov.cn`, `${c.name.slice(0, 2)}主任`, "head", c.slug, null, null);
		for (const w of new Set(c.items.map((o) => o.window))) add(`${w}.a.${c.slug}@example.gov.cn`, `${w}窗口A岗`, "clerk", c.slug, null, w);
		for (const s of c.stations) add(`agent.${s.slug}@example.gov.cn`, "示例代办员", "agent", c.slug, s.slug, null);
	}
	return db
		.prepare(`SELECT id, email, name, role, centre_slug, station_slug, window_department, post FROM staff WHERE active = 1 ORDER BY id`)
		.all() as unknown as StaffRow[];
}

/** The SQLite file of the local D1 in `persistTo`, migrated first by wrangler. */
function migratedDatabase(persistTo: string): string {
	const run = spawnSync(
		join(ROOT, "node_modules/.bin/wrangler"),
		["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo],
		{
			cwd: ROOT,
			env: toolsEnv(),
			encoding: "utf8",
			stdio: ["ignore", "pipe", "pipe"],
			timeout: 180_000,
		},
	);
	if (run.status !== 0)
		throw new SeedError(`迁移本机数据库没有成功：${(run.stderr || run.stdout).trim().split("\n").slice(-5).join("\n")}`);
	const dir = join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
	const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
	if (files.length !== 1) throw new SeedError(`${dir} 里应当只有一个数据库文件，找到 ${files.length} 个：请换一个空目录。`);
	return join(dir, files[0]);
}

interface YearOptions {
	persistTo: string;
	to: string;
	perCentre: [number, number];
	seed: number;
	piiKey: string;
}

/** Writes the year; returns what it wrote. */
export async function seedYear(o: YearOptions): Promise<{ cases: number; running: number; months: string[]; seconds: number }> {
	const started = performance.now();
	const months = monthsEnding(o.to);
	const content = cityContent();
	for (const m of months)
		if (!content.calendar.covers(`${m}-01`))
			throw new SeedError(`工作日历没有 ${m.slice(0, 4)} 年的数据：请先在 content/calendar/ 里添加。`);
	const keys = await workerCrypto.keysFrom(o.piiKey);
	if (!keys) throw new SeedError("PII_KEY 不对：要是 32 个随机字节的 base64（例如 openssl rand -base64 32 生成的）。");
	const db = new DatabaseSync(migratedDatabase(o.persistTo));
	try {
		const seeded = db.prepare(`SELECT count(*) AS n FROM applications WHERE idempotency_key LIKE 'seed-%'`).get() as { n: number };
		if (seeded.n > 0) throw new SeedError(`这个数据库里已经有 ${seeded.n} 件示例办件：一年的示例只写进空的数据库，请换一个空目录。`);
		const staff = insertStaff(db, content);
		const taken = new Set<string>();
		for (const month of months) {
			const plan = await planMonth(content, staff, { month, seed: o.seed, keys, overdueColumn: true, taken, perCentre: o.perCentre });
			db.exec("BEGIN");
			for (const op of plan.ops) db.exec(op.sql);
			db.exec("COMMIT");
		}
		const detail = JSON.stringify({ seed: o.seed, to: o.to, perCentre: o.perCentre, cases: taken.size });
		db.prepare(
			`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json) VALUES (?, 'cli', 'seed.year', 'seed', ?, NULL, ?)`,
		).run(new Date().toISOString(), o.to, detail);
		const count = db.prepare(`SELECT count(*) AS n, count(*) FILTER (WHERE closed_at IS NULL) AS running FROM applications`).get() as {
			n: number;
			running: number;
		};
		return { cases: count.n, running: count.running, months, seconds: (performance.now() - started) / 1000 };
	} finally {
		db.close();
	}
}

/** Runs one command line and returns what to print; a SeedError for anything the user can fix. */
export async function run(argv: string[]): Promise<string> {
	const values = parse(argv);
	if (values.help) return USAGE;
	if (!values["persist-to"]) throw new SeedError("请用 --persist-to 给出本机数据库的目录（不能有 Worker 正在用它）。");
	const lastMonth = chinaDate(new Date(Date.now() - 31 * 86_400_000)).slice(0, 7);
	const to = values.to ?? lastMonth;
	if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(to)) throw new SeedError(`--to 要写成 YYYY-MM，例如 --to 2026-10（收到「${to}」）。`);
	const range = /^(\d+)-(\d+)$/.exec(values["per-centre"] ?? "120-163");
	const perCentre: [number, number] = range ? [Number(range[1]), Number(range[2])] : [0, -1];
	if (perCentre[0] < 1 || perCentre[1] < perCentre[0])
		throw new SeedError(`--per-centre 要写成 最少-最多，例如 120-163（收到「${values["per-centre"]}」）。`);
	const seed = Number(values.seed ?? "1");
	if (!Number.isSafeInteger(seed) || seed < 0) throw new SeedError(`--seed 要是非负整数，收到「${values.seed}」。`);
	if (!values["pii-key"]) throw new SeedError("请用 --pii-key 给出加密身份证号用的 PII_KEY（和启动 Worker 时的一样）。");
	const done = await seedYear({ persistTo: resolve(values["persist-to"]), to, perCentre, seed, piiKey: values["pii-key"] });
	return `已写入 ${done.months[0]} 至 ${done.months[11]} 的示例办件 ${done.cases} 件（仍在办理 ${done.running} 件），用时 ${done.seconds.toFixed(0)} 秒（全部虚构）。`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		console.log(await run(process.argv.slice(2)));
	} catch (err) {
		if (!(err instanceof SeedError)) throw err;
		console.error(`✖ ${err.message}`);
		process.exitCode = 1;
	}
}
