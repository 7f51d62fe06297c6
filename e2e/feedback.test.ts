import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/**
 * 本页有用吗 in real Chromium: a reader answers at the foot of a guide with JavaScript on and off, meets an
 * error and the thank-you, and the centre head reads it at /staff/feedback/, flagged once 电话打不通 repeats.
 * This file's data is its own: only it sends feedback, and only on 畜牧 备案 (xuqin-beian); it sends four,
 * well under the per-minute limit.
 */

const ITEM = "xuqin-beian";
const HEAD = "张三";

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Opens 没用, picks a reason, types a text and sends it. */
async function sendNotUseful(page: Page, reason: string, text: string) {
	await page.locator("#feedback-no summary").click();
	await page.getByLabel(reason, { exact: true }).check();
	await page.getByLabel("具体说明").fill(text);
	await page.locator("#feedback-form").getByRole("button", { name: "发送" }).click();
}

async function expectThanks(page: Page) {
	await page.waitForURL(`${baseUrl()}/items/${ITEM}/#feedback-thanks`);
	expect(await page.locator("#feedback-thanks").isVisible()).toBe(true);
	expect(await page.locator("#feedback-thanks").textContent()).toContain("谢谢您的反馈");
	expect(await page.locator("#feedback-no").isVisible()).toBe(false);
}

describe("本页有用吗", () => {
	it("takes 没用 with a reason and a text with JavaScript on, and thanks the reader on the guide", async () => {
		const page = await openPage(browser);
		const errors = collectConsoleErrors(page);
		await page.goto(`${baseUrl()}/items/${ITEM}/`);
		expect(await page.locator("#feedback-thanks").isVisible()).toBe(false);
		expect(await page.getByLabel("具体说明").isVisible()).toBe(false);
		await page.locator("#feedback-no summary").click();
		expect(await page.getByText("请不要填写姓名、身份证号、手机号等个人信息").isVisible()).toBe(true);
		expect(await axeViolations(page)).toEqual([]);
		await page.getByLabel("电话打不通", { exact: true }).check();
		await page.getByLabel("具体说明").fill("畜牧站电话一直没人接，我的手机13812345678");
		await page.locator("#feedback-form").getByRole("button", { name: "发送" }).click();
		await expectThanks(page);
		expect(await axeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	});

	it("works with JavaScript off: 有用, then 没用 with an error shown on the guide, corrected and sent", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		await page.goto(`${baseUrl()}/items/${ITEM}/`);
		await page.getByRole("button", { name: "有用", exact: true }).click();
		await expectThanks(page);

		await page.goto(`${baseUrl()}/items/${ITEM}/`);
		await page.locator("#feedback-no summary").click();
		await page.getByLabel("具体说明").fill("<b>电话</b>");
		await page.locator("#feedback-form").getByRole("button", { name: "发送" }).click();
		await page.waitForURL(`${baseUrl()}/api/feedback`);
		expect(await page.title()).toMatch(/^错误：/);
		const summary = page.locator("#error-summary");
		expect(await summary.isVisible()).toBe(true);
		expect(await summary.textContent()).toContain("请选择哪里不对。");
		expect(await summary.textContent()).toContain("具体说明里不能有 < 或 > 符号");
		expect(await page.getByLabel("具体说明").inputValue()).toBe("<b>电话</b>");
		await page.close();

		const axePage = await openPage(browser);
		await axePage.goto(`${baseUrl()}/items/${ITEM}/`);
		await axePage.locator("#feedback-no summary").click();
		await axePage.locator("#feedback-form").getByRole("button", { name: "发送" }).click();
		await axePage.locator("#error-summary").waitFor();
		expect(await axeViolations(axePage)).toEqual([]);
		await axePage.close();

		const again = await openPage(browser, { javaScriptEnabled: false });
		await again.goto(`${baseUrl()}/items/${ITEM}/`);
		await sendNotUseful(again, "电话打不通", "打了三次都没人接");
		await expectThanks(again);
		await again.close();
	});

	it("shows the centre head the item's feedback at /staff/feedback/, flagged after a third 电话打不通", async () => {
		const reader = await openPage(browser, { javaScriptEnabled: false });
		await reader.goto(`${baseUrl()}/items/${ITEM}/`);
		await sendNotUseful(reader, "电话打不通", "还是打不通");
		await expectThanks(reader);
		await reader.close();

		const page = await openPage(browser);
		const errors = collectConsoleErrors(page);
		await page.goto(`${baseUrl()}/staff/sign-in/`);
		await page.getByLabel(new RegExp(`^${HEAD}（`)).check();
		await page.getByRole("button", { name: "登录" }).click();
		await page.waitForURL(`${baseUrl()}/staff/`);
		await page.getByRole("link", { name: "指南反馈" }).click();
		await page.waitForURL(`${baseUrl()}/staff/feedback/`);
		const row = page.locator(`tr[data-item="${ITEM}"]`);
		expect(await row.locator("td").nth(1).textContent()).toBe("1");
		expect(await row.locator("td").nth(2).textContent()).toBe("3");
		expect(await row.textContent()).toMatch(/请核对：\d{4}-\d{2}-\d{2}这一周有3条「电话打不通」/);
		const section = page.locator(`#feedback-item-${ITEM}`);
		expect(await section.textContent()).toContain("畜牧站电话一直没人接，我的手机138****5678");
		expect(await section.textContent()).not.toContain("13812345678");
		expect(await section.textContent()).toContain("打了三次都没人接");
		expect(await axeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	});
});
