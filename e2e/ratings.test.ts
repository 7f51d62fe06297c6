import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { toolsEnv } from "../scripts/tools-env.mjs";
import { axeViolations, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/**
 * 好差评 over two working days, in Chromium: on Monday 2026-03-02 a citizen's 高龄津贴 case is completed
 * and rated 不满意 (with JavaScript off and on); on the next working day the centre head sees the
 * follow-up red on the board, records the call and the fix; the citizen reads the reply on /track/ and
 * rates once more. This file runs its own Worker with DEV_TODAY, restarted on the same database for day two.
 */

const DAY_ONE = "2026-03-02";
const PII_KEY = randomBytes(32).toString("base64");
let worker: Awaited<ReturnType<typeof startLocalWorker>> | undefined;
let state = "";
let browser: Browser;

async function startOn(day: string) {
	await worker?.stop();
	worker = await startLocalWorker({ DEV_SIGN_IN: "true", DEV_TODAY: day, PII_KEY }, { keep: true, ...(state ? { state } : {}) });
	state = worker.state;
}

beforeAll(async () => {
	browser = await launchBrowser();
	await startOn(DAY_ONE);
	const seed = spawnSync("node_modules/.bin/tsx", ["scripts/staff.ts", "seed", "--persist-to", state], {
		encoding: "utf8",
		env: toolsEnv(),
	});
	if (seed.status !== 0) throw new Error(`Seeding the sample staff failed:\n${seed.stdout}\n${seed.stderr}`);
});

afterAll(async () => {
	await browser?.close();
	await worker?.stop();
	if (state) await rm(state, { recursive: true, force: true });
});

const url = (path: string) => `${worker!.baseUrl}${path}`;

function idNumber(sequence: string): string {
	const first17 = `11010519400512${sequence}`;
	const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
	return first17 + "10X98765432"[sum % 11];
}

async function apply(page: Page, sequence: string) {
	// The township step's answer (青石镇 chosen, its villages listed), as after 下一步 without JavaScript.
	await page.goto(url("/items/gaoling-jintie/apply/?centre=qingshi"));
	await page.fill("#f-applicant-name", "李秀英");
	await page.fill("#f-applicant-idNumber", idNumber(sequence));
	await page.fill("#f-applicant-phone", `1390000${sequence}1`);
	await page.selectOption("#f-applicant-village", "shiqiao");
	await page.check('input[name="answers.applyFor"][value="为自己申请"]');
	await page.check('input[name="answers.payAccount"][value="社会保障卡"]');
	await page.check('input[name="answers.homeVisit"][value="不需要"]');
	await page.check("#f-consent");
	await page.locator("#apply-form").getByRole("button", { name: /提交/ }).click();
	await page.waitForURL(/\/apply\/receipt\/$/);
	return {
		trackingNo: (await page.locator("#receipt-tracking-no").textContent())!.trim(),
		queryCode: (await page.locator("#receipt-query-code").textContent())!.trim(),
	};
}

async function lookUp(page: Page, c: { trackingNo: string; queryCode: string }) {
	await page.goto(url("/track/"));
	await page.fill("#f-trackingNo", c.trackingNo);
	await page.fill("#f-queryCode", c.queryCode);
	await page.locator("#track-form").getByRole("button").click();
	await page.locator("#track-result").waitFor();
}

async function signIn(page: Page, name: string) {
	await page.goto(url("/staff/sign-in/"));
	await page.getByLabel(new RegExp(`^${name}（`)).check();
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL(url("/staff/"));
}

/** The clerk accepts, starts and completes the case through its page. */
async function complete(staff: Page, trackingNo: string) {
	await staff.goto(url(`/staff/cases/${trackingNo}/`));
	for (const action of ["accept", "start", "complete"]) {
		const section = staff.locator(`#action-${action}`);
		if (action === "complete") {
			await section.getByLabel("批准", { exact: true }).check();
			await section.getByLabel(/^办理结果说明/).fill("经审核符合条件，予以批准");
			await section.getByLabel(/^结果送达方式/).selectOption("窗口领取");
		}
		await section.locator('button[type="submit"]').click();
		await staff.waitForURL(/\?done=/);
	}
}

describe("好差评 with a follow-up on the legal clock", () => {
	it("a 不满意 on Monday is red on the head's board on Tuesday; the call and the reply reach the citizen, who rates again", async () => {
		const cases = [
			{ js: false, ...(await apply(await openPage(browser, { javaScriptEnabled: false }), "701")) },
			{ js: true, ...(await apply(await openPage(browser, { javaScriptEnabled: false }), "702")) },
		];
		const clerk = await openPage(browser);
		await signIn(clerk, "赵甲");
		for (const c of cases) await complete(clerk, c.trackingNo);

		for (const c of cases) {
			const citizen = await openPage(browser, { javaScriptEnabled: c.js });
			const errors = collectConsoleErrors(citizen);
			await lookUp(citizen, c);
			const form = citizen.locator("#track-rating");
			await expect(form.isVisible()).resolves.toBe(true);
			// axe runs as a script in the page: on the journey with JavaScript on.
			if (c.js) expect(await axeViolations(citizen)).toEqual([]);
			// A 差评 without what went wrong comes back with the field's message.
			await form.getByLabel("不满意", { exact: true }).check();
			await form.getByRole("button", { name: "提交评价" }).click();
			await citizen.locator("#error-summary").waitFor();
			expect(await citizen.title()).toMatch(/^错误：/);
			await expect(citizen.locator("#f-problems-error").textContent()).resolves.toContain("请选择哪方面不满意");
			if (c.js) expect(await axeViolations(citizen)).toEqual([]);
			await citizen.locator("#track-rating").getByLabel("办事效率").check();
			await citizen.locator("#track-rating").getByLabel("想说的话").fill("等了很久才有人接待");
			await citizen.locator("#track-rating").getByRole("button", { name: "提交评价" }).click();
			await citizen.locator("#track-notice").waitFor();
			await expect(citizen.locator("#track-notice").textContent()).resolves.toMatch(/中心会在2026-03-03 \d\d:\d\d前联系您核实情况/);
			await expect(citizen.locator("#track-ratings-list").textContent()).resolves.toContain("中心正在处理您的评价");
			expect(await citizen.locator("#track-rating").isVisible()).toBe(false);
			// The 422 page itself is logged as a failed load; anything else (a CSP refusal, a script error) is a fault.
			expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
			await citizen.close();
		}

		// The next working day, later in the day than the ratings were given (a run right at midnight in China takes the day after).
		const chinaHour = new Date(Date.now() + 8 * 3600_000).getUTCHours();
		await startOn(chinaHour === 23 ? "2026-03-04" : "2026-03-03");
		const head = await openPage(browser);
		const staffErrors = collectConsoleErrors(head);
		await signIn(head, "张三");
		await expect(head.locator("#board-followups-late").textContent()).resolves.toBe("2");
		await head.getByRole("link", { name: /差评整改逾期/ }).click();
		await head.waitForURL(url("/staff/ratings/"));
		for (const c of cases)
			await expect(head.locator(`tr[data-colour="red"] a[href="/staff/cases/${c.trackingNo}/"]`).count()).resolves.toBe(1);
		expect(await axeViolations(head)).toEqual([]);

		const reply = "已调整窗口排班，高龄津贴申请当天受理。感谢您的监督。";
		for (const c of cases) {
			await head.goto(url(`/staff/cases/${c.trackingNo}/`));
			await head.locator("#followup-contact textarea[name=note]").fill("已电话联系申请人，核实等候时间过长属实");
			await head.locator("#followup-contact").getByRole("button").click();
			await head.waitForURL(/\?done=rating_contact/);
			await head.locator("#followup-resolve").getByLabel("情况属实，已整改").check();
			await head.locator("#followup-resolve textarea[name=fixNote]").fill("民政窗口增加B岗，午间不断档");
			await head.locator("#followup-resolve textarea[name=reply]").fill(reply);
			expect(await axeViolations(head)).toEqual([]);
			await head.locator("#followup-resolve").getByRole("button").click();
			await head.waitForURL(/\?done=rating_replied/);
			await expect(head.locator("#case-ratings").textContent()).resolves.toContain("已整改并答复评价人");
		}
		expect(staffErrors).toEqual([]);

		for (const c of cases) {
			const citizen = await openPage(browser, { javaScriptEnabled: c.js });
			await lookUp(citizen, c);
			await expect(citizen.locator("#track-ratings-list").textContent()).resolves.toContain(reply);
			await expect(citizen.locator("#track-rating-intro").textContent()).resolves.toContain("请对整改和答复再评价一次");
			await citizen.locator("#track-rating").getByLabel("满意", { exact: true }).check();
			await citizen.locator("#track-rating").getByRole("button", { name: "提交评价" }).click();
			await citizen.locator("#track-notice").waitFor();
			await expect(citizen.locator("#track-ratings-list").textContent()).resolves.toMatch(/再评价：满意/);
			expect(await citizen.locator("#track-rating").isVisible()).toBe(false);
			await citizen.close();
		}
		// Two journeys and a restart of the Worker for day two.
	}, 240_000);
});
