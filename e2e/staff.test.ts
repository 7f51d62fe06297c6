import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/**
 * The back office in real Chromium, with the citizen on the other side: an application, a 补正 asked
 * and answered, acceptance, work and completion — every step seen by the citizen's lookup. The staff
 * member is the sample 青石镇 民政 A post (scripts/sample-staff.json, seeded by global-setup).
 */

/** A real ID number (born 1940-05-12) with its MOD 11-2 check digit; the sequence keeps it apart from other tests'. */
function idNumber(sequence: string): string {
	const first17 = `11010519400512${sequence}`;
	const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
	return first17 + "10X98765432"[sum % 11];
}

const CLERK = "赵甲";

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** The citizen applies for 高龄津贴 at 青石镇 without JavaScript and reads the receipt. */
async function apply(page: Page, sequence: string) {
	// The township step's answer (青石镇 chosen, its villages listed), as after 下一步 without JavaScript.
	await page.goto(`${baseUrl()}/items/gaoling-jintie/apply/?centre=qingshi`);
	await page.fill("#f-applicant-name", "李秀英");
	await page.fill("#f-applicant-idNumber", idNumber(sequence));
	await page.fill("#f-applicant-phone", "139 0000 0" + sequence);
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

async function lookUp(page: Page, trackingNo: string, queryCode: string) {
	await page.goto(`${baseUrl()}/track/`);
	await page.fill("#f-trackingNo", trackingNo);
	await page.fill("#f-queryCode", queryCode);
	await page.locator("#track-form").getByRole("button").click();
	await page.locator("#track-result").waitFor();
}

/** Signs in through the development sign-in as the sample clerk, landing on /staff/. */
async function signIn(page: Page) {
	await page.goto(`${baseUrl()}/staff/sign-in/`);
	await page.getByLabel(new RegExp(`^${CLERK}（`)).check();
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL(`${baseUrl()}/staff/`);
}

/** Submits one action form of the case page and waits for the case page again. */
async function act(page: Page, action: string, fill: (form: ReturnType<Page["locator"]>) => Promise<void> = async () => {}) {
	const section = page.locator(`#action-${action}`);
	await fill(section);
	await section.locator('button[type="submit"]').click();
	await page.waitForURL(/\/staff\/cases\/[^/]+\/\?done=/);
}

describe("the back office with a citizen", () => {
	it("asks for a 补正, gets it, accepts, starts and completes — and the citizen sees every step", async () => {
		const citizen = await openPage(browser, { javaScriptEnabled: false });
		const { trackingNo, queryCode } = await apply(citizen, "101");

		const staff = await openPage(browser);
		const errors = collectConsoleErrors(staff);
		await signIn(staff);
		await expect
			.poll(() => staff.locator("#staff-me").textContent())
			.toContain(`${CLERK}（窗口工作人员，青石镇便民服务中心 · 民政窗口A岗）`);
		expect(await axeViolations(staff)).toEqual([]);

		// Found by its number through the filter form, then opened.
		await staff.fill("#f-q", trackingNo);
		await staff.locator("#staff-filter").getByRole("button", { name: "查找" }).click();
		// The search posts (a phone or ID number must not land in an address): the results page stays at /staff/.
		await staff.getByRole("link", { name: trackingNo }).waitFor();
		await staff.getByRole("link", { name: trackingNo }).click();
		await staff.waitForURL(`${baseUrl()}/staff/cases/${trackingNo}/`);
		expect(await staff.locator("#case-status").textContent()).toBe("已提交，等待窗口受理");
		expect(await axeViolations(staff)).toEqual([]);

		// 一次性告知: one material ticked, one reason.
		await act(staff, "request_correction", async (form) => {
			await form.getByLabel("户口簿").check();
			await form.getByLabel(/^补正原因/).fill("户口簿复印件看不清户主页，请重新提供");
		});
		expect(await staff.locator("#case-status").textContent()).toBe("需要补正材料");
		expect(await staff.locator("#case-notice").textContent()).toBe("已完成：一次性告知补正。");

		// The citizen answers it on /track/.
		await lookUp(citizen, trackingNo, queryCode);
		expect(await citizen.locator("#track-status").textContent()).toBe("需要补正材料");
		await citizen.locator('#f-supplied-choices input[name="supplied"]').first().check();
		await citizen.locator("#correction-form").getByRole("button").click();
		await citizen.locator("#track-notice").waitFor();
		expect(await citizen.locator("#track-status").textContent()).toContain("已提交");

		// Back at the window: accepted with the keyboard alone, then started and completed.
		await staff.reload();
		expect(await staff.locator("#case-status").textContent()).toBe("已提交，等待窗口受理");
		expect(await staff.locator("#action-request_correction").isVisible()).toBe(false);
		const accept = staff.locator("#action-accept button");
		for (let i = 0; i < 80 && !(await accept.evaluate((b) => b === document.activeElement)); i++) await staff.keyboard.press("Tab");
		expect(await accept.evaluate((b) => b === document.activeElement)).toBe(true);
		await staff.keyboard.press("Enter");
		await staff.waitForURL(/\?done=accept$/);
		expect(await staff.locator("#case-status").textContent()).toBe("已受理");
		expect(await staff.locator("#case-due").textContent()).toMatch(/^办结期限 正常 \d{4}-\d{2}-\d{2}，剩余\d+个工作日$/);

		await act(staff, "start");
		expect(await staff.locator("#case-status").textContent()).toBe("办理中");
		await act(staff, "complete", async (form) => {
			await form.getByLabel("批准", { exact: true }).check();
			await form.getByLabel(/^办理结果说明/).fill("经审核符合条件，予以批准，次月起发放");
			await form.getByLabel(/^结果送达方式/).selectOption("窗口领取");
		});
		expect(await staff.locator("#case-status").textContent()).toBe("已办结");
		expect(await staff.locator("#case-timeline tr").count()).toBe(6);
		expect(await staff.locator("#case-timeline").textContent()).toContain(CLERK);
		expect(errors).toEqual([]);

		// The citizen's lookup shows every step.
		await lookUp(citizen, trackingNo, queryCode);
		expect(await citizen.locator("#track-status").textContent()).toBe("已办结");
		const steps = await citizen.locator("#track-timeline li").allTextContents();
		expect(steps).toHaveLength(6);
		for (const [i, word] of ["已提交", "需要补正材料", "已提交", "已受理", "办理中", "已办结"].entries()) expect(steps[i]).toContain(word);
		await staff.context().close();
		await citizen.context().close();
	});

	it("shows a form's problems in the error summary, linked to the field, with the page still passing axe", async () => {
		const citizen = await openPage(browser, { javaScriptEnabled: false });
		const { trackingNo } = await apply(citizen, "102");
		await citizen.context().close();

		const staff = await openPage(browser);
		await signIn(staff);
		await staff.goto(`${baseUrl()}/staff/cases/${trackingNo}/`);
		await staff.locator("#action-refuse button").click();
		await staff.locator("#error-summary").waitFor({ state: "visible" });
		expect(await staff.title()).toMatch(/^错误：/);
		// Focused on load with no script of ours (autofocus), as the summary must be.
		expect(await staff.evaluate(() => document.activeElement?.id)).toBe("error-summary");
		await staff.locator('#error-summary-list a[href="#f-reason-refuse"]').click();
		expect(await staff.evaluate(() => document.activeElement?.id)).toBe("f-reason-refuse");
		expect(await staff.locator("#f-reason-refuse").getAttribute("aria-invalid")).toBe("true");
		expect(await axeViolations(staff)).toEqual([]);
		await staff.context().close();
	});

	it("downloads the export as the CSV Excel opens: sent gzip-encoded, saved as plain UTF-8 with its byte-order mark", async () => {
		const citizen = await openPage(browser, { javaScriptEnabled: false });
		const { trackingNo } = await apply(citizen, "103");
		await citizen.context().close();

		const staff = await openPage(browser, { acceptDownloads: true });
		await signIn(staff);
		const chinaDay = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
		const [from, to] = [chinaDay(-1), chinaDay(1)];
		await staff.fill("#f-from-export", from);
		await staff.fill("#f-to-export", to);
		const [download, response] = await Promise.all([
			staff.waitForEvent("download"),
			staff.waitForResponse((r) => r.url().includes("/api/staff/cases/export.csv")),
			staff.getByRole("button", { name: "导出 CSV 文件" }).click(),
		]);
		expect(response.headers()["content-encoding"]).toBe("gzip");
		expect(download.suggestedFilename()).toBe(`cases-${from}-${to}.csv`);
		const bytes = readFileSync(await download.path());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = bytes.toString("utf8");
		expect(text.slice(1, 13)).toBe('"办件编号","事项",');
		expect(text).toContain(`"${trackingNo}","高龄津贴申领"`);
		await staff.context().close();
	});
});
