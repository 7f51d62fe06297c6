import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/**
 * 代为申请 in real Chromium: the sample 石桥村 agent (scripts/sample-staff.json, seeded by global-setup)
 * applies for 高龄津贴 on a villager's behalf, with the 委托, corrects what the page says is missing,
 * reads the receipt, and the villager's codes work on /track/.
 */

const AGENT = "王秀兰";

/** A real ID number (born 1940-05-12) with its MOD 11-2 check digit; the sequence keeps it apart from other tests'. */
function idNumber(sequence: string): string {
	const first17 = `11010519400512${sequence}`;
	const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
	return first17 + "10X98765432"[sum % 11];
}

/** Today in China, as a date input takes it. */
const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

async function signIn(page: Page) {
	await page.goto(`${baseUrl()}/staff/sign-in/`);
	await page.getByLabel(new RegExp(`^${AGENT}（`)).check();
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL(`${baseUrl()}/staff/`);
}

describe("代为申请", () => {
	it("applies for a villager with the 委托, shows what is missing, and hands over a receipt whose codes work", async () => {
		const page = await openPage(browser);
		const errors = collectConsoleErrors(page);
		await signIn(page);

		// From the bar to the item list to the form.
		await page.getByRole("navigation", { name: "后台" }).getByRole("link", { name: "代为申请" }).click();
		await page.waitForURL(`${baseUrl()}/staff/apply/`);
		expect(await axeViolations(page)).toEqual([]);
		await page.getByRole("link", { name: "高龄津贴申领" }).click();
		await page.waitForURL(`${baseUrl()}/staff/apply/gaoling-jintie/`);
		expect(await page.locator("#f-centre").inputValue()).toBe("qingshi");
		expect(await page.locator("#f-applicant-village").inputValue()).toBe("shiqiao");
		// Only the villages of the agent's own township, filled by the Worker.
		const villages = await page.locator("#f-applicant-village option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
		expect(villages.sort()).toEqual(["", "huayuan", "liujia", "shiqiao"]);
		expect(await axeViolations(page)).toEqual([]);

		// Everything but the 委托.
		await page.fill("#f-applicant-name", "李秀英");
		await page.fill("#f-applicant-idNumber", idNumber("201"));
		await page.fill("#f-applicant-phone", "13900000201");
		await page.check('input[name="answers.applyFor"][value="村代办员替老人申请"]');
		await page.fill("#f-answers-elderName", "李秀英");
		await page.fill("#f-answers-elderIdNumber", idNumber("201"));
		await page.check('input[name="answers.payAccount"][value="社会保障卡"]');
		await page.check('input[name="answers.homeVisit"][value="需要上门"]');
		await page.check("#f-consent");
		await page.locator("#agent-apply-form").getByRole("button", { name: "代为提交申请" }).click();
		await page.locator("#error-summary").waitFor({ state: "visible" });
		expect(await page.title()).toMatch(/^错误：/);
		const links = await page.locator("#error-summary-list a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
		expect(links).toEqual(["#f-mandate-basis", "#f-mandate-signedOn"]);
		expect(await page.locator("#f-applicant-name").inputValue()).toBe("李秀英");
		expect(await axeViolations(page)).toEqual([]);

		// The 委托, then the receipt in the form's place.
		await page.locator('#error-summary-list a[href="#f-mandate-basis"]').click();
		await page.getByLabel("本人当面委托（已核验身份证）").check();
		await page.fill("#f-mandate-signedOn", today());
		await page.fill("#f-mandate-note", "老人行动不便，在家中当面委托");
		await page.locator("#agent-apply-form").getByRole("button", { name: "代为提交申请" }).click();
		await page.locator("#agent-receipt").waitFor({ state: "visible" });
		expect(await page.title()).toMatch(/^代为申请回执：高龄津贴申领/);
		const trackingNo = (await page.locator("#agent-receipt-tracking-no").textContent())!.trim();
		const queryCode = (await page.locator("#agent-receipt-query-code").textContent())!.trim();
		expect(trackingNo).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
		expect(queryCode).toMatch(/^\d{6}$/);
		expect(await page.locator("#agent-receipt-mandate").textContent()).toBe(`本人当面委托（已核验身份证），委托日期 ${today()}`);
		expect(await page.getByRole("button", { name: "打印回执" }).isVisible()).toBe(true);
		expect(await axeViolations(page)).toEqual([]);

		// The case is the station's, and the agent can say the paper went to the centre.
		await page.getByRole("link", { name: "查看这件办件" }).click();
		await page.waitForURL(`${baseUrl()}/staff/cases/${trackingNo}/`);
		await page.locator("#case-paper-forward").getByRole("button").click();
		await page.waitForURL(/\?done=paper_forwarded$/);
		expect(await page.locator("#case-paper").isVisible()).toBe(true);
		// The form sent back with its errors answers 422, which Chromium reports; nothing else may be printed.
		expect(errors.filter((e) => !e.includes("status of 422"))).toEqual([]);
		await page.context().close();

		// The villager looks the case up with the codes on the receipt.
		const villager = await openPage(browser, { javaScriptEnabled: false });
		await villager.goto(`${baseUrl()}/track/`);
		await villager.fill("#f-trackingNo", trackingNo);
		await villager.fill("#f-queryCode", queryCode);
		await villager.locator("#track-form").getByRole("button").click();
		await villager.locator("#track-result").waitFor();
		expect(await villager.locator("#track-name").textContent()).toContain("李");
		await villager.context().close();
	});
});
