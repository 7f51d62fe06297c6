// The first search a reader makes, in Chromium against the Worker on 127.0.0.1 (the built dist/): open
// /search/, type a query key by key, and measure
// - what search fetched in all until the results stopped changing: the small index and everything under
//   /pagefind/ (engine, wasm, index chunks, excerpts), bytes on the wire;
// - how long after the last keystroke (its input event) the small index's results for that query showed;
// - how long after it the full-text results showed, or, where the small index found the query by an alias and
//   the full text waits to be asked for, what asking costs (a click on the button: bytes and time).
// Times are taken in the page (event time stamps and the next frame), not over the DevTools protocol. Each
// query runs in a fresh browser context (an empty cache); the median of RUNS is kept. Printed beside the
// issue's targets and the figures before the full text waited (issue 13). Usage: npm run bench:search (after
// npm run build); writes bench/results/search.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../scripts/chromium.mjs";
import { startLocalWorker } from "../scripts/local-worker.mjs";

const QUERIES = ["低保", "低宝", "canjizheng", "我妈七十九了明年能领高龄补贴吗", "家里老房子想拆了重新盖要办啥"];
const RUNS = 3;
/** Issue 13: the first query fetches at most this much in all, and shows results this soon after the last keystroke. */
const TARGET = { firstQueryKB: 100, resultsMs: 150 };
/**
 * Measured the same way (sample site, this machine, median of 3) before the full text waited for a pause in
 * typing and for weak small-index results, when every keystroke ran Pagefind: KB, ms to the small index's
 * results, ms to the full text's. Those byte counts left out the web worker's script (about 12 KB), which the
 * DevTools protocol reports without a body; the figures now take its size from the page's resource timing.
 */
const BEFORE = {
	低保: [195, 191, 1472],
	低宝: [196, 225, 1158],
	canjizheng: [82, 162, 173],
	我妈七十九了明年能领高龄补贴吗: [327, 352, 456],
	家里老房子想拆了重新盖要办啥: [215, 428, 450],
};

/**
 * When the last keystroke and the last click happened, and per query text when its results last showed and
 * last settled.
 * @typedef {{ lastKey: number, click: number, shown: Map<string | undefined, number>, done: Map<string | undefined, number> }} Marks
 */

/** Runs in the page before its own scripts. */
function instrument() {
	/** @type {Marks} */
	const marks = { lastKey: 0, click: 0, shown: new Map(), done: new Map() };
	Object.assign(window, { __search: marks });
	document.addEventListener("input", (e) => (marks.lastKey = e.timeStamp), true);
	document.addEventListener("click", (e) => (marks.click = e.timeStamp), true);
	/** @param {Map<string | undefined, number>} map @param {string | undefined} key */
	const frame = (map, key) => requestAnimationFrame(() => map.set(key, performance.now()));
	new MutationObserver((records) => {
		for (const r of records) {
			const el = /** @type {HTMLElement} */ (r.target);
			if (r.attributeName === "data-shown") frame(marks.shown, el.dataset.shown);
			else if (el.dataset.state === "done") frame(marks.done, el.dataset.shown);
		}
	}).observe(document, { subtree: true, attributeFilter: ["data-shown", "data-state"] });
}

/**
 * How long after the last keystroke (or click) the query's results showed (or settled).
 * @param {import("playwright-core").Page} page
 * @param {"shown" | "done"} kind
 * @param {string} query
 * @param {"lastKey" | "click"} from
 */
async function markOf(page, kind, query, from = "lastKey") {
	const handle = await page.waitForFunction(
		({ k, q, f }) => {
			const m = /** @type {{ __search: Marks }} */ (/** @type {unknown} */ (window)).__search;
			const at = m[k].get(q);
			return at !== undefined && at > m[f] && { ms: at - m[f] };
		},
		{ k: kind, q: query, f: from },
	);
	const { ms } = /** @type {{ ms: number }} */ (await handle.jsonValue());
	return ms;
}

/**
 * @param {import("playwright-core").Browser} browser
 * @param {string} baseUrl
 * @param {string} query
 */
async function firstQuery(browser, baseUrl, query) {
	const context = await browser.newContext();
	await context.addInitScript(instrument);
	const page = await context.newPage();
	// Context-wide, so the requests Pagefind's web worker makes count too.
	/** @type {Promise<{ url: string, body: number, headers: number }>[]} */
	let sizes = [];
	context.on("requestfinished", (request) => {
		const path = new URL(request.url()).pathname;
		if (path !== "/search/index.json" && !path.startsWith("/pagefind/")) return;
		sizes.push(request.sizes().then((s) => ({ url: request.url(), body: s.responseBodySize, headers: s.responseHeadersSize })));
	});
	const fetched = async () => {
		await page.waitForLoadState("networkidle");
		const all = await Promise.all(sizes);
		sizes = [];
		// The protocol reports no body for the web worker's own script; the page's resource timing has it.
		const timeline = new Map(
			await page.evaluate(() =>
				performance.getEntriesByType("resource").map((e) => [e.name, /** @type {PerformanceResourceTiming} */ (e).encodedBodySize]),
			),
		);
		const bytes = all.reduce((sum, r) => sum + r.headers + (r.body || (timeline.get(r.url) ?? 0)), 0);
		return { bytes, requests: all.length };
	};
	await page.goto(`${baseUrl}/search/`);
	await page.waitForLoadState("networkidle");
	await page.getByLabel("搜索要办的事").pressSequentially(query, { delay: 30 });
	const shownMs = await markOf(page, "shown", query);
	const doneMs = await markOf(page, "done", query);
	const { bytes, requests } = await fetched();
	const more = page.locator("#search-more[data-action=full-text]");
	/** @type {{ bytes: number, ms: number } | null} */
	let onRequest = null;
	// The full text waited for the reader: what asking for it costs.
	if (await more.isVisible()) {
		await more.click();
		const ms = await markOf(page, "done", query, "click");
		onRequest = { bytes: (await fetched()).bytes, ms };
	}
	await context.close();
	return { bytes, requests, shownMs, fullTextMs: onRequest ? null : doneMs, onRequest };
}

/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** @param {number} bytes */
const kb = (bytes) => +(bytes / 1024).toFixed(1);

/** @param {string} query @param {Awaited<ReturnType<typeof firstQuery>>[]} runs */
function row(query, runs) {
	const [beforeKB, beforeMs, beforeFullMs] = BEFORE[/** @type {keyof typeof BEFORE} */ (query)];
	const asked = runs.filter((r) => r.onRequest).map((r) => /** @type {{ bytes: number, ms: number }} */ (r.onRequest));
	const waited = asked.length > runs.length / 2;
	const firstQueryKB = kb(median(runs.map((r) => r.bytes)));
	const resultsMs = Math.round(median(runs.map((r) => r.shownMs)));
	return {
		query,
		firstQueryKB,
		firstQueryKBBefore: beforeKB,
		requests: median(runs.map((r) => r.requests)),
		resultsMs,
		resultsMsBefore: beforeMs,
		/** Null where the full text waited for the reader to ask (fullTextOnRequest). */
		fullTextMs: waited
			? null
			: Math.round(median(runs.filter((r) => r.fullTextMs !== null).map((r) => /** @type {number} */ (r.fullTextMs)))),
		fullTextMsBefore: beforeFullMs,
		fullTextOnRequest: waited ? { KB: kb(median(asked.map((a) => a.bytes))), ms: Math.round(median(asked.map((a) => a.ms))) } : null,
		withinTargets: firstQueryKB <= TARGET.firstQueryKB && resultsMs <= TARGET.resultsMs,
	};
}

const { baseUrl, stop } = await startLocalWorker();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
const rows = [];
try {
	for (const query of QUERIES) {
		const runs = [];
		for (let i = 0; i < RUNS; i++) runs.push(await firstQuery(browser, baseUrl, query));
		rows.push(row(query, runs));
	}
} finally {
	await browser.close();
	await stop();
}
console.log(`First query: targets ≤ ${TARGET.firstQueryKB} KB fetched in all, results ≤ ${TARGET.resultsMs} ms after the last keystroke.`);
console.table(
	rows.map((r) => ({
		query: r.query,
		[`KB (≤${TARGET.firstQueryKB})`]: r.firstQueryKB,
		"KB before": r.firstQueryKBBefore,
		requests: r.requests,
		[`results ms (≤${TARGET.resultsMs})`]: r.resultsMs,
		"results ms before": r.resultsMsBefore,
		"full text ms": r.fullTextMs ?? "on request",
		"full text ms before": r.fullTextMsBefore,
		"on request": r.fullTextOnRequest ? `${r.fullTextOnRequest.KB} KB, ${r.fullTextOnRequest.ms} ms` : "",
		"within targets": r.withinTargets ? "yes" : "no",
	})),
);
mkdirSync("bench/results", { recursive: true });
writeFileSync(
	"bench/results/search.json",
	JSON.stringify({ measuredAt: new Date().toISOString(), runs: RUNS, target: TARGET, queries: rows }, null, "\t") + "\n",
);
