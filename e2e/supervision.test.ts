import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededState, startLocalWorker } from "../scripts/local-worker.mjs";
import { axeViolations, collectConsoleErrors, launchBrowser, openPage } from "./browser";
import { type CaseRow, type Raw, type Rules, readRaw, readRules } from "./performance-recount";

/**
 * 电子监察 on a seeded month (issue 12), in Chromium: March 2026 written by `npm run seed:month` into a fresh
 * local D1, the Worker's scheduled run on an April day (China) — which runs the supervision sweep — then the
 * city board read by the admin. The 黄牌 and 红牌 of the accepted running cases are recounted here from the raw
 * rows with this file's own calendar arithmetic (not core/clock.ts), and the page's counts per centre are
 * those of the records. This file runs its own Worker on its own database.
 */

const MONTH = "2026-03";
const PII_KEY = randomBytes(32).toString("base64");

let worker: Awaited<ReturnType<typeof startLocalWorker>> | undefined;
let state = "";
let browser: Browser | undefined;
let raw: Raw;
let rules: Rules;
/** The day the sweep runs: the first April working day on which the recount finds both 黄牌 and 红牌. */
let today = "";

beforeAll(async () => {
	state = await seededState({ month: MONTH, piiKey: PII_KEY });
	raw = readRaw(state);
	rules = readRules();
	// The seed writes nothing after March, so any later moment sees the same rows.
	for (let d = "2026-04-01"; d < "2026-05-01" && !today; d = nextDay(d)) {
		const fired = rules.working(d) ? watched().flatMap((c) => expectedRules(c, d)) : [];
		if (fired.includes("JC01") && fired.includes("JC02")) today = d;
	}
	worker = await startLocalWorker({ PII_KEY, DEV_SIGN_IN: "true" }, { state, keep: true, testScheduled: true });
	if (today) await worker.scheduled(new Date(`${today}T10:00:00+08:00`));
	browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
	await browser?.close();
	await worker?.stop();
	if (state) await rm(state, { recursive: true, force: true });
}, 60_000);

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The clock rules of one accepted, running, not suspended case today, recounted: the promised and legal last
 * days from the acceptance day over the days that count (working days, or every day; a closed 挂起 left out),
 * 红牌 after the promised one, 黄牌 with 2 counted days or fewer left, 超法定时限 after the legal one.
 */
function expectedRules(c: CaseRow, today: string): string[] {
	const item = rules.items.get(c.item)!;
	const paused = (d: string) => c.suspensions.some((s) => s.from <= d && d < s.to!);
	const lastDay = (limit: { days: number; unit: string }) => {
		const days = limit.days + (c.extension && c.extension.unit === limit.unit ? c.extension.days : 0);
		const counts = (d: string) => !paused(d) && (limit.unit === "自然日" || rules.working(d));
		let day = c.acceptedOn!;
		for (let n = 0; n < days;) {
			day = nextDay(day);
			if (counts(day)) n++;
		}
		let left = 0;
		for (let d = nextDay(today); d <= day; d = nextDay(d)) if (counts(d)) left++;
		return { day, left };
	};
	const promised = lastDay(item.promised);
	const fired = today > promised.day ? ["JC02"] : promised.left <= 2 ? ["JC01"] : [];
	if (item.legal && today > lastDay(item.legal).day) fired.push("JC03");
	return fired;
}

/** The cases the recount watches: accepted, running, not suspended now. */
const watched = () =>
	raw.cases.filter(
		(c) =>
			c.closedOn === null && c.acceptedOn !== null && ["accepted", "in_progress"].includes(c.status) && c.suspensions.every((s) => s.to),
	);

interface Rec {
	no: string;
	ruleId: string;
	colour: string;
	subject: string;
	centre: string;
}
interface Board {
	open: Rec[];
	byCentre: { centre: string; counts: Record<string, number> }[];
}

describe("the city board after the seeded month", () => {
	it("shows 黄牌, 红牌 and 超法定时限 on exactly the accepted running cases the recount finds", async () => {
		const page = await openPage(browser!);
		await page.goto(`${worker!.baseUrl}/staff/sign-in/`);
		await page.getByLabel(/^钱示范（/).check();
		await page.getByRole("button", { name: "登录" }).click();
		await page.waitForURL(`${worker!.baseUrl}/staff/`);
		const board = (await (await page.request.get(`${worker!.baseUrl}/api/staff/supervision`)).json()) as Board;

		// Some 黄牌 and some 红牌 on one April day, or the test proves little.
		expect(today).not.toBe("");
		expect(watched().length).toBeGreaterThan(5);
		const clockRules = new Set(["JC01", "JC02", "JC03"]);
		const shown = (no: string) =>
			board.open
				.filter((r) => r.subject === no && clockRules.has(r.ruleId))
				.map((r) => r.ruleId)
				.sort();
		for (const c of watched())
			expect(shown(c.trackingNo), `${c.trackingNo} ${c.item} accepted ${c.acceptedOn} on ${today}`).toEqual(expectedRules(c, today).sort());
		// Nothing of a closed case is open.
		const closed = new Set(raw.cases.filter((c) => c.closedOn !== null).map((c) => c.trackingNo));
		expect(board.open.filter((r) => closed.has(r.subject) && clockRules.has(r.ruleId))).toEqual([]);
		await page.close();
	});

	it("draws the board by centre as the records count it, with the colours in words, and axe finds nothing", async () => {
		const page = await openPage(browser!);
		const errors = collectConsoleErrors(page);
		await page.goto(`${worker!.baseUrl}/staff/sign-in/`);
		await page.getByLabel(/^钱示范（/).check();
		await page.getByRole("button", { name: "登录" }).click();
		await page.waitForURL(`${worker!.baseUrl}/staff/`);
		const board = (await (await page.request.get(`${worker!.baseUrl}/api/staff/supervision`)).json()) as Board;
		expect(board.byCentre.length).toBeGreaterThan(1);

		await page.goto(`${worker!.baseUrl}/staff/supervision/`);
		for (const { centre, counts } of board.byCentre) {
			const row = page.locator(`#supervision-bycentre-rows tr[data-centre="${centre}"]`);
			for (const rule of ["JC01", "JC02", "JC03", "JC04"])
				await expect.poll(() => row.locator(`td[data-rule="${rule}"]`).textContent()).toBe(String(counts[rule] ?? 0));
		}
		const red = board.open.find((r) => r.colour === "red")!;
		await expect
			.poll(() => page.locator(`#supervision-open-rows tr:has(th:text-is("${red.no}")) .app-staff-word`).textContent())
			.toBe("红牌");
		expect(await axeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	});
});
