import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/**
 * What the assets layer answers for each kind of open-data file: it goes by the file's extension, not by the
 * headers the Astro endpoint set at build time. CSV comes with its charset; JSON without one (JSON is UTF-8 by
 * definition, RFC 8259).
 */
const CONTENT_TYPES: Record<string, RegExp> = {
	csv: /^text\/csv; charset=utf-8$/i,
	json: /^application\/json$/i,
};

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

describe("/open-data/", () => {
	it("lists every file with its licence and date, links each one (a centre's list as an example), and axe finds nothing", async () => {
		const page = await openPage(browser);
		const errors = collectConsoleErrors(page);
		const res = (await page.goto(`${baseUrl()}/open-data/`))!;
		expect(res.status()).toBe(200);
		await expect(page.locator("h1").textContent()).resolves.toBe("开放数据");
		const main = (await page.locator("main").textContent()) ?? "";
		expect(main).toContain("可以自由复制、使用，请注明来源：示范市便民服务网");
		expect(main).toMatch(/更新日期：\d{4}-\d{2}-\d{2}/);
		// The monthly figures come from the Worker (the daily job's aggregates), under /api/open-data/.
		const monthly = await page.locator("main a[href^='/api/open-data/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
		expect(monthly).toEqual(["/api/open-data/performance.csv", "/api/open-data/performance.json", "/api/open-data/overdue.csv"]);
		for (const href of monthly) expect((await page.request.get(`${baseUrl()}${href}`)).status()).toBe(200);

		const links = await page.locator("main a[href^='/open-data/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
		// Each centre's 实施清单 is listed in centres.csv; the page links the first centre's (白鹤乡) as an example.
		expect(new Set(links)).toEqual(
			new Set([
				"/open-data/items.csv",
				"/open-data/items.json",
				"/open-data/materials.csv",
				"/open-data/centres.csv",
				"/open-data/centres.json",
				"/open-data/centres/baihe.csv",
				"/open-data/centres/baihe.json",
				"/open-data/fields.csv",
				"/open-data/fields.json",
			]),
		);
		for (const href of new Set(links)) {
			const file = await fetch(baseUrl() + href);
			expect(file.status, href).toBe(200);
			expect(file.headers.get("content-type"), href).toMatch(CONTENT_TYPES[href.split(".").pop()!]);
			expect(file.headers.get("x-content-type-options"), href).toBe("nosniff");
			const bytes = new Uint8Array(await file.arrayBuffer());
			if (href.endsWith(".csv")) expect([...bytes.subarray(0, 3)], href).toEqual([0xef, 0xbb, 0xbf]);
			else expect(() => JSON.parse(new TextDecoder().decode(bytes)) as unknown, href).not.toThrow();
		}

		// Each column table is reachable from its file's entry.
		for (const id of ["items", "materials", "centres", "centre-list"]) {
			await page.locator(`a[href='#columns-${id}']`).first().click();
			await expect(page.locator(`#columns-${id}`).isVisible()).resolves.toBe(true);
		}
		expect(await axeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	});

	it("is linked from the footer of every page", async () => {
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/`);
		await page.locator("footer a[href='/open-data/']").click();
		await page.waitForURL(/\/open-data\/$/);
		await page.close();
	});
});
