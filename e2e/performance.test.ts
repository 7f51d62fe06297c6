import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CentreDataSchema, CentreIndexSchema } from "../core/centre-data";
import type { Places } from "../core/complaint";
import { PERFORMANCE_COLUMNS, PerformanceFileSchema } from "../core/performance";
import { seededState, startLocalWorker } from "../scripts/local-worker.mjs";
import { axeViolations, collectConsoleErrors, launchBrowser, openPage } from "./browser";
import { type Place, type Raw, type Recounted, type Rules, readRaw, readRules, recount } from "./performance-recount";

/**
 * 办件情况公开 on a seeded month (issue 12), in Chromium: March 2026 written by `npm run seed:month` into a
 * fresh local D1, the Worker's daily job run as its Cron Trigger would run it at 03:00 on 1 April (China),
 * then the city's page and every sample centre's page read as a citizen reads them. Each figure they show is
 * compared with a recount from the raw rows (e2e/performance-recount.ts: its own SQL, calendar and
 * arithmetic, not core/performance.ts). No person is named; axe finds nothing; the charts have names and
 * their numbers are in tables; the pages print whole. This file runs its own Worker on its own database.
 */

const MONTH = "2026-03";
const TODAY = "2026-04-01";
const DAILY_RUN = new Date(`${TODAY}T03:00:00+08:00`);
const PII_KEY = randomBytes(32).toString("base64");

let worker: Awaited<ReturnType<typeof startLocalWorker>> | undefined;
let state = "";
let browser: Browser | undefined;
let raw: Raw;
let rules: Rules;
let places: Places;

beforeAll(async () => {
	state = await seededState({ month: MONTH, piiKey: PII_KEY });
	worker = await startLocalWorker({ PII_KEY }, { state, keep: true, testScheduled: true });
	await worker.scheduled(DAILY_RUN);
	raw = readRaw(state);
	rules = readRules();
	// Every centre by name, then each one's stations and windows from its own data file.
	const index = CentreIndexSchema.parse(await (await fetch(url("/centres/index.json"))).json());
	places = await Promise.all(
		index.map(async ({ slug, name }) => {
			const data = CentreDataSchema.parse(await (await fetch(url(`/centres/${slug}/data.json`))).json());
			return {
				slug,
				name,
				stations: data.stations.map((s) => ({ slug: s.slug, name: s.name })),
				windows: data.windows.map((w) => ({ slug: w.department, name: w.departmentName })),
			};
		}),
	);
	browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
	await browser?.close();
	await worker?.stop();
	if (state) await rm(state, { recursive: true, force: true });
}, 60_000);

const url = (path: string) => `${worker!.baseUrl}${path}`;
const expected = (inScope: (p: Place) => boolean) => recount(raw, rules, MONTH, TODAY, inScope);

/** The `<dd>` of each figure on the page, by its id (site/components/PerformancePage.astro), and the recount's key. */
const FACTS = {
	"perf-accepted": "accepted",
	"perf-completed": "completed",
	"perf-on-time": "onTime",
	"perf-legal-on-time": "legalOnTime",
	"perf-days": "days",
	"perf-speed-up": "speedUp",
	"perf-rating-rate": "ratingRate",
	"perf-satisfaction": "satisfaction",
	"perf-bad": "bad",
	"perf-fix-rate": "fixRate",
	"perf-complaints": "complaints",
	"perf-channels": "channels",
} as const satisfies Record<string, keyof Recounted>;

/** The rows of a table body as trimmed cell texts. */
const cells = (page: Page, tbody: string) =>
	page.locator(`${tbody} tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => (td.textContent ?? "").trim())));

interface Part {
	name: string;
	figures: Recounted;
}

/** The rows the page's table of parts should have: the city's centres, or a centre's windows then stations, each by slug. */
function partsOf(centre: string | null): Part[] {
	const active = (p: Part) => p.figures.active;
	if (centre === null)
		return places
			.map((c) => ({ slug: c.slug, name: c.name }))
			.sort((a, b) => a.slug.localeCompare(b.slug))
			.map((c) => ({ name: c.name, figures: expected((p) => p.centre === c.slug) }))
			.filter(active);
	const place = places.find((p) => p.slug === centre)!;
	const bySlug = <T extends { slug: string }>(xs: T[]) => [...xs].sort((a, b) => a.slug.localeCompare(b.slug));
	return [
		...bySlug(place.windows).map((w) => ({ name: w.name, figures: expected((p) => p.centre === centre && p.window === w.slug) })),
		...bySlug(place.stations).map((s) => ({ name: s.name, figures: expected((p) => p.centre === centre && p.station === s.slug) })),
	].filter(active);
}

describe("the seeded month and the daily job", () => {
	it("has every sample centre's cases, ratings and complaints, none started by 视为受理, and the daily run stored March only", async () => {
		expect(new Set(raw.cases.map((c) => c.centre))).toEqual(new Set(places.map((p) => p.slug)));
		expect(PAGES.flatMap((p) => (p.centre === null ? [] : [p.centre]))).toEqual(places.map((p) => p.slug).sort());
		for (const p of places) {
			expect(raw.cases.filter((c) => c.centre === p.slug && c.status === "completed").length, p.slug).toBeGreaterThan(20);
			expect(raw.ratings.some((r) => r.centre === p.slug)).toBe(true);
			expect(raw.complaints.some((c) => c.centre === p.slug)).toBe(true);
		}
		// The recount starts every clock on the acceptance day; a 视为受理 case would start on receipt.
		expect(raw.deemedAccepts).toBe(0);
		const api = (await (await fetch(url("/api/performance"))).json()) as { months: { month: string }[] };
		expect(api.months.map((m) => m.month)).toEqual([MONTH]);
	});
});

/** The city's page and each sample centre's (content/centres/, every one of which seed:month fills). */
const PAGES = [
	null,
	...readdirSync("content/centres")
		.filter((f) => f.endsWith(".yaml"))
		.map((f) => f.slice(0, -".yaml".length))
		.sort(),
].map((centre) => ({ centre, path: centre === null ? "/performance/" : `/centres/${centre}/performance/` }));

describe.each(PAGES)("$path", ({ centre, path }) => {
	const inScope = (p: Place) => centre === null || p.centre === centre;

	it(`${path} shows the month's figures, its trend row, every window and station, and each overdue case, as recounted`, async () => {
		const page = await openPage(browser!);
		const errors = collectConsoleErrors(page);
		expect((await page.goto(url(path)))?.status()).toBe(200);
		const want = expected(inScope);
		// A month worth testing: cases done, some late with a reason, ratings and complaints.
		expect(Number(want.completed)).toBeGreaterThan(20);
		expect(want.overdue.length).toBeGreaterThan(0);
		await expect(page.locator("#perf-latest-title").textContent()).resolves.toBe("2026年3月");
		const shown = Object.fromEntries(
			await Promise.all(Object.keys(FACTS).map(async (id) => [id, ((await page.locator(`#${id}`).textContent()) ?? "").trim()])),
		) as Record<string, string>;
		expect(shown).toEqual(Object.fromEntries(Object.entries(FACTS).map(([id, key]) => [id, want[key]])));

		expect(await cells(page, "#perf-trend-rows")).toEqual([["2026年3月", want.accepted, want.completed, want.onTime, want.satisfaction]]);
		// The city's table has a row per centre, a centre's a row per window and village station; the heading says which.
		await expect(page.locator("#perf-windows-title").textContent()).resolves.toBe(
			centre === null ? "各便民服务中心（本月）" : "各窗口和村便民服务站（本月）",
		);
		const parts = partsOf(centre);
		expect(parts.length).toBeGreaterThan(1);
		expect(await cells(page, "#perf-windows-rows")).toEqual(
			parts.map((p) => [p.name, p.figures.completed, p.figures.onTime, p.figures.satisfaction, p.figures.agentCases]),
		);
		const overdue = (await cells(page, "#perf-overdue-rows")).map(([item, reason]) => ({ item, reason }));
		const order = (xs: { item: string; reason: string }[]) => xs.map((x) => `${x.item}｜${x.reason}`).sort();
		expect(order(overdue)).toEqual(order(want.overdue));
		for (const o of overdue) expect(o.reason.length, o.item).toBeGreaterThanOrEqual(4);
		expect(await page.locator("#perf-empty").isVisible()).toBe(false);
		expect(errors).toEqual([]);
		await page.close();
	});

	it(`${path} names no applicant, no tracking number and no phone`, async () => {
		const page = await openPage(browser!);
		await page.goto(url(path));
		const html = await page.content();
		const personal = [
			...raw.cases.flatMap((c) => [c.trackingNo, c.applicantName, c.applicantPhone]),
			...raw.complaints.map((c) => c.trackingNo),
		].filter((x): x is string => x !== null);
		expect(personal.length).toBeGreaterThan(200);
		expect(personal.filter((x) => html.includes(x))).toEqual([]);
		expect(await page.locator("main").textContent()).not.toMatch(/1[3-9]\d{9}/);
		await page.close();
	});

	it(`${path}: axe finds nothing; each chart has a name and its numbers are in a table; it prints whole`, async () => {
		const page = await openPage(browser!);
		await page.goto(url(path));
		expect(await axeViolations(page)).toEqual([]);

		expect(await page.locator("main svg").count()).toBe(2);
		expect(await page.locator('main svg[role="img"]').count()).toBe(2);
		for (const name of [
			"最近12个月按时办结率和满意率",
			centre === null ? "各便民服务中心本月按承诺时限办结率" : "各窗口本月按承诺时限办结率",
		])
			await expect(page.getByRole("img", { name }).count()).resolves.toBe(1);
		// The bar chart's bars (a label and its value) are rows of the table below it, with the same 按时办结率.
		const bars = await page
			.locator("#perf-windows-chart svg > text")
			.evaluateAll((texts) => texts.map((t) => (t.textContent ?? "").trim()));
		const pairs = bars.flatMap((label, i) => (i % 2 === 0 ? [[label, bars[i + 1]]] : []));
		const rows = new Map((await cells(page, "#perf-windows-rows")).map(([name, , onTime]) => [name, onTime]));
		expect(pairs.length).toBeGreaterThan(0);
		for (const [label, value] of pairs) expect(rows.get(label), label).toBe(value);
		// The trend's points: one per series and month with a figure, as the trend table lists them.
		const trend = await cells(page, "#perf-trend-rows");
		const points = trend.flatMap((r) => [r[3], r[4]]).filter((v) => v !== "—").length;
		expect(await page.locator("#perf-trend-chart svg circle").count()).toBe(points);

		// Printed, nothing of the record is hidden: the same text as on screen, both charts drawn, on A4.
		const text = async () => (await page.locator("main").innerText()).replace(/\s+/g, "");
		const screen = await text();
		await page.emulateMedia({ media: "print" });
		expect(await text()).toBe(screen);
		for (const selector of ["#perf-latest", "#perf-trend-chart svg", "#perf-windows-chart svg", "#perf-windows-rows", "#perf-overdue"]) {
			const box = await page.locator(selector).boundingBox();
			expect(box?.width ?? 0, selector).toBeGreaterThan(100);
			expect(box?.height ?? 0, selector).toBeGreaterThan(20);
		}
		expect((await page.pdf({ format: "A4" })).subarray(0, 5).toString()).toBe("%PDF-");
		await page.close();
	});
});

describe("the month as open data", () => {
	it("performance.csv starts with the byte-order mark and a Chinese header row; overdue.csv names no one", async () => {
		const res = await fetch(url("/api/open-data/performance.csv"));
		expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const body = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3));
		const header = body.slice(0, body.indexOf("\r\n")).split(",");
		expect(header).toEqual(PERFORMANCE_COLUMNS.map(([name]) => `"${name}"`));
		for (const cell of header) expect(cell).toMatch(/\p{Script=Han}/u);
		const overdue = await (await fetch(url("/api/open-data/overdue.csv"))).text();
		const personal = raw.cases.flatMap((c) => [c.trackingNo, c.applicantName, c.applicantPhone]).filter((x): x is string => x !== null);
		expect(personal.filter((x) => body.includes(x) || overdue.includes(x))).toEqual([]);
	});

	it("performance.json validates against core's schema, says when it was computed, and has the recounted month", async () => {
		const parsed = PerformanceFileSchema.safeParse(await (await fetch(url("/api/open-data/performance.json"))).json());
		expect(parsed.error).toBeUndefined();
		const file = parsed.data!;
		expect(file).toMatchObject({ updated: TODAY, computedAt: DAILY_RUN.toISOString() });
		const pct = (s: string) => (s === "—" ? null : Number(s.replace("%", "")));
		for (const c of [null, ...places.map((p) => p.slug)]) {
			const name = c === null ? "全市" : places.find((p) => p.slug === c)!.name;
			const want = expected((p) => c === null || p.centre === c);
			expect(file.rows.find((r) => r.month === MONTH && r.name === name)).toMatchObject({
				accepted: Number(want.accepted),
				completed: Number(want.completed),
				onTimeRate: pct(want.onTime),
				legalOnTimeRate: pct(want.legalOnTime),
				overdueCount: want.overdue.length,
				satisfactionRate: pct(want.satisfaction),
				badRatings: Number(want.bad),
			});
		}
	});
});
