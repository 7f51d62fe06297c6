// @ts-check
// What a citizen's phone downloads to read each page before using search: the HTML plus the CSS and JS it
// links, compressed as the network sends them (gzip and brotli). Run after `npm run build`.
// Two kinds of page: every built page in dist/, read from disk; and the pages the Worker fills from the database
// (办件情况公开: /performance/ and each /centres/<slug>/performance/), fetched from a local Worker on a fresh D1
// with a seeded month (npm run seed:month) after its daily job ran, so they carry a full month's figures,
// charts and overdue reasons. Each Worker page must stay within WORKER_BUDGET_GZIP (exit 1 if not).
// Usage: npm run bench:weight   (prints a table; writes bench/results/page-weight.json)
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { seededState, startLocalWorker } from "../scripts/local-worker.mjs";

const DIST = "dist";
/** The month the Worker pages are filled with, and when its daily job runs (03:00 in China, as the Cron Trigger). */
const SEEDED_MONTH = "2026-03";
const DAILY_RUN = new Date("2026-04-01T03:00:00+08:00");
/** What a Worker-filled page may weigh, gzip, HTML with its CSS and JS (issue 12). */
const WORKER_BUDGET_GZIP = 30 * 1024;

if (!existsSync(join(DIST, "index.html"))) {
	console.error("dist/ is missing: run `npm run build` first.");
	process.exit(1);
}

/** @param {Uint8Array} bytes */
const sizes = (bytes) => ({ raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length });

/** The stylesheets and scripts a page links (same-origin paths). @param {string} html */
const linkedFiles = (html) => [...html.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="(\/[^"]+)"/g)].map((m) => m[1]);

/**
 * @typedef {{ page: string, served: "built" | "worker", requests: number, raw: number, gzip: number, brotli: number }} Row
 * @param {string} page @param {Row["served"]} served @param {Uint8Array[]} files the HTML first, then what it links
 * @returns {Row}
 */
function row(page, served, files) {
	const parts = files.map(sizes);
	const total = (/** @type {"raw" | "gzip" | "brotli"} */ key) => parts.reduce((sum, p) => sum + p[key], 0);
	return { page, served, requests: parts.length, raw: total("raw"), gzip: total("gzip"), brotli: total("brotli") };
}

/** @returns {Row[]} */
function builtPages() {
	return readdirSync(DIST, { recursive: true, withFileTypes: true })
		.filter((f) => f.isFile() && f.name.endsWith(".html") && !f.parentPath.includes("pagefind"))
		.map((f) => join(f.parentPath, f.name))
		.sort()
		.map((file) => {
			const html = readFileSync(file);
			const linked = linkedFiles(html.toString("utf8")).map((href) => readFileSync(join(DIST, href)));
			return row("/" + relative(DIST, file).replace(/index\.html$/, ""), "built", [html, ...linked]);
		});
}

/** @returns {Promise<Row[]>} the Worker-filled pages, each with the month's figures in it */
async function workerPages() {
	const piiKey = randomBytes(32).toString("base64");
	const state = await seededState({ month: SEEDED_MONTH, piiKey });
	const worker = await startLocalWorker({ PII_KEY: piiKey }, { state, keep: true, testScheduled: true }).catch(async (err) => {
		await rm(state, { recursive: true, force: true });
		throw err;
	});
	try {
		await worker.scheduled(DAILY_RUN);
		const get = async (/** @type {string} */ path) => {
			const res = await fetch(worker.baseUrl + path, { signal: AbortSignal.timeout(30_000) });
			if (!res.ok) throw new Error(`${path}: ${res.status}`);
			return new Uint8Array(await res.arrayBuffer());
		};
		// Every centre in content/: seed:month fills each of them.
		const centres = readdirSync("content/centres")
			.filter((f) => f.endsWith(".yaml"))
			.map((f) => f.slice(0, -".yaml".length))
			.sort();
		const paths = ["/performance/", ...centres.map((slug) => `/centres/${slug}/performance/`)];
		const rows = [];
		for (const path of paths) {
			const html = await get(path);
			const text = new TextDecoder().decode(html);
			// A page without the month would weigh less than a citizen gets: refuse to measure it.
			if (!text.includes(`${Number(SEEDED_MONTH.slice(0, 4))}年${Number(SEEDED_MONTH.slice(5))}月`) || !text.includes('role="img"'))
				throw new Error(`${path} does not show the seeded month with its charts`);
			rows.push(row(path, "worker", [html, ...(await Promise.all(linkedFiles(text).map(get)))]));
		}
		return rows;
	} finally {
		await worker.stop();
		await rm(state, { recursive: true, force: true });
	}
}

const rows = [...builtPages(), ...(await workerPages())];
const over = rows.filter((r) => r.served === "worker" && r.gzip > WORKER_BUDGET_GZIP);

const kb = (/** @type {number} */ n) => (n / 1024).toFixed(1);
const servedAs = (/** @type {Row} */ r) => (r.served === "built" ? "built (dist/)" : `Worker, ${SEEDED_MONTH} seeded`);
console.log("| page | served | requests | raw KB | gzip KB | brotli KB |");
console.log("|---|---|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.page} | ${servedAs(r)} | ${r.requests} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
for (const r of over) console.error(`✖ ${r.page}: ${kb(r.gzip)} KB gzip, over the ${kb(WORKER_BUDGET_GZIP)} KB for a Worker page`);

mkdirSync("bench/results", { recursive: true });
writeFileSync(
	"bench/results/page-weight.json",
	JSON.stringify(
		{ measuredAt: new Date().toISOString(), worker: { seededMonth: SEEDED_MONTH, budgetGzip: WORKER_BUDGET_GZIP }, pages: rows },
		null,
		"\t",
	) + "\n",
);
if (over.length > 0) process.exitCode = 1;
