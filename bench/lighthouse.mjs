// @ts-check
// Lighthouse (mobile: emulated phone, simulated slow 4G and CPU) on the home page, a guide, a centre
// page and a search, against the Worker on 127.0.0.1. Run after `npm run build`.
// Usage: npm run bench:lighthouse   (prints a table; writes bench/results/lighthouse.json)
import { mkdirSync, writeFileSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../scripts/chromium.mjs";
import { startLocalWorker } from "../scripts/local-worker.mjs";

const PAGES = ["/", "/items/dibao/", "/centres/qingshi/", "/search/?q=%E4%BD%8E%E4%BF%9D"];
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

const { baseUrl, stop } = await startLocalWorker();
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS });
const rows = [];
try {
	for (const path of PAGES) {
		const result = await lighthouse(baseUrl + path, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES });
		if (!result) throw new Error(`Lighthouse gave no result for ${path}`);
		const { categories, audits } = result.lhr;
		const score = (/** @type {string} */ id) => Math.round((categories[id]?.score ?? 0) * 100);
		rows.push({
			page: decodeURI(path),
			performance: score("performance"),
			accessibility: score("accessibility"),
			bestPractices: score("best-practices"),
			seo: score("seo"),
			fcpMs: Math.round(audits["first-contentful-paint"]?.numericValue ?? 0),
			lcpMs: Math.round(audits["largest-contentful-paint"]?.numericValue ?? 0),
			transferKB: Math.round((audits["total-byte-weight"]?.numericValue ?? 0) / 102.4) / 10,
		});
	}
} finally {
	chrome.kill();
	await stop();
}

console.log("| page | performance | accessibility | best practices | SEO | FCP ms | LCP ms | transfer KB |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
	console.log(
		`| ${r.page} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.fcpMs} | ${r.lcpMs} | ${r.transferKB} |`,
	);
}
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/lighthouse.json", JSON.stringify({ measuredAt: new Date().toISOString(), pages: rows }, null, "\t") + "\n");
