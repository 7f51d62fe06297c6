import type { Browser, Page } from "playwright-core";
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
	await page.locator("#search-results[data-state=done]").waitFor();
	const hrefs = await page
		.locator("#search-list a")
		.evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
	expect(errors).toEqual([]);
	await page.close();
	return hrefs.slice(0, count);
}

/** The paths under /pagefind/ (engine, index chunks, one excerpt file per result) the page's context requests. */
function pagefindRequests(page: Page): string[] {
	const paths: string[] = [];
	page.context().on("request", (r) => {
		const path = new URL(r.url()).pathname;
		if (path.startsWith("/pagefind/")) paths.push(path);
	});
	return paths;
}

const settled = (page: Page, query: string) => page.locator(`#search-results[data-state=done][data-shown="${query}"]`).waitFor();

describe("search", () => {
	it("finds the 低保 guide by its colloquial name, among the first three", async () => {
		expect(await topResults("低保")).toContain("/items/dibao/");
	});

	it("finds it by words from its statutory name", async () => {
		expect(await topResults("最低生活保障")).toContain("/items/dibao/");
	});

	it("says so, in Chinese, when nothing matches, and offers life events, departments and the centres' phones", async () => {
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/search/?q=${encodeURIComponent("xyzzy")}`);
		await expect.poll(() => page.locator("#search-status").textContent(), { timeout: 20_000 }).toMatch(/没有找到与「xyzzy」相关的事项/);
		const none = page.locator("#search-none");
		expect(await none.isVisible()).toBe(true);
		expect(await none.locator('a[href^="/events/"]').count()).toBeGreaterThan(0);
		expect(await none.locator('a[href^="/items/?department="]').count()).toBeGreaterThan(0);
		expect(await none.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.close();
	});

	it("answers as the reader types, and keeps the address linkable", async () => {
		const page = await openPage(browser);
		const errors = collectConsoleErrors(page);
		await page.goto(`${baseUrl()}/search/`);
		await page.getByLabel("搜索要办的事").pressSequentially("di bao");
		await expect.poll(() => page.locator("#search-list a").first().getAttribute("href"), { timeout: 20_000 }).toBe("/items/dibao/");
		expect(new URL(page.url()).searchParams.get("q")).toBe("di bao");
		expect(await page.locator("#search-none").isVisible()).toBe(false);
		expect(errors).toEqual([]);
		await page.close();
	});

	it("finds the issue's own examples: a sentence, typos and pinyin", async () => {
		expect(await topResults("我妈七十九了明年能领高龄补贴吗")).toContain("/items/gaoling-jintie/");
		expect(await topResults("家里老房子想拆了重新盖要办啥")).toEqual(
			expect.arrayContaining([expect.stringMatching(/zhaijidi|xiangcun-guihua/)]),
		);
		expect(await topResults("养了几十只羊要不要去登记")).toContain("/items/xuqin-beian/");
		expect(await topResults("卖菜的摊子要不要办执照")).toContain("/items/getihu-dengji/");
		expect(await topResults("gaolingjintie")).toContain("/items/gaoling-jintie/");
	});

	it("answers a query found by an alias from the small index alone, and the full text on request, a few at a time", async () => {
		const page = await openPage(browser);
		const errors = collectConsoleErrors(page);
		const requests = pagefindRequests(page);
		await page.goto(`${baseUrl()}/search/`);
		await page.getByLabel("搜索要办的事").fill("低保");
		await settled(page, "低保");
		expect(await page.locator("#search-list a").first().getAttribute("href")).toBe("/items/dibao/");
		expect(requests).toEqual([]);
		const before = await page.locator("#search-list li").count();
		const more = page.getByRole("button", { name: "在办事指南全文里搜「低保」" });
		await more.click();
		await page.locator("#search-results[data-state=done]").waitFor();
		expect(await page.locator("#search-list li").count()).toBeGreaterThan(before);
		expect(await page.locator("#search-list mark").count()).toBeGreaterThan(0);
		// Excerpts five at a time: five more only while all were pages the small index already showed.
		expect(requests.filter((p) => p.includes("/fragment/")).length % 5).toBe(0);
		// The reader carries on at the first result the full text added.
		expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe(
			await page.locator("#search-list a").nth(before).getAttribute("href"),
		);
		expect(errors).toEqual([]);
		expect(await axeViolations(page)).toEqual([]);
		await page.close();
	});

	it("answers a sentence the small index knows some words of without fetching the full text", async () => {
		const page = await openPage(browser);
		const requests = pagefindRequests(page);
		const query = "家里老房子想拆了重新盖要办啥";
		await page.goto(`${baseUrl()}/search/`);
		await page.getByLabel("搜索要办的事").fill(query);
		await settled(page, query);
		const top = await page.locator("#search-list a").evaluateAll((as) => as.slice(0, 3).map((a) => a.getAttribute("href")));
		expect(top).toEqual(expect.arrayContaining([expect.stringMatching(/zhaijidi|xiangcun-guihua/)]));
		expect(requests).toEqual([]);
		expect(await page.getByRole("button", { name: `在办事指南全文里搜「${query}」` }).isVisible()).toBe(true);
		await page.close();
	});

	it("searches the full text by itself when the small index found nothing, five excerpts at a time", async () => {
		const page = await openPage(browser);
		const requests = pagefindRequests(page);
		// 原件 is in the materials of most guides, and in no guide's name, alias or keyword.
		const query = "原件";
		await page.goto(`${baseUrl()}/search/`);
		await page.getByLabel("搜索要办的事").fill(query);
		await settled(page, query);
		const excerpts = () => requests.filter((p) => p.includes("/fragment/")).length;
		expect(requests.some((p) => p.includes("/index/"))).toBe(true);
		expect(excerpts()).toBe(5);
		const before = await page.locator("#search-list li").count();
		await page.getByRole("button", { name: "显示更多结果" }).click();
		await page.locator("#search-results[data-state=done]").waitFor();
		expect(await page.locator("#search-list li").count()).toBeGreaterThan(before);
		expect(await page.locator("#search-list mark").count()).toBeGreaterThan(0);
		expect(excerpts() % 5 === 0 || (await page.locator("#search-more").isHidden())).toBe(true);
		await page.close();
	});

	it("waits for a pinyin input method to commit: the letters it composes are not searched", async () => {
		const page = await openPage(browser);
		const requests = pagefindRequests(page);
		await page.goto(`${baseUrl()}/search/`);
		const title = await page.title();
		await page.getByLabel("搜索要办的事").focus();
		const cdp = await page.context().newCDPSession(page);
		for (const text of ["d", "di", "dib", "diba", "dibao"])
			await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
		// A search starts in the input handler itself: it would have named the query in the address and the title.
		expect(await page.evaluate(() => [location.search, document.title])).toEqual(["", title]);
		await cdp.send("Input.insertText", { text: "低保" });
		await settled(page, "低保");
		expect(new URL(page.url()).searchParams.get("q")).toBe("低保");
		expect(await page.locator("#search-list a").first().getAttribute("href")).toBe("/items/dibao/");
		expect(requests).toEqual([]);
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

	it("the search page answers from the Worker: aliases, homophones, pinyin and ages", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		for (const [query, first] of [
			["低保", "/items/dibao/"],
			["低宝", "/items/dibao/"],
			["canjizheng", "/items/canjiren-zheng/"],
			["我爸八十岁了有什么补贴", "/items/gaoling-jintie/"],
		]) {
			await page.goto(`${baseUrl()}/search/?q=${encodeURIComponent(query)}`);
			expect(await page.locator("#search-list a").first().getAttribute("href"), query).toBe(first);
			expect(await page.getByLabel("搜索要办的事").inputValue()).toBe(query);
		}
		expect(await page.getByText("开启 JavaScript 后还能搜索办事指南的全文").isVisible()).toBe(true);
		expect(await page.locator("#search-more").isVisible()).toBe(false);
		await page.close();
	});

	it("a query that finds nothing shows the ways on", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		await page.goto(`${baseUrl()}/search/?q=${encodeURIComponent("天气预报")}`);
		expect(await page.locator("#search-status").textContent()).toMatch(/没有找到与「天气预报」相关的事项/);
		expect(await page.locator("#search-none").isVisible()).toBe(true);
		await page.close();
	});
});
