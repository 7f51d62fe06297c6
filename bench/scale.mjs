// @ts-check
// The product at the report's size and beyond: for each scale, `npm run gen:city` writes a whole city (1× = 118
// township centres, 2,095 village stations, 81 items) into a scratch folder, `astro build` builds it there
// (BIANMIN_CONTENT_ROOT, never into dist/), and this measures the build (wall time, peak memory), what it wrote
// (dist and Pagefind index sizes, the largest and median page of each kind, raw and gzip, against the page
// budgets) and the Worker on it (cold start, the first and later requests that need the built data, and the
// data files a request reads), beside the same Worker figures on the sample city (built into a scratch folder too), so
// the cold start's ratio to the sample city's is in the results. The API's throughput is `npm run bench:api`.
// Usage: npm run bench:scale -- [--scales 1,2,4] [--keep]   (prints tables; writes bench/results/scale.json)
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { toolsEnv } from "../scripts/tools-env.mjs";

/** The page budgets at the report's size. */
const BUDGET = { raw: 120 * 1024, gzip: 30 * 1024 };
/**
 * The data files the Worker reads through its assets binding, and which requests read them (worker/src/lib/).
 * <item> and <centre> are the bench's application's: one item's form, one township's data.
 */
const WORKER_DATA = {
	"items/facts.json": "every request that needs built data (depsOf, the cron), once per isolate (built-data.ts)",
	"centres/index.json": "the same, with facts.json: every centre's name (built-data.ts, centre-data.ts)",
	"calendar.json": "the same, with facts.json (built-data.ts)",
	"items/<item>/form.json": "a submission, the apply page's township step, an agent's form, a staff case: that item only (item-data.ts)",
	"centres/<centre>/data.json": "the same for the township chosen; /complaints/, staff pages' station names (centre-data.ts)",
	"items/guides.json": "/api/feedback, the staff feedback page (guides.ts)",
	"search/index.json": "/search/ without JavaScript (search-index.ts)",
};
const KINDS = /** @type {const} */ ([
	"home",
	"items index",
	"centres index",
	"events index",
	"guide",
	"apply",
	"event",
	"centre",
	"station",
	"other",
]);
/** Cloudflare's limit on one static asset (wrangler refuses to serve or deploy a larger file). */
const ASSET_LIMIT = 25 * 1024 * 1024;
const VARS = { LOOKUP_LIMIT_PER_MINUTE: "100000000", SUBMIT_LIMIT_PER_MINUTE: "100000000" };
const WARM_RUNS = 5;
/** Starts of wrangler dev per city whose median is "ready": one start alone varies by a second or more. */
const READY_STARTS = 3;

const { values } = parseArgs({ options: { scales: { type: "string", default: "1" }, keep: { type: "boolean", default: false } } });
const scales = values.scales.split(",").map(Number);
if (scales.some((s) => ![1, 2, 4].includes(s))) throw new Error(`--scales takes 1, 2 and 4 separated by commas, got ${values.scales}`);

/**
 * Runs a command to its end; its wall time and the peak resident memory of its largest process (GNU time's
 * "Maximum resident set size" where /usr/bin/time exists, else the command's own VmHWM polled from /proc).
 * @param {string} command @param {string[]} args @param {Record<string, string>} [env]
 * With GNU time, also the CPU seconds (user + system) of the command and its children: on a machine shared with
 * other work the wall time says more about the neighbours than about the build.
 * @returns {Promise<{ ms: number, cpuMs: number | null, peakRssBytes: number | null, output: string }>}
 */
function run(command, args, env = {}) {
	const timed = existsSync("/usr/bin/time");
	const [cmd, argv] = timed ? ["/usr/bin/time", ["-v", command, ...args]] : [command, args];
	const started = performance.now();
	const child = spawn(cmd, argv, { env: { ...toolsEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
	let output = "";
	let polledKb = 0;
	child.stdout.on("data", (c) => (output += c));
	child.stderr.on("data", (c) => (output += c));
	const poll = timed ? undefined : setInterval(() => (polledKb = Math.max(polledKb, vmHwmKb(child.pid))), 200);
	return new Promise((resolve, reject) => {
		child.on("exit", (code) => {
			clearInterval(poll);
			const ms = performance.now() - started;
			if (code !== 0) return reject(new Error(`${command} ${args.join(" ")} failed (${code}):\n${output.slice(-4000)}`));
			const maxKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(output)?.[1];
			const user = /User time \(seconds\): ([\d.]+)/.exec(output)?.[1];
			const system = /System time \(seconds\): ([\d.]+)/.exec(output)?.[1];
			const cpuMs = user && system ? Math.round((Number(user) + Number(system)) * 1000) : null;
			resolve({ ms, cpuMs, peakRssBytes: maxKb ? Number(maxKb) * 1024 : polledKb ? polledKb * 1024 : null, output });
		});
	});
}

/** @param {number | undefined} pid */
function vmHwmKb(pid) {
	try {
		return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
	} catch {
		return 0;
	}
}

/** Every file under `dir`, with its size. @param {string} dir */
function files(dir) {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((f) => f.isFile())
		.map((f) => ({ path: join(f.parentPath, f.name), bytes: statSync(join(f.parentPath, f.name)).size }));
}
const total = (/** @type {{ bytes: number }[]} */ list) => list.reduce((sum, f) => sum + f.bytes, 0);

/**
 * Which kind of page a built address is: "other" for the rest (search, 办件查询, complaints, open data, the back
 * office's pages, the performance page…), so that every page is held to the budgets. @param {string} page
 */
function kindOf(page) {
	if (page === "/") return "home";
	if (page === "/items/") return "items index";
	if (page === "/centres/") return "centres index";
	if (page === "/events/") return "events index";
	if (/^\/events\/[^/]+\/$/.test(page)) return "event";
	if (/^\/items\/[^/]+\/$/.test(page)) return "guide";
	if (/^\/items\/[^/]+\/apply\/$/.test(page)) return "apply";
	if (/^\/centres\/[^/]+\/$/.test(page)) return "centre";
	if (/^\/stations\/[^/]+\/$/.test(page)) return "station";
	return "other";
}

/**
 * The largest and median page of each kind (raw and gzip, as page-weight.mjs counts them: level 9) and how many
 * break a budget. @param {string} dist
 */
function pageKinds(dist) {
	/** @type {Map<string, { page: string, raw: number, gzip: number }[]>} */
	const byKind = new Map(KINDS.map((k) => [k, []]));
	for (const f of files(dist).filter((f) => f.path.endsWith("index.html") && !f.path.includes("/pagefind/"))) {
		const page = "/" + relative(dist, f.path).replace(/index\.html$/, "");
		const kind = kindOf(page);
		const html = readFileSync(f.path);
		byKind.get(kind)?.push({ page, raw: html.length, gzip: gzipSync(html, { level: 9 }).length });
	}
	return Object.fromEntries(
		[...byKind].map(([kind, pages]) => {
			const byRaw = pages.toSorted((a, b) => a.raw - b.raw);
			const median = (/** @type {"raw" | "gzip"} */ key) =>
				pages.map((p) => p[key]).sort((a, b) => a - b)[Math.floor(pages.length / 2)] ?? 0;
			const over = pages.filter((p) => p.raw > BUDGET.raw || p.gzip > BUDGET.gzip).length;
			return [kind, { count: pages.length, largest: byRaw.at(-1), median: { raw: median("raw"), gzip: median("gzip") }, overBudget: over }];
		}),
	);
}

/**
 * A valid 高龄津贴 application at a centre of the city offering it and one of that township's stations
 * (bench/applications.mjs's person), found as the Worker finds them: the item's form.json, the township's data.json.
 */
function application(/** @type {string} */ dist) {
	const json = (/** @type {string} */ path) => /** @type {unknown} */ (JSON.parse(readFileSync(join(dist, path), "utf8")));
	const form = /** @type {{ centres: { slug: string }[] }} */ (json("items/gaoling-jintie/form.json"));
	const centre = form.centres
		.map((c) => /** @type {{ slug: string, stations: { slug: string }[] }} */ (json(`centres/${c.slug}/data.json`)))
		.find((c) => c.stations.length > 0);
	if (!centre) throw new Error("The city has no centre with a station offering gaoling-jintie.");
	const make = (/** @type {number} */ n) => ({
		item: "gaoling-jintie",
		centre: centre.slug,
		applicant: {
			name: "张三",
			idNumber: "110105194005120011",
			phone: `138${String(n).padStart(8, "0")}`,
			village: centre.stations[0].slug,
		},
		answers: { applyFor: "为自己申请", payAccount: "社会保障卡", homeVisit: "不需要" },
		consent: true,
	});
	return { make, item: "gaoling-jintie", centre: centre.slug };
}

/** Milliseconds of one request, after its body is read; throws on an unexpected status. */
async function timed(/** @type {string} */ url, /** @type {RequestInit} */ init, /** @type {number} */ expect) {
	const started = performance.now();
	const res = await fetch(url, init);
	await res.arrayBuffer();
	if (res.status !== expect) throw new Error(`${init.method ?? "GET"} ${url}: ${res.status}, expected ${expect}`);
	return performance.now() - started;
}
const median = (/** @type {number[]} */ list) => list.toSorted((a, b) => a - b)[Math.floor(list.length / 2)];

/** The Worker on a built city: cold start, first and warm requests that need the built data. @param {string} dist */
async function workerFigures(dist) {
	const { make, item, centre } = application(dist);
	const starts = [];
	for (let i = 1; i < READY_STARTS; i++) {
		const started = await startLocalWorker(VARS, { assets: dist });
		starts.push(started.readyMs);
		await started.stop();
	}
	const { baseUrl, stop, readyMs: lastReadyMs } = await startLocalWorker(VARS, { assets: dist });
	const readyRuns = [...starts, lastReadyMs].map(Math.round);
	const readyMs = median(readyRuns);
	try {
		let n = 0;
		const submit = () =>
			timed(
				`${baseUrl}/api/applications`,
				{
					method: "POST",
					headers: { "content-type": "application/json", "Idempotency-Key": `scale-bench-${Date.now()}-${++n}` },
					body: JSON.stringify(make(n)),
				},
				201,
			);
		const catalogue = () => timed(`${baseUrl}/items/`, {}, 200);
		const township = () => timed(`${baseUrl}/items/${item}/apply/?centre=${centre}`, {}, 200);
		const firstSubmitMs = await submit();
		const warmSubmitMs = median(await sequence(WARM_RUNS, submit));
		const warmTownshipMs = median(await sequence(WARM_RUNS, township));
		const firstCatalogueMs = await catalogue();
		const warmCatalogueMs = median(await sequence(WARM_RUNS, catalogue));
		const guide = await placedGuide(baseUrl, dist);
		const data = Object.fromEntries(
			Object.entries(WORKER_DATA).map(([file, readBy]) => {
				const path = file.replace("<item>", item).replace("<centre>", centre);
				return [file, { path, bytes: statSync(join(dist, path)).size, readBy }];
			}),
		);
		// What a submission reads, all told, on a fresh isolate: the per-isolate files, its item and its township.
		const submissionBytes = [
			"items/facts.json",
			"centres/index.json",
			"calendar.json",
			"items/<item>/form.json",
			"centres/<centre>/data.json",
		]
			.map((f) => data[f].bytes)
			.reduce((a, b) => a + b, 0);
		const centreFiles = readdirSync(join(dist, "centres"), { withFileTypes: true })
			.filter((d) => d.isDirectory() && existsSync(join(dist, "centres", d.name, "data.json")))
			.map((d) => statSync(join(dist, "centres", d.name, "data.json")).size);
		const largestCentreDataBytes = Math.max(...centreFiles);
		return {
			readyMs,
			readyRuns,
			firstSubmitMs,
			warmSubmitMs,
			warmTownshipMs,
			firstCatalogueMs,
			warmCatalogueMs,
			guide,
			data,
			submissionBytes,
			largestCentreDataBytes,
		};
	} finally {
		await stop();
	}
}

/**
 * A guide filled for a township and village (the Worker reads that township's data.json and rewrites the built
 * page): first and warm milliseconds and the page the reader gets, raw and gzip. @param {string} baseUrl @param {string} dist
 */
async function placedGuide(baseUrl, dist) {
	const read = (/** @type {string} */ file) => /** @type {unknown} */ (JSON.parse(readFileSync(join(dist, file), "utf8")));
	const index = /** @type {{ slug: string }[]} */ (read("centres/index.json"));
	const centre = /** @type {{ slug: string, items: { code: string }[], stations: { slug: string }[] }} */ (
		read(`centres/${index[0].slug}/data.json`)
	);
	const village = centre.stations[0] ? `&village=${centre.stations[0].slug}` : "";
	const path = `/items/${centre.items[0].code}/?township=${centre.slug}${village}`;
	const get = () => timed(baseUrl + path, {}, 200);
	const firstMs = await get();
	const warmMs = median(await sequence(WARM_RUNS, get));
	const html = Buffer.from(await (await fetch(baseUrl + path)).arrayBuffer());
	return { page: path, firstMs, warmMs, raw: html.length, gzip: gzipSync(html, { level: 9 }).length };
}

/** Runs `fn` `times` times one after another. @template T @param {number} times @param {() => Promise<T>} fn */
async function sequence(times, fn) {
	/** @type {T[]} */
	const out = [];
	for (let i = 0; i < times; i++) out.push(await fn());
	return out;
}

/** The sample city (content/) built into a scratch folder and its Worker measured the same way: the cold start's yardstick. */
async function sampleCity() {
	const dir = join(tmpdir(), "bianmin-scale-sample");
	rmSync(dir, { recursive: true, force: true });
	cpSync("content", join(dir, "content"), { recursive: true });
	console.log(`sample city: building in ${dir} …`);
	const build = await run("node_modules/.bin/astro", ["build"], { BIANMIN_CONTENT_ROOT: dir });
	const result = { build: { wallMs: Math.round(build.ms) }, worker: await workerFigures(join(dir, "dist")) };
	if (!values.keep) rmSync(dir, { recursive: true, force: true });
	return result;
}

/** Generates, builds and measures one scale. @param {number} scale */
async function measure(scale) {
	const dir = join(tmpdir(), `bianmin-scale-${scale}x`);
	console.log(`\n${scale}×: generating the city in ${dir} …`);
	const gen = await run("node_modules/.bin/tsx", ["scripts/gen-city.ts", "--scale", String(scale), "--out", dir]);
	const counts = /已生成 (\d+) 个中心、(\d+) 个村站、(\d+) 个事项/.exec(gen.output)?.slice(1).map(Number) ?? [];
	console.log(`${scale}×: building …`);
	rmSync(join(dir, "dist"), { recursive: true, force: true });
	const build = await run("node_modules/.bin/astro", ["build"], { BIANMIN_CONTENT_ROOT: dir });
	const dist = join(dir, "dist");
	const all = files(dist);
	const html = all.filter((f) => f.path.endsWith(".html") && !f.path.includes("/pagefind/"));
	// A file over the asset limit would stop wrangler (and a deploy): the bench stops first, naming it.
	const tooLarge = all.filter((f) => f.bytes > ASSET_LIMIT).map((f) => ({ path: "/" + relative(dist, f.path), bytes: f.bytes }));
	for (const f of tooLarge) console.error(`NOT SERVABLE: ${f.path} is ${mb(f.bytes)}, over Cloudflare's ${mb(ASSET_LIMIT)} per asset`);
	if (tooLarge.length > 0) throw new Error(`${scale}×: ${tooLarge.length} file(s) over the per-asset limit`);
	const largest = all.reduce((a, b) => (b.bytes > a.bytes ? b : a));
	console.log(`${scale}×: measuring pages and starting the Worker …`);
	const result = {
		scale,
		city: { centres: counts[0], stations: counts[1], items: counts[2] },
		generateMs: Math.round(gen.ms),
		build: { wallMs: Math.round(build.ms), cpuMs: build.cpuMs, peakRssBytes: build.peakRssBytes, htmlPages: html.length },
		distBytes: total(all),
		pagefindBytes: total(all.filter((f) => f.path.startsWith(join(dist, "pagefind") + "/"))),
		largestFile: { path: "/" + relative(dist, largest.path), bytes: largest.bytes },
		pages: pageKinds(dist),
		worker: await workerFigures(dist),
	};
	if (!values.keep) rmSync(dir, { recursive: true, force: true });
	return result;
}

const kb = (/** @type {number} */ b) => `${(b / 1024).toFixed(1)} KB`;
const mb = (/** @type {number | null} */ b) => (b === null ? "?" : `${(b / 1024 / 1024).toFixed(1)} MB`);
const ms = (/** @type {number} */ t) => `${Math.round(t)} ms`;

/** @param {Awaited<ReturnType<typeof measure>>} r */
function print(r) {
	console.log(
		`\n${r.scale}× — ${r.city.centres} centres, ${r.city.stations} stations, ${r.city.items} items, ${r.build.htmlPages} HTML pages`,
	);
	console.log(
		`build ${(r.build.wallMs / 1000).toFixed(1)} s (CPU ${r.build.cpuMs === null ? "?" : (r.build.cpuMs / 1000).toFixed(1)} s), peak RSS ${mb(r.build.peakRssBytes)}; dist ${mb(r.distBytes)}, Pagefind ${mb(r.pagefindBytes)}`,
	);
	console.table(
		Object.fromEntries(
			Object.entries(r.pages).map(([kind, k]) => [
				kind,
				{
					pages: k.count,
					largest: k.largest?.page ?? "",
					"largest raw": kb(k.largest?.raw ?? 0),
					"largest gzip": kb(k.largest?.gzip ?? 0),
					"median raw": kb(k.median.raw),
					"median gzip": kb(k.median.gzip),
					"over budget": k.overBudget,
				},
			]),
		),
	);
	console.log(`largest file: ${r.largestFile.path}, ${mb(r.largestFile.bytes)} (Cloudflare's limit per asset: ${mb(ASSET_LIMIT)})`);
	const w = r.worker;
	console.log(
		`Worker: ready (first /api/health 200) ${ms(w.readyMs)}; first submission ${ms(w.firstSubmitMs)}, then ${ms(w.warmSubmitMs)};`,
	);
	console.log(
		`        first GET /items/ ${ms(w.firstCatalogueMs)}, then ${ms(w.warmCatalogueMs)}; the apply page's township step ${ms(w.warmTownshipMs)}`,
	);
	console.log(
		`        a guide for a place, ${w.guide.page}: first ${ms(w.guide.firstMs)}, then ${ms(w.guide.warmMs)}; ${kb(w.guide.raw)} HTML, ${kb(w.guide.gzip)} gzip`,
	);
	console.log(
		`        a submission reads ${kb(w.submissionBytes)} on a fresh isolate; the largest township's data.json is ${kb(w.largestCentreDataBytes)}`,
	);
	for (const d of Object.values(w.data)) console.log(`        ${d.path.padEnd(34)} ${kb(d.bytes).padStart(10)}  read by ${d.readBy}`);
}

/** Each figure at every scale and its ratio to the first. @param {Awaited<ReturnType<typeof measure>>[]} results */
function growth(results) {
	/** @type {[string, (r: Awaited<ReturnType<typeof measure>>) => number][]} */
	const metrics = [
		["stations", (r) => r.city.stations],
		["HTML pages", (r) => r.build.htmlPages],
		["build s", (r) => r.build.wallMs / 1000],
		["build CPU s", (r) => (r.build.cpuMs ?? 0) / 1000],
		["peak RSS MB", (r) => (r.build.peakRssBytes ?? 0) / 1024 / 1024],
		["dist MB", (r) => r.distBytes / 1024 / 1024],
		["Pagefind MB", (r) => r.pagefindBytes / 1024 / 1024],
		["largest guide KB gzip", (r) => (r.pages.guide.largest?.gzip ?? 0) / 1024],
		["largest apply KB raw", (r) => (r.pages.apply.largest?.raw ?? 0) / 1024],
		["largest guide KB raw", (r) => (r.pages.guide.largest?.raw ?? 0) / 1024],
		["centres index KB raw", (r) => (r.pages["centres index"].largest?.raw ?? 0) / 1024],
		["submission's data KB", (r) => r.worker.submissionBytes / 1024],
		["largest centre data.json KB", (r) => r.worker.largestCentreDataBytes / 1024],
		["Worker ready ms", (r) => r.worker.readyMs],
		["first submission ms", (r) => r.worker.firstSubmitMs],
		["guide for a place KB gzip", (r) => r.worker.guide.gzip / 1024],
		["township step (warm) ms", (r) => r.worker.warmTownshipMs],
	];
	return Object.fromEntries(
		metrics.map(([name, get]) => {
			const row = Object.fromEntries(results.map((r) => [`${r.scale}×`, Number(get(r).toFixed(1))]));
			return [
				name,
				{
					...row,
					[`${results.at(-1)?.scale}×/${results[0].scale}×`]: Number((get(results.at(-1) ?? results[0]) / get(results[0])).toFixed(2)),
				},
			];
		}),
	);
}

const sample = await sampleCity();
console.log(
	`sample city Worker: ready ${ms(sample.worker.readyMs)}; first submission ${ms(sample.worker.firstSubmitMs)}, then ${ms(sample.worker.warmSubmitMs)}; a submission reads ${kb(sample.worker.submissionBytes)}`,
);
/** @type {Awaited<ReturnType<typeof measure>>[]} */
const results = [];
for (const scale of scales) {
	results.push(await measure(scale));
	print(/** @type {Awaited<ReturnType<typeof measure>>} */ (results.at(-1)));
}
const summary = growth(results);
/**
 * Each scale's cold start against the sample city's: wrangler dev ready (median of READY_STARTS; it stats
 * every file of dist/ for its asset manifest, which production builds once at deploy), the first submission on a fresh
 * isolate (which loads the data), and the two together.
 */
const coldStart = results.map((r) => ({
	scale: r.scale,
	readyMs: Math.round(r.worker.readyMs),
	sampleReadyMs: Math.round(sample.worker.readyMs),
	readyRatio: Number((r.worker.readyMs / sample.worker.readyMs).toFixed(2)),
	firstSubmitMs: Math.round(r.worker.firstSubmitMs),
	sampleFirstSubmitMs: Math.round(sample.worker.firstSubmitMs),
	// The Worker's own cold start: a fresh isolate's first request, with the data it reads (not wrangler's start).
	firstSubmitRatio: Number((r.worker.firstSubmitMs / sample.worker.firstSubmitMs).toFixed(2)),
	readyAndFirstSubmitRatio: Number(
		((r.worker.readyMs + r.worker.firstSubmitMs) / (sample.worker.readyMs + sample.worker.firstSubmitMs)).toFixed(2),
	),
}));
console.log("\nCold start against the sample city (target ≤ 1.2×)");
console.table(coldStart);
console.log("\nGrowth");
console.table(summary);
const over = results.flatMap((r) =>
	Object.entries(r.pages)
		.filter(([, k]) => k.overBudget > 0)
		.map(([kind, k]) => `${r.scale}× ${kind}: ${k.overBudget} of ${k.count}`),
);
console.log(`Over the page budget (${kb(BUDGET.gzip)} gzip, ${kb(BUDGET.raw)} HTML): ${over.length ? over.join("; ") : "none"}`);
console.log("API throughput (lookup, submission against a bare route): see `npm run bench:api` (on the sample city).");

mkdirSync("bench/results", { recursive: true });
writeFileSync(
	"bench/results/scale.json",
	JSON.stringify(
		{
			measuredAt: new Date().toISOString(),
			machine: { cpus: cpus().length, node: process.version },
			budget: BUDGET,
			sample,
			coldStart,
			scales: results,
			growth: summary,
			api: "see npm run bench:api",
		},
		null,
		"\t",
	) + "\n",
);
console.log("\nWrote bench/results/scale.json");
