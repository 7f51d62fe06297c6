import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/** The options of the complaint's station choice. */
const stationOptions = (page: Page) => page.locator("#f-station option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

/**
 * 投诉建议 in Chromium, with JavaScript off and on: a complaint about 白鹤 centre's 民政 window is filed
 * from the centre's page link (a mistake first, shown on its field), the head of 白鹤 (李四, sample
 * staff) acknowledges and answers it in the back office, and the person reads the answer on /track/ and
 * rates it. This file keeps to 白鹤 complaints and two lookups per journey.
 */

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

async function signIn(page: Page, name: string) {
	await page.goto(`${baseUrl()}/staff/sign-in/`);
	await page.getByLabel(new RegExp(`^${name}（`)).check();
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL(`${baseUrl()}/staff/`);
}

async function lookUp(page: Page, c: { trackingNo: string; queryCode: string }) {
	await page.goto(`${baseUrl()}/track/`);
	await page.fill("#f-trackingNo", c.trackingNo);
	await page.fill("#f-queryCode", c.queryCode);
	await page.locator("#track-form").getByRole("button").click();
	await page.locator("#track-complaint").waitFor();
}

describe.each([
	{ js: false, title: "中午民政窗口没人办理" },
	{ js: true, title: "逢场天窗口排队太久" },
])("投诉建议, JavaScript $js", ({ js, title }) => {
	it("chooses the centre, then one of its stations: 下一步 without JavaScript, at once with it", async () => {
		const citizen = await openPage(browser, { javaScriptEnabled: js });
		await citizen.goto(`${baseUrl()}/complaints/`);
		expect(await stationOptions(citizen)).toEqual([""]);
		await citizen.selectOption("#f-centre", "heba");
		if (js) expect(await citizen.locator("#township-next").isVisible()).toBe(false);
		else await citizen.locator("#township-next").click();
		await citizen.locator('#f-station option[value="dongba"]').waitFor({ state: "attached" });
		expect(citizen.url()).toBe(`${baseUrl()}/complaints/${js ? "" : "?centre=heba"}`);
		expect((await stationOptions(citizen)).sort()).toEqual(["", "dongba", "hexi", "xinmin"]);
		expect(await citizen.locator('#complaint-form input[name="centre"]').inputValue()).toBe("heba");
		await citizen.context().close();
	});

	it("is filed, acknowledged, answered and rated", async () => {
		const citizen = await openPage(browser, { javaScriptEnabled: js });
		const errors = collectConsoleErrors(citizen);
		await citizen.goto(`${baseUrl()}/centres/baihe/`);
		await citizen.getByRole("link", { name: "网上投诉建议" }).click();
		await citizen.waitForURL(/\/complaints\/\?centre=baihe$/);
		expect(await citizen.locator("#f-centre").inputValue()).toBe("baihe");
		// The link chose the township: its stations, and only those, are listed.
		expect((await stationOptions(citizen)).sort()).toEqual(["", "songlin", "yunfeng", "zhuping"]);
		await citizen.selectOption("#f-station", "songlin");
		if (js) expect(await axeViolations(citizen)).toEqual([]);

		await citizen.getByLabel("投诉", { exact: true }).check();
		await citizen.selectOption("#f-window", "minzheng");
		await citizen.fill("#f-title", title);
		await citizen.fill("#f-content", "3月2日中午去办高龄津贴，民政窗口一直没有人，等了一个小时。");
		await citizen.getByLabel(/^请打电话或发短信答复我/).check();
		await citizen.getByLabel(/^我已阅读上面的个人信息处理告知/).check();
		await citizen.getByRole("button", { name: "提交" }).click();
		// A reply by phone without a phone number comes back on its field.
		await citizen.locator("#error-summary").waitFor();
		expect(await citizen.title()).toMatch(/^错误：/);
		expect(await citizen.locator("#f-phone-error").textContent()).toContain("请填写手机号");
		expect(await citizen.locator("#f-title").inputValue()).toBe(title);
		if (js) expect(await axeViolations(citizen)).toEqual([]);
		await citizen.fill("#f-phone", "13900007777");
		await citizen.getByRole("button", { name: "提交" }).click();
		await citizen.locator("#complaint-receipt").waitFor();
		const trackingNo = (await citizen.locator("#complaint-receipt-tracking-no").textContent())!.trim();
		const queryCode = (await citizen.locator("#complaint-receipt-query-code").textContent())!.trim();
		expect(await citizen.locator("#complaint-receipt-title").textContent()).toBe("已收到您的投诉");
		if (js) expect(await axeViolations(citizen)).toEqual([]);

		const head = await openPage(browser);
		const staffErrors = collectConsoleErrors(head);
		await signIn(head, "李四");
		await head.getByRole("link", { name: "投诉建议", exact: true }).click();
		await head.waitForURL(`${baseUrl()}/staff/complaints/`);
		expect(await axeViolations(head)).toEqual([]);
		await head.getByRole("link", { name: trackingNo }).click();
		await head.waitForURL(new RegExp(`/staff/complaints/${trackingNo}/$`));
		// Asked for a reply by phone: the head sees the whole number.
		expect(await head.locator("#complaint-phone").textContent()).toContain("13900007777");
		expect(await axeViolations(head)).toEqual([]);
		await head.locator("#complaint-action-acknowledge").getByRole("button").click();
		await head.waitForURL(/\?done=acknowledge$/);
		const reply = "已核实属实，民政窗口中午改为轮流值班，不再断档。感谢您的监督。";
		const answer = head.locator("#complaint-action-reply");
		await answer.getByLabel("支持", { exact: true }).check();
		await answer.getByLabel(/^答复内容/).fill(reply);
		await answer.getByRole("button").click();
		await head.waitForURL(/\?done=reply$/);
		expect(await head.locator("#complaint-reply").textContent()).toBe(reply);
		expect(staffErrors).toEqual([]);

		await lookUp(citizen, { trackingNo, queryCode });
		expect(await citizen.locator("#complaint-status").textContent()).toBe("已答复");
		expect(await citizen.locator("#complaint-answer-text").textContent()).toContain(reply);
		if (js) expect(await axeViolations(citizen)).toEqual([]);
		await citizen.locator("#track-complaint-rating").getByLabel("满意", { exact: true }).check();
		await citizen.locator("#track-complaint-rating").getByRole("button", { name: "提交评价" }).click();
		await citizen.locator("#track-notice").waitFor();
		expect(await citizen.locator("#track-notice").textContent()).toBe("谢谢您的评价。");
		expect(await citizen.locator("#complaint-timeline").textContent()).toContain("您对答复的评价：满意。");
		expect(await citizen.locator("#track-complaint-rating").isVisible()).toBe(false);
		// The 422 page is logged as a failed load; anything else (a CSP refusal, a script error) is a fault.
		expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
	});
});
