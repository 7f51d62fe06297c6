// @ts-check
// Load on the Worker's citizen API over loopback: GET /api/health (the baseline: one D1 read), submitting
// applications (each request a new Idempotency-Key, so a new case) and looking cases up. Then checks that
// every acknowledged submission is one stored row, no more and no less. Run after `npm run build`.
// Fair to every route: the same connections, the same client header, a warm-up slice each, then rounds of
// short slices, every route in turn in each round, so a machine whose load drifts weighs on all alike.
// Usage: npm run bench:api   (prints a table; writes bench/results/applications.json; exits 1 on a mismatch)
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { toolsEnv } from "../scripts/tools-env.mjs";

const CONNECTIONS = 10;
const ROUNDS = 5;
const SLICE_S = 2;
const WARM_UP_S = 2;
const LOOKUP_CASES = 50;
const WRANGLER = "node_modules/.bin/wrangler";
// Many citizens, not one: every request names its own client in a header the Worker is told to trust, so the
// per-client limits (Workers Rate Limiting bindings, wrangler.toml) count as in production without biting.
const VARS = { CLIENT_IP_HEADER: "X-Bench-Client" };
let clients = 0;
const client = () => ({ "x-bench-client": `bench-${clients++}` });

/**
 * The parts of autocannon used here (it ships no types).
 * @typedef {{ method?: string, path?: string, headers?: Record<string, string>, body?: string }} Request
 * @typedef {Request & {
 *   setupRequest?: (req: Request, context: Record<string, unknown>) => Request,
 *   onResponse?: (status: number, body: string, context: Record<string, unknown>) => void }} RequestStep
 * @typedef {{ url: string, connections?: number, duration?: number, requests?: RequestStep[] }} Options
 * @typedef {{ requests: { mean: number, total: number }, latency: { p50: number, p99: number },
 *   non2xx: number, errors: number, timeouts: number, statusCodeStats: Record<string, { count: number }> }} Result
 */
/** @type {unknown} */
const required = createRequire(import.meta.url)("autocannon");
const autocannon = /** @type {(options: Options) => Promise<Result>} */ (required);

/** ISO 7064 MOD 11-2, as core/idcard.ts computes it. @param {string} first17 */
function idCardCheckChar(first17) {
	const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
	return "10X98765432"[sum % 11];
}

const SURNAMES = [..."张王李赵刘陈杨黄周吴"];

/** A valid 高龄津贴 application at 青石镇 (born 1940, so 80+), varied by n. @param {number} n */
function application(n) {
	const first17 = `11010519400512${String((n % 999) + 1).padStart(3, "0")}`;
	return {
		item: "gaoling-jintie",
		centre: "qingshi",
		applicant: {
			name: `${SURNAMES[n % SURNAMES.length]}三`,
			idNumber: first17 + idCardCheckChar(first17),
			phone: `138${String(n % 100_000_000).padStart(8, "0")}`,
			village: "shiqiao",
		},
		answers: { applyFor: "为自己申请", payAccount: "社会保障卡", homeVisit: "不需要" },
		consent: true,
	};
}

const JSON_HEADERS = { "content-type": "application/json" };
const prefix = randomBytes(6).toString("hex");

/**
 * Submits application n with its key, as a careful client would: a 5xx is sent again with the same key.
 * @param {string} baseUrl @param {string} key @param {number} n
 */
async function submit(baseUrl, key, n) {
	for (let attempt = 1; ; attempt++) {
		const res = await fetch(`${baseUrl}/api/applications`, {
			method: "POST",
			headers: { ...JSON_HEADERS, ...client(), "Idempotency-Key": key },
			body: JSON.stringify(application(n)),
		});
		if (res.status < 500 || attempt === 3) return res;
		await res.arrayBuffer();
		await new Promise((r) => setTimeout(r, 500 * attempt));
	}
}

/** Rows in the local D1's applications table. @param {string} state */
function storedRows(state) {
	const args = ["d1", "execute", "DB", "--local", "--persist-to", state, "--json"];
	args.push("--command", "SELECT count(*) AS n FROM applications");
	const run = spawnSync(WRANGLER, args, { env: toolsEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
	if (run.status !== 0) throw new Error(`wrangler d1 execute failed:\n${run.stdout}\n${run.stderr}`);
	/** @type {unknown} */
	const parsed = JSON.parse(run.stdout);
	const n = /** @type {[{ results?: [{ n?: unknown }] }] | undefined} */ (parsed)?.[0]?.results?.[0]?.n;
	if (typeof n !== "number") throw new Error(`Unexpected answer from wrangler d1 execute:\n${run.stdout}`);
	return n;
}

const { baseUrl, state, stop } = await startLocalWorker(VARS);
/** @type {Map<string, Result[]>} */
const slices = new Map();
let report;
try {
	// Cases to look up, made before the runs.
	/** @type {{ trackingNo: string, queryCode: string }[]} */
	const cases = [];
	for (let i = 0; i < LOOKUP_CASES; i++) {
		const res = await submit(baseUrl, `${prefix}-pool-${i}`, 1_000_000 + i);
		if (res.status !== 201) throw new Error(`Making lookup case ${i}: ${res.status} ${await res.text()}`);
		/** @type {unknown} */
		const receipt = await res.json();
		const { trackingNo, queryCode } = /** @type {{ trackingNo: string, queryCode: string }} */ (receipt);
		cases.push({ trackingNo, queryCode });
	}

	// Every submission gets a new key (a new case). With one request in flight per connection, the key of the
	// answer is the one set up last on that connection's context.
	/** @type {Map<string, number>} */
	const issued = new Map();
	/** @type {Set<string>} */
	const acknowledged = new Set();
	let next = 0;
	let turn = 0;
	/** @type {[string, RequestStep][]} */
	const routes = [
		[
			"GET /api/health",
			{ method: "GET", path: "/api/health", setupRequest: (req) => ({ ...req, headers: { ...req.headers, ...client() } }) },
		],
		[
			"POST /api/applications",
			{
				method: "POST",
				path: "/api/applications",
				setupRequest: (req, context) => {
					const n = next++;
					const key = `${prefix}-${n}`;
					issued.set(key, n);
					context.key = key;
					return {
						...req,
						headers: { ...req.headers, ...JSON_HEADERS, ...client(), "idempotency-key": key },
						body: JSON.stringify(application(n)),
					};
				},
				onResponse: (status, _body, context) => {
					if (status === 201) acknowledged.add(/** @type {string} */ (context.key));
				},
			},
		],
		[
			"POST /api/applications/lookup",
			{
				method: "POST",
				path: "/api/applications/lookup",
				setupRequest: (req) => ({
					...req,
					headers: { ...req.headers, ...JSON_HEADERS, ...client() },
					body: JSON.stringify(cases[turn++ % cases.length]),
				}),
			},
		],
	];
	/** @param {RequestStep} step @param {number} duration */
	const slice = (step, duration) => autocannon({ url: baseUrl, connections: CONNECTIONS, duration, requests: [step] });
	for (const [, step] of routes) await slice(step, WARM_UP_S);
	// Round after round, each route in turn: the machine's load drifts, and each route meets the same drift.
	for (let round = 0; round < ROUNDS; round++)
		for (const [route, step] of routes) slices.set(route, [...(slices.get(route) ?? []), await slice(step, SLICE_S)]);

	// autocannon drops the requests still in flight when a slice's time is up (and may have built one it never
	// sent): the Worker may have stored those without anyone hearing the 201. Send each again with its key,
	// as a client retrying would: stored ones answer as replays, the others are made now.
	await new Promise((r) => setTimeout(r, 1000));
	const unanswered = [...issued].filter(([key]) => !acknowledged.has(key));
	let replayedStored = 0;
	let createdOnRetry = 0;
	/** @type {string[]} */
	const retryFailures = [];
	for (const [key, n] of unanswered) {
		const res = await submit(baseUrl, key, n);
		await res.arrayBuffer();
		if (res.status !== 201) retryFailures.push(`${key}: ${res.status}`);
		else if (res.headers.get("idempotent-replayed") === "true") replayedStored++;
		else createdOnRetry++;
	}

	const rows = storedRows(state);
	const during = acknowledged.size;
	const acked = during + replayedStored + createdOnRetry;
	report = {
		submissions: {
			keysIssued: issued.size,
			answered201: during,
			unansweredAtCutOff: unanswered.length,
			retriedAndFoundStored: replayedStored,
			retriedAndCreated: createdOnRetry,
			retryFailures,
			acknowledged: acked,
		},
		lookupCases: cases.length,
		rowsStored: rows,
		match: rows === acked + cases.length && retryFailures.length === 0,
	};
} finally {
	await stop();
}

/** A route's slices as one run: requests over the whole time, the median slice's p50, the worst slice's p99. */
const combined = [...slices].map(([route, results]) => {
	const total = results.reduce((n, r) => n + r.requests.total, 0);
	const p50s = results.map((r) => r.latency.p50).sort((a, b) => a - b);
	/** @type {Record<string, number>} */
	const statusCodes = {};
	for (const r of results)
		for (const [code, { count }] of Object.entries(r.statusCodeStats)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
	return {
		route,
		requests: total,
		rps: total / (ROUNDS * SLICE_S),
		p50Ms: p50s[Math.floor(p50s.length / 2)],
		p99Ms: Math.max(...results.map((r) => r.latency.p99)),
		non2xx: results.reduce((n, r) => n + r.non2xx, 0),
		errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
		statusCodes,
	};
});
const baseline = combined[0].rps;
const rows = combined.map((r) => ({ ...r, rps: Math.round(r.rps), vsBaseline: Math.round((r.rps / baseline) * 100) / 100 }));

console.log(
	`${CONNECTIONS} connections, 127.0.0.1 (wrangler dev, local D1); per route a ${WARM_UP_S} s warm-up, then ${ROUNDS} rounds` +
		` of ${SLICE_S} s slices, the routes in turn (p50: the median slice's; p99: the worst slice's)`,
);
console.log("| route | requests/s (mean) | p50 ms | p99 ms | × baseline | non-2xx |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.route} | ${r.rps} | ${r.p50Ms} | ${r.p99Ms} | ${r.vsBaseline.toFixed(2)} | ${r.non2xx} |`);
const s = report.submissions;
console.log(
	`acknowledged submissions: ${s.acknowledged + report.lookupCases} (201 answers) · rows stored: ${report.rowsStored}` +
		` — ${s.answered201} during the runs (warm-up and measured), ${report.lookupCases} lookup cases made before it,` +
		` ${s.unansweredAtCutOff} cut off in flight and retried with their key` +
		` (${s.retriedAndFoundStored} already stored, ${s.retriedAndCreated} made on retry)`,
);
for (const failure of s.retryFailures) console.error(`retry did not answer 201: ${failure}`);
console.log(report.match ? "OK" : "MISMATCH: acknowledged submissions and stored rows differ");

mkdirSync("bench/results", { recursive: true });
writeFileSync(
	"bench/results/applications.json",
	JSON.stringify(
		{
			measuredAt: new Date().toISOString(),
			connections: CONNECTIONS,
			warmUpSeconds: WARM_UP_S,
			rounds: ROUNDS,
			sliceSeconds: SLICE_S,
			routes: rows,
			...report,
		},
		null,
		"\t",
	) + "\n",
);
if (!report.match) process.exitCode = 1;
