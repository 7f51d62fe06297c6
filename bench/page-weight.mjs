// @ts-check
// What a citizen's phone downloads to read each built page before using search: the HTML plus the
// CSS and JS it links, compressed as the network sends them (gzip and brotli). Run after `npm run build`.
// Usage: npm run bench   (prints a table; writes bench/results/page-weight.json)
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";

const DIST = "dist";
if (!existsSync(join(DIST, "index.html"))) {
	console.error("dist/ is missing: run `npm run build` first.");
	process.exit(1);
}

/** @param {string} path */
const sizes = (path) => {
	const bytes = readFileSync(path);
	return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
};

const pages = readdirSync(DIST, { recursive: true, withFileTypes: true })
	.filter((f) => f.isFile() && f.name.endsWith(".html") && !f.parentPath.includes("pagefind"))
	.map((f) => join(f.parentPath, f.name))
	.sort();

const rows = pages.map((file) => {
	const html = readFileSync(file, "utf8");
	const linked = [...html.matchAll(/<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="(\/[^"]+)"/g)].map((m) => m[1]);
	const parts = [file, ...linked.map((href) => join(DIST, href))].map(sizes);
	const total = (/** @type {"raw" | "gzip" | "brotli"} */ key) => parts.reduce((sum, p) => sum + p[key], 0);
	return {
		page: "/" + relative(DIST, file).replace(/index\.html$/, ""),
		requests: parts.length,
		raw: total("raw"),
		gzip: total("gzip"),
		brotli: total("brotli"),
	};
});

const kb = (/** @type {number} */ n) => (n / 1024).toFixed(1);
console.log("| page | requests | raw KB | gzip KB | brotli KB |");
console.log("|---|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.page} | ${r.requests} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);

mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/page-weight.json", JSON.stringify({ measuredAt: new Date().toISOString(), pages: rows }, null, "\t") + "\n");
