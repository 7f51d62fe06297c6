// The first search a reader makes, in Chromium against the Worker on 127.0.0.1 (the built dist/): open
// /search/, type a query key by key, and measure what search fetched in all (the small index and everything
// under /pagefind/: script, wasm — preloaded with the page —, index chunks and fragments; bytes on the wire)
// and how long after the last keystroke the small index's results for that query, and then the full-text
// results, showed. Each query runs in a
// fresh browser context (an empty cache). Usage: npm run bench:search (after npm run build); writes
// bench/results/search.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../scripts/chromium.mjs";
import { startLocalWorker } from "../scripts/local-worker.mjs";

const QUERIES = ["低保", "低宝", "canjizheng", "我妈七十九了明年能领高龄补贴吗", "家里老房子想拆了重新盖要办啥"];
const RUNS = 3;

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * @param {import("playwright-core").Browser} browser
 * @param {string} baseUrl
 * @param {string} query
 * @returns {Promise<{ bytes: number, requests: number, firstMs: number, doneMs: number }>}
 */
async function firstQuery(browser, baseUrl, query) {
	const context = await browser.newContext();
	const page = await context.newPage();
	// Context-wide, so requests from Pagefind's web worker count too.
	/** @type {Promise<number>[]} */
	const sizes = [];
	const urls = new Set();
	context.on("requestfinished", (request) => {
		const path = new URL(request.url()).pathname;
		if (path !== "/search/index.json" && !path.startsWith("/pagefind/")) return;
		urls.add(path);
		sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
	});
	await page.goto(`${baseUrl}/search/`);
	await page.waitForLoadState("networkidle");
	const input = page.getByLabel("搜索要办的事");
	await input.pressSequentially(query, { delay: 30 });
	const typed = await page.evaluate(() => performance.now());
	await page.waitForFunction((q) => document.querySelector("#search-results")?.getAttribute("data-shown") === q, query);
	const first = await page.evaluate(() => performance.now());
	await page.waitForFunction(
		(q) =>
			document.querySelector("#search-results")?.getAttribute("data-state") === "done" &&
			new URL(location.href).searchParams.get("q") === q,
		query,
	);
	const done = await page.evaluate(() => performance.now());
	await page.waitForLoadState("networkidle");
	const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
	await context.close();
	return { bytes, requests: urls.size, firstMs: Math.max(0, first - typed), doneMs: Math.max(0, done - typed) };
}

const { baseUrl, stop } = await startLocalWorker();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
const rows = [];
try {
	for (const query of QUERIES) {
		/** @type {{ bytes: number, requests: number, firstMs: number, doneMs: number }[]} */
		const runs = [];
		for (let i = 0; i < RUNS; i++) runs.push(await firstQuery(browser, baseUrl, query));
		rows.push({
			query,
			firstQueryKB: +(median(runs.map((r) => r.bytes)) / 1024).toFixed(1),
			requests: median(runs.map((r) => r.requests)),
			firstResultsMs: Math.round(median(runs.map((r) => r.firstMs))),
			fullTextMs: Math.round(median(runs.map((r) => r.doneMs))),
		});
	}
} finally {
	await browser.close();
	await stop();
}
console.table(rows);
mkdirSync("bench/results", { recursive: true });
writeFileSync(
	"bench/results/search.json",
	JSON.stringify({ measuredAt: new Date().toISOString(), runs: RUNS, queries: rows }, null, "\t") + "\n",
);
