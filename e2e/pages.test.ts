import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/**
 * Every page the build wrote, as the address a citizen opens (the 404 page through an unknown address). The
 * editors' /admin/ is Decap CMS's own page, with its own policy: e2e/admin.test.ts drives it.
 */
function builtPages(dir = "dist"): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter((f) => f.isFile() && f.name.endsWith(".html") && !f.parentPath.includes("pagefind"))
		.filter((f) => relative(dir, f.parentPath) !== "admin")
		.map((f) => "/" + relative("dist", join(f.parentPath, f.name)))
		.map((p) => (p === "/404.html" ? "/no-such-page/" : p.replace(/index\.html$/, "")))
		.sort();
}

const pages = builtPages();
let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

// Pages side by side in the one browser, each in a context of its own (maxConcurrency in vitest.config.ts).
describe.concurrent("every built page", () => {
	it("includes the guide, the search page and the 404 page", () => {
		expect(pages).toEqual(expect.arrayContaining(["/", "/items/", "/items/dibao/", "/search/", "/no-such-page/"]));
	});

	for (const path of pages) {
		it(`${path}: loads with its security headers, no console error, and no axe violation`, async () => {
			const page = await openPage(browser);
			const errors = collectConsoleErrors(page);
			const res = (await page.goto(baseUrl() + path))!;
			expect(res.status()).toBe(path === "/no-such-page/" ? 404 : 200);
			const headers = res.headers();
			expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
			expect(headers["content-security-policy"]).not.toMatch(/script-src [^;]*'unsafe-inline'/);
			expect(headers["x-content-type-options"]).toBe("nosniff");
			expect(headers["referrer-policy"]).toBeTruthy();
			expect(headers["strict-transport-security"]).toMatch(/max-age=/);
			expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
			expect(await axeViolations(page)).toEqual([]);
			// The browser reports the 404 page's own status as a console error; nothing else may appear.
			expect(errors.filter((e) => !(path === "/no-such-page/" && e.includes("status of 404")))).toEqual([]);
			await page.close();
		});
	}
});

describe("the API through the running Worker", () => {
	it("/api/health reports the applied migrations", async () => {
		const res = await fetch(`${baseUrl()}/api/health`);
		expect(res.headers.get("cache-control")).toBe("no-store");
		const body = (await res.json()) as { status: string; database: { migrations: number } };
		expect(body.status).toBe("ok");
		expect(body.database.migrations).toBeGreaterThanOrEqual(1);
	});

	it("an unknown /api path is a JSON 404, not the HTML 404 page", async () => {
		const res = await fetch(`${baseUrl()}/api/nothing-here`);
		expect(res.status).toBe(404);
		expect(res.headers.get("content-type")).toMatch(/^application\/json/);
		expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
	});
});
