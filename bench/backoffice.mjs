// @ts-check
// npm run bench:backoffice: the back office at a year of cases (issue 14 part 6). Seeds about 200,000 fictional
// cases across the report-size city into a scratch local D1 (`npm run seed:year`, in a temporary folder, never
// .wrangler/state), starts the Worker on it, signs in through the development sign-in as the city admin and a
// centre head, and times each back-office request over loopback: the staff list, the deadline board, the searches
// by tracking number, phone and ID number, and the CSV export of one month. Prints median and p95 in ms and
// writes bench/results/backoffice.json. Needs `npm run build` first (the Worker serves dist/).
//
//   node bench/backoffice.mjs [--runs 30] [--state <an earlier --keep run's folder>] [--keep]
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parseArgs } from "node:util";
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { toolsEnv } from "../scripts/tools-env.mjs";

const { values: args } = parseArgs({
	options: { runs: { type: "string", default: "30" }, state: { type: "string" }, keep: { type: "boolean", default: false } },
});
const RUNS = Number(args.runs);
/** The year ends with October 2026; the Worker's today is the Monday after it. */
const TO = "2026-10";
const TODAY = "2026-11-02";
const MONTH = { from: "2026-10-01", to: "2026-10-31" };

/** Seeds the year into a fresh folder (or takes an earlier run's), answering the folder, its key and the seeding time. */
function seeded() {
	if (args.state) return { state: args.state, key: readKey(args.state), seedSeconds: null };
	const state = mkdtempSync(join(tmpdir(), "bianmin-backoffice-"));
	const key = randomBytes(32).toString("base64");
	const started = performance.now();
	const run = spawnSync("node_modules/.bin/tsx", ["scripts/seed-year.ts", "--persist-to", state, "--to", TO, "--pii-key", key], {
		env: toolsEnv(),
		encoding: "utf8",
		stdio: ["ignore", "pipe", "pipe"],
	});
	if (run.status !== 0) throw new Error(`seed:year failed:\n${run.stdout}\n${run.stderr}`);
	process.stdout.write(run.stdout);
	writeFileSync(join(state, "bench-pii-key"), key);
	return { state, key, seedSeconds: (performance.now() - started) / 1000 };
}

/** The PII_KEY an earlier run kept beside its folder's database. @param {string} state */
const readKey = (state) => readFileSync(join(state, "bench-pii-key"), "utf8").trim();

/**
 * Who signs in and what they look for, read from the seeded database before the Worker opens it.
 * @param {string} state
 */
function fixtures(state) {
	const dir = join(state, "v3", "d1", "miniflare-D1DatabaseObject");
	const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
	const db = new DatabaseSync(join(dir, String(file)), { readOnly: true });
	try {
		/** @param {string} q @param {string} column */
		const one = (q, column) => {
			const row = /** @type {Record<string, unknown> | undefined} */ (db.prepare(q).get());
			const value = /** @type {string | number | undefined} */ (row?.[column]);
			return String(value ?? "");
		};
		const centre = one(`SELECT centre_slug AS c, count(*) AS n FROM applications GROUP BY centre_slug ORDER BY n DESC LIMIT 1`, "c");
		// An old case: the search must find it however far back.
		const sample = `SELECT tracking_no, applicant_phone FROM applications ORDER BY submitted_at LIMIT 1 OFFSET 1000`;
		return {
			admin: Number(one(`SELECT id FROM staff WHERE role = 'admin' LIMIT 1`, "id")),
			head: Number(one(`SELECT id FROM staff WHERE role = 'head' AND centre_slug = '${centre}'`, "id")),
			centre,
			centreCases: Number(one(`SELECT count(*) AS n FROM applications WHERE centre_slug = '${centre}'`, "n")),
			cases: Number(one(`SELECT count(*) AS n FROM applications`, "n")),
			running: Number(one(`SELECT count(*) AS n FROM applications WHERE closed_at IS NULL`, "n")),
			trackingNo: one(sample, "tracking_no"),
			phone: one(sample, "applicant_phone"),
		};
	} finally {
		db.close();
	}
}

/** @param {string} baseUrl @param {number} staffId */
async function signIn(baseUrl, staffId) {
	const res = await fetch(`${baseUrl}/staff/sign-in/`, {
		method: "POST",
		redirect: "manual",
		headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
		body: new URLSearchParams({ staff: String(staffId) }).toString(),
	});
	if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
	return String(res.headers.get("set-cookie")).split(";")[0];
}

/** Times `runs` sequential requests; each must answer 200. */
async function time(/** @type {() => Promise<Response>} */ request, runs = RUNS) {
	/** @type {number[]} */
	const ms = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		const res = await request();
		const body = await res.arrayBuffer();
		ms.push(performance.now() - t0);
		if (res.status !== 200) throw new Error(`answered ${res.status}: ${new TextDecoder().decode(body).slice(0, 300)}`);
	}
	ms.sort((a, b) => a - b);
	const at = (/** @type {number} */ p) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)];
	return { median: Math.round(at(0.5) * 10) / 10, p95: Math.round(at(0.95) * 10) / 10, runs };
}

const { state, key, seedSeconds } = seeded();
const f = fixtures(state);
const vars = { PII_KEY: key, DEV_SIGN_IN: "true", DEV_TODAY: TODAY, ACCESS_AUD: "", ACCESS_TEAM_DOMAIN: "" };
const worker = await startLocalWorker(vars, { state, keep: args.keep || !!args.state });
try {
	const { baseUrl } = worker;
	const [admin, head] = [await signIn(baseUrl, f.admin), await signIn(baseUrl, f.head)];
	const get = (/** @type {string} */ cookie, /** @type {string} */ path) => () =>
		fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie } });
	const search = (/** @type {string} */ cookie, /** @type {string} */ q) => () =>
		fetch(`${baseUrl}/api/staff/cases/search`, {
			method: "POST",
			headers: { Cookie: cookie, "Content-Type": "application/json", Origin: baseUrl },
			body: JSON.stringify({ q }),
		});
	// The first request works out the stored clock of every running case (as after migration 0014).
	const first = await time(get(admin, "/api/staff/cases"), 1);
	const revealed = await fetch(`${baseUrl}/api/staff/cases/${f.trackingNo}/reveal-id`, {
		method: "POST",
		headers: { Cookie: admin, Origin: baseUrl },
	});
	/** @type {unknown} */
	const revealedBody = await revealed.json();
	const idNumber = String(/** @type {{ idNumber?: string }} */ (revealedBody).idNumber ?? "");
	if (!idNumber) throw new Error(`reveal-id answered ${revealed.status}`);
	const csv = `/api/staff/cases/export.csv?from=${MONTH.from}&to=${MONTH.to}`;
	/** @type {[string, () => Promise<Response>][]} */
	const cases = [
		["staff list, admin (city)", get(admin, "/api/staff/cases")],
		["staff list, head (one centre)", get(head, "/api/staff/cases")],
		["board: /staff/ page, head", get(head, "/staff/")],
		["board: due=red, admin", get(admin, "/api/staff/cases?due=red")],
		["search by tracking number, admin", search(admin, f.trackingNo)],
		["search by phone, admin", search(admin, f.phone)],
		["search by ID number, admin", search(admin, idNumber)],
		[`CSV export ${TO}, head`, get(head, csv)],
		[`CSV export ${TO}, admin (city)`, get(admin, csv)],
	];
	/** @type {Record<string, { median: number, p95: number, runs: number }>} */
	const results = {};
	for (const [name, request] of cases) results[name] = await time(request);

	const rows = Object.entries(results).map(([name, r]) => [name, r.median.toFixed(1), r.p95.toFixed(1)]);
	const width = Math.max(...rows.map((r) => r[0].length));
	console.log(
		`\n${f.cases} cases (${f.running} running), busiest centre ${f.centre} with ${f.centreCases}; today ${TODAY}; ${RUNS} runs each\n`,
	);
	console.log(`${"request".padEnd(width)}  median ms   p95 ms`);
	for (const [name, median, p95] of rows) console.log(`${name.padEnd(width)}  ${median.padStart(9)}  ${p95.padStart(7)}`);
	console.log(`\nfirst request after seeding (works out every running case's stored clock): ${first.median.toFixed(0)} ms`);
	if (seedSeconds !== null) console.log(`seed:year: ${seedSeconds.toFixed(0)} s`);

	mkdirSync("bench/results", { recursive: true });
	const out = { measuredAt: new Date().toISOString(), today: TODAY, seedSeconds, firstRequestMs: first.median, ...f, results };
	writeFileSync("bench/results/backoffice.json", `${JSON.stringify(out, null, "\t")}\n`);
	console.log("wrote bench/results/backoffice.json");
} finally {
	await worker.stop();
}
