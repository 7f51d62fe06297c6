import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/** A real ID number (born 1940-05-12) with its MOD 11-2 check digit. */
function idNumber(first17 = "11010519400512001"): string {
	const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
	return first17 + "10X98765432"[sum % 11];
}

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const APPLY = "/items/gaoling-jintie/apply/";

/** The options of the applicant's village choice. */
const villageOptions = (page: Page) =>
	page.locator("#f-applicant-village option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

/**
 * 青石镇, then its villages: without JavaScript the township form's 下一步 (a GET the Worker answers with the
 * villages filled in), with it the village choice fills at once and the address stays.
 */
async function chooseTownship(page: Page, javaScriptEnabled: boolean) {
	expect(await villageOptions(page)).toEqual([""]);
	await page.selectOption("#f-centre", "qingshi");
	if (javaScriptEnabled) expect(await page.locator("#township-next").isVisible()).toBe(false);
	else await page.locator("#township-next").click();
	await page.locator('#f-applicant-village option[value="shiqiao"]').waitFor({ state: "attached" });
	expect(page.url()).toBe(baseUrl() + APPLY + (javaScriptEnabled ? "" : "?centre=qingshi"));
	expect((await villageOptions(page)).sort()).toEqual(["", "huayuan", "liujia", "shiqiao"]);
	expect(await page.locator("#f-centre").inputValue()).toBe("qingshi");
}

/** Fills the 高龄津贴 form as a person would, with whatever ID number is given. */
async function fillForm(page: Page, id: string, javaScriptEnabled = true) {
	await chooseTownship(page, javaScriptEnabled);
	await page.fill("#f-applicant-name", "张三");
	await page.fill("#f-applicant-idNumber", id);
	await page.fill("#f-applicant-phone", "138 1234 5678");
	await page.selectOption("#f-applicant-village", "shiqiao");
	await page.check('input[name="answers.applyFor"][value="为自己申请"]');
	await page.check('input[name="answers.payAccount"][value="社会保障卡"]');
	await page.check('input[name="answers.homeVisit"][value="不需要"]');
	await page.check("#f-consent");
}

async function receiptOf(page: Page) {
	await page.waitForURL(/\/items\/gaoling-jintie\/apply\/receipt\/$/);
	expect(page.url()).not.toMatch(/\?/);
	const trackingNo = (await page.locator("#receipt-tracking-no").textContent())!.trim();
	const queryCode = (await page.locator("#receipt-query-code").textContent())!.trim();
	expect(trackingNo).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
	expect(queryCode).toMatch(/^\d{6}$/);
	expect(await page.locator("#receipt-ok").isVisible()).toBe(true);
	return { trackingNo, queryCode };
}

async function lookUp(page: Page, trackingNo: string, queryCode: string) {
	await page.goto(`${baseUrl()}/track/`);
	await page.fill("#f-trackingNo", trackingNo.toLowerCase());
	await page.fill("#f-queryCode", queryCode);
	await page.locator("#track-form").getByRole("button").click();
	await page.waitForLoadState("domcontentloaded");
	expect(page.url()).not.toContain(queryCode);
}

describe.each([
	["JavaScript off", false],
	["JavaScript on", true],
])("apply → receipt → lookup with %s", (_label, javaScriptEnabled) => {
	it("takes the application, shows the receipt and then the case's status", async () => {
		const page = await openPage(browser, { javaScriptEnabled });
		const errors = collectConsoleErrors(page);
		await page.goto(baseUrl() + APPLY);
		await fillForm(page, idNumber(), javaScriptEnabled);
		await page.locator("#apply-form").getByRole("button", { name: /提交/ }).click();
		const { trackingNo, queryCode } = await receiptOf(page);
		expect(await page.locator("#receipt-centre").textContent()).toContain("青石镇");

		await lookUp(page, trackingNo, queryCode);
		expect(await page.locator("#track-result").isVisible()).toBe(true);
		expect(await page.locator("#track-tracking-no").textContent()).toBe(trackingNo);
		expect(await page.locator("#track-name").textContent()).toBe("张*");
		expect(await page.locator("#track-status").textContent()).toContain("已提交");
		expect(await page.locator("#track-timeline li").count()).toBe(1);
		if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.context().close();
	});

	it("shows every problem at once, linked to its field, and keeps what was typed", async () => {
		const page = await openPage(browser, { javaScriptEnabled });
		await page.goto(baseUrl() + APPLY);
		await fillForm(page, "110105194005120010", javaScriptEnabled);
		await page.uncheck("#f-consent");
		await page.locator("#apply-form").getByRole("button", { name: /提交/ }).click();
		await page.locator("#error-summary").waitFor({ state: "visible" });
		expect(await page.title()).toMatch(/^错误：/);
		const links = await page.locator("#error-summary-list a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
		expect(links).toEqual(["#f-applicant-idNumber", "#f-consent"]);
		expect(await page.locator("#f-applicant-idNumber").getAttribute("aria-invalid")).toBe("true");
		expect(await page.locator("#f-applicant-idNumber").getAttribute("aria-describedby")).toContain("f-applicant-idNumber-error");
		expect(await page.locator("#f-applicant-idNumber-error").textContent()).toContain("身份证号");
		expect(await page.locator("#f-applicant-name").inputValue()).toBe("张三");
		expect(await page.locator('input[name="answers.payAccount"][value="社会保障卡"]').isChecked()).toBe(true);
		expect(await page.locator("#f-applicant-village").inputValue()).toBe("shiqiao");
		expect((await villageOptions(page)).sort()).toEqual(["", "huayuan", "liujia", "shiqiao"]);
		expect(await axeViolations(javaScriptEnabled ? page : await sameHtmlWithJs(page))).toEqual([]);

		// Following the link puts the cursor in the field.
		await page.locator('#error-summary-list a[href="#f-applicant-idNumber"]').click();
		if (javaScriptEnabled) expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-applicant-idNumber");
		await page.context().close();
	});
});

/** axe runs as a script in the page: a JavaScript-off page is re-opened with the same HTML in a JS context. */
async function sameHtmlWithJs(page: Page): Promise<Page> {
	const html = await page.content();
	const other = await openPage(browser);
	await other.route(baseUrl() + "/__snapshot", (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
	await other.goto(baseUrl() + "/__snapshot");
	return other;
}

describe("accessibility of the application journey", () => {
	it("has no axe violations on the form and the receipt", async () => {
		const page = await openPage(browser);
		await page.goto(baseUrl() + APPLY);
		expect(await axeViolations(page)).toEqual([]);
		await fillForm(page, idNumber("11010519400512002"));
		await page.locator("#apply-form").getByRole("button", { name: /提交/ }).click();
		await receiptOf(page);
		expect(await axeViolations(page)).toEqual([]);
		await page.context().close();
	});

	it("focuses the error summary when the page shows errors (JavaScript on)", async () => {
		const page = await openPage(browser);
		await page.goto(baseUrl() + APPLY);
		await page.locator("#apply-form").getByRole("button", { name: /提交/ }).click();
		await page.locator("#error-summary").waitFor({ state: "visible" });
		expect(await page.evaluate(() => document.activeElement?.id)).toBe("error-summary");
		expect(await page.locator("#error-summary-list li").count()).toBeGreaterThanOrEqual(5);
		await page.context().close();
	});
});

describe("choosing the township without JavaScript", () => {
	it("says what to do when 下一步 is pressed with no township, and lists no village", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		await page.goto(baseUrl() + APPLY);
		await page.locator("#township-next").click();
		await page.locator("#error-summary").waitFor({ state: "visible" });
		expect(await page.title()).toMatch(/^错误：/);
		expect(await page.locator('#error-summary-list a[href="#f-centre"]').textContent()).toBe("请选择办理的便民服务中心。");
		expect(await villageOptions(page)).toEqual([""]);
		// The next try works from the same page.
		await page.selectOption("#f-centre", "baihe");
		await page.locator("#township-next").click();
		await page.locator('#f-applicant-village option[value="songlin"]').waitFor({ state: "attached" });
		expect((await villageOptions(page)).sort()).toEqual(["", "songlin", "yunfeng", "zhuping"]);
		expect(await axeViolations(await sameHtmlWithJs(page))).toEqual([]);
		await page.context().close();
	});
});

describe("the track page", () => {
	it("says the same for an unknown number as for a wrong code, without JavaScript", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		await lookUp(page, "3333-3333", "123456");
		expect(await page.title()).toMatch(/^错误：/);
		expect(await page.locator("#error-summary").textContent()).toContain("办件编号或查询码不对");
		expect(await page.locator("#track-result").isVisible()).toBe(false);
		expect(await page.locator("#f-queryCode").inputValue()).toBe("");
		await page.context().close();
	});
});
