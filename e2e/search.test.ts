import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** The addresses of the first results the search page lists for a query. */
async function topResults(query: string, count = 3): Promise<string[]> {
	const page = await openPage(browser);
	const errors = collectConsoleErrors(page);
	await page.goto(`${baseUrl()}/search/?q=${encodeURIComponent(query)}`);
	await page.locator("#search-status").filter({ hasNotText: "正在搜索" }).filter({ hasText: /\S/ }).waitFor();
	const hrefs = await page
		.locator("#search-list a")
		.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
	expect(errors).toEqual([]);
	await page.close();
	return hrefs.slice(0, count);
}

describe("search", () => {
	it("finds the 低保 guide by its colloquial name, among the first three", async () => {
		expect(await topResults("低保")).toContain("/items/dibao/");
	});

	it("finds it by words from its statutory name", async () => {
		expect(await topResults("最低生活保障")).toContain("/items/dibao/");
	});

	it("says so, in Chinese, when nothing matches", async () => {
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/search/?q=${encodeURIComponent("xyzzy")}`);
		await expect.poll(() => page.locator("#search-status").textContent(), { timeout: 20_000 }).toMatch(/没有找到与「xyzzy」相关的事项/);
		await page.close();
	});

	it("takes a query typed on the home page to a linkable /search/?q= address with results", async () => {
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/`);
		await page.getByLabel("搜索要办的事").fill("低保");
		await page.getByRole("button", { name: "搜索" }).click();
		await page.waitForURL(/\/search\/\?q=/);
		expect(new URL(page.url()).searchParams.get("q")).toBe("低保");
		await expect.poll(() => page.locator("#search-list a").first().getAttribute("href"), { timeout: 20_000 }).toMatch(/\/items\/dibao\/$/);
		expect(await page.getByLabel("搜索要办的事").inputValue()).toBe("低保");
		expect(await page.locator("#search-fallback").count()).toBe(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.close();
	});
});

describe("without JavaScript", () => {
	it("the guide is fully readable: materials, steps and deadlines are in the HTML", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		await page.goto(`${baseUrl()}/items/dibao/`);
		await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("最低生活保障（申请、审核确认）");
		expect(await page.getByRole("row").count()).toBeGreaterThan(3);
		expect(await page.getByText("承诺时限").first().isVisible()).toBe(true);
		await page.close();
	});

	it("the search page tells the reader how to find an item instead", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		await page.goto(`${baseUrl()}/search/?q=${encodeURIComponent("低保")}`);
		expect(await page.getByText("搜索需要浏览器开启 JavaScript").isVisible()).toBe(true);
		await page.close();
	});
});
