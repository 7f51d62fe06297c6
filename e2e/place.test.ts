import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, launchBrowser, openPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const pdfPages = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

/** The township step, as a reader without JavaScript takes it. */
async function choose(page: Page, township: string) {
	await page.getByLabel("您所在的乡镇（街道）").selectOption({ label: township });
	await page.getByRole("button", { name: "确定" }).click();
	await page.waitForURL(/township=/);
}

/** axe needs JavaScript in the page: each state the reader saw is checked again in a context of its own. */
async function axeOn(path: string): Promise<string[]> {
	const page = await openPage(browser);
	await page.goto(baseUrl() + path);
	const violations = await axeViolations(page);
	await page.close();
	return violations;
}

describe("在哪里办 for the reader's place, without JavaScript", () => {
	it("chooses the township, then the village, and shows that window, phone and agent", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		await page.goto(`${baseUrl()}/items/dibao/`);
		expect(await page.locator("#where-count").textContent()).toMatch(/^全市有 3 个乡镇（街道）便民服务中心办理本事项。/);
		expect(await page.locator("#where-place").isVisible()).toBe(false);

		await choose(page, "青石镇");
		expect(await page.locator("#where-centre").textContent()).toBe("青石镇便民服务中心");
		expect(await page.locator("#where-window").textContent()).toBe("1号窗口（民政）");
		// The township step is done: only the village choice is left, with this township's villages.
		expect(await page.getByLabel("您所在的乡镇（街道）").count()).toBe(0);
		const villages = await page.getByLabel("您所在的村（社区）").locator("option").allTextContents();
		expect(villages.slice(1).sort()).toEqual(["刘家村", "石桥村", "花园社区"].sort());

		await page.getByLabel("您所在的村（社区）").selectOption({ label: "石桥村" });
		await page.getByRole("button", { name: "确定" }).click();
		await page.waitForURL(/township=qingshi&village=shiqiao/);
		expect(await page.locator("#where-station-link").textContent()).toBe("石桥村便民服务站");
		expect(await page.locator("#where-agent").textContent()).toBe("王秀兰");
		expect(await page.locator("#where-agent-phone").getAttribute("href")).toBe("tel:13900001101");
		expect(await page.locator("#where-phone").textContent()).toBe("0838-6210001");
		const cookies = await page.context().cookies();
		expect(cookies.map((c) => [c.name, c.value, c.sameSite, c.httpOnly])).toEqual([["place", "qingshi.shiqiao", "Lax", true]]);
		await page.close();
	});

	it("remembers the place on another guide, and 换一个地方 replaces it", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		// The cookie the steps above leave behind.
		await page.context().addCookies([{ name: "place", value: "qingshi.shiqiao", url: baseUrl(), sameSite: "Lax", httpOnly: true }]);
		await page.goto(`${baseUrl()}/items/shenfenzheng/`);
		expect(await page.locator("#where-centre").textContent()).toBe("青石镇便民服务中心");
		expect(await page.locator("#where-station-no").textContent()).toBe("石桥村便民服务站不代办本事项，请直接到青石镇便民服务中心办理。");
		expect(await page.getByText("青石镇便民服务中心投诉电话：0838-6210999").isVisible()).toBe(true);

		// 换一个地方: the township choice opens on the reader's township; another one replaces it everywhere.
		await page.getByRole("link", { name: "换一个地方" }).click();
		expect(await page.getByLabel("您所在的乡镇（街道）").inputValue()).toBe("qingshi");
		await choose(page, "河坝镇");
		await page.goto(`${baseUrl()}/items/dibao/`);
		expect(await page.locator("#where-centre").textContent()).toBe("河坝镇便民服务中心");
		expect(await page.locator("#where-station").isVisible()).toBe(false);
		expect(await page.getByLabel("您所在的村（社区）").isVisible()).toBe(true);
		await page.close();
	});

	it.each([
		"/items/dibao/",
		"/items/dibao/?township=qingshi",
		"/items/dibao/?township=qingshi&village=shiqiao",
		"/items/shenfenzheng/?township=qingshi&village=shiqiao",
	])("passes axe at each step: %s", async (path) => {
		expect(await axeOn(path)).toEqual([]);
	});

	it("answers a township it does not know with a message and the choice, not an error page", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		const res = await page.goto(`${baseUrl()}/items/dibao/?township=atlantis`);
		expect(res?.status()).toBe(200);
		expect(await page.getByRole("alert").textContent()).toBe("没有找到您选的乡镇，请从列表里重新选择。");
		expect(await page.getByLabel("您所在的乡镇（街道）").isVisible()).toBe(true);
		await page.close();
		expect(await axeOn("/items/dibao/?township=atlantis")).toEqual([]);
	});
});

describe("the printed 一次性告知单", () => {
	it("prints the chosen centre's window, phone and address on one page, without the forms", async () => {
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/items/dibao/?township=qingshi&village=shiqiao`);
		await page.emulateMedia({ media: "print" });
		const place = page.locator("#where-place");
		expect(await place.isVisible()).toBe(true);
		expect(await place.textContent()).toMatch(/青石镇便民服务中心[\s\S]*1号窗口（民政）[\s\S]*0838-6210001[\s\S]*人民路12号/);
		expect(await page.locator("#where-station-yes").textContent()).toMatch(/石桥村便民服务站：代办员\s*王秀兰，13900001101/);
		expect(await page.locator("#where-station-yes").isVisible()).toBe(true);
		expect(await page.getByText("换一个地方").isVisible()).toBe(false);
		expect(await page.locator("#where-print").isVisible()).toBe(false);
		expect(pdfPages(await page.pdf({ format: "A4" }))).toBe(1);
		await page.close();
	});

	it("without a place, tells the reader to scan the code and choose a township", async () => {
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/items/dibao/`);
		await page.emulateMedia({ media: "print" });
		expect(await page.locator("#where-print").textContent()).toMatch(/^办理地点：全市有 3 个乡镇.*扫描二维码，选择您所在的乡镇/);
		expect(await page.getByLabel("您所在的乡镇（街道）").isVisible()).toBe(false);
		await page.close();
	});
});
