import { readdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ItemSchema } from "../core/item";
import { loadContent } from "../scripts/content-files";
import { axeViolations, baseUrl, launchBrowser, openPage } from "./browser";

let browser: Browser;
beforeAll(async () => {
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

const ITEM_CODES = readdirSync("dist/items", { withFileTypes: true })
	.filter((d) => d.isDirectory())
	.map((d) => d.name);

/** The guides as the content check reads them, for what their files say (reviewed). */
const ITEMS = loadContent(".", "items", ItemSchema, [".md", ".mdx"]).entries.map((e) => e.data);
const REVIEWED = ITEMS.flatMap((i) => (i.reviewed ? [{ code: i.code, date: i.reviewed.toISOString().slice(0, 10) }] : []));

/** axe needs JavaScript in the page, so filtered views are checked in a context of their own. */
async function axeOn(path: string): Promise<string[]> {
	const page = await openPage(browser);
	await page.goto(baseUrl() + path);
	const violations = await axeViolations(page);
	await page.close();
	return violations;
}

/** Pages in a PDF, counted from its page objects. */
const pdfPages = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;

describe("catalogue filters work without JavaScript", () => {
	it("keeps only the chosen department's items, shows the choice and the new count", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		const res = await page.goto(`${baseUrl()}/items/?department=minzheng&online=`);
		expect(res?.status()).toBe(200);
		const departments = await page.locator("#catalogue > li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-department")));
		expect(departments.length).toBeGreaterThanOrEqual(4);
		expect(new Set(departments)).toEqual(new Set(["minzheng"]));
		expect(await page.locator("select[name=department]").inputValue()).toBe("minzheng");
		expect(await page.locator("#catalogue-count").textContent()).toBe(`共 ${departments.length} 个事项`);
		await page.close();
		expect(await axeOn("/items/?department=minzheng&online=1")).toEqual([]);
	});

	it("combines filters, ticks the boxes it applied, and says so when nothing is left", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		await page.goto(`${baseUrl()}/items/`);
		const all = await page.locator("#catalogue > li").count();
		await page.getByLabel("村代办员可以代办").check();
		await page.getByRole("button", { name: "筛选" }).click();
		await page.waitForURL(/agent=1/);
		const agentOnly = await page.locator("#catalogue > li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-agent")));
		expect(agentOnly.length).toBeGreaterThan(0);
		expect(agentOnly.length).toBeLessThan(all);
		expect(new Set(agentOnly)).toEqual(new Set(["1"]));
		expect(await page.getByLabel("村代办员可以代办").isChecked()).toBe(true);

		await page.goto(`${baseUrl()}/items/?department=linye&type=${encodeURIComponent("行政给付")}`);
		expect(await page.locator("#catalogue > li").count()).toBe(0);
		expect(await page.locator("#catalogue-none").isVisible()).toBe(true);
		await page.close();
	});

	it("answers a malformed filter with 400, the whole list and a message saying what to do", async () => {
		const page = await openPage(browser, { javaScriptEnabled: false });
		const res = await page.goto(`${baseUrl()}/items/?type=${encodeURIComponent("<script>alert(1)</script>")}`);
		expect(res?.status()).toBe(400);
		expect(await page.title()).toMatch(/^错误：/);
		expect(await page.getByRole("alert").textContent()).toMatch(/筛选条件有误/);
		expect(await page.locator("#catalogue > li").count()).toBe(ITEM_CODES.length);
		expect(await page.content()).not.toContain("<script>alert(1)");
		await page.close();
		expect(await axeOn("/items/?type=bad")).toEqual([]);
	});
});

describe("print: every guide is a one-page A4 一次性告知单", () => {
	for (const code of ITEM_CODES) {
		it(`/items/${code}/ prints on one page with the checklist, a QR code and the reader's centre and station`, async () => {
			const page = await openPage(browser);
			// The longer notice: with a place chosen (在哪里办 then prints that centre and village station).
			await page.context().addCookies([{ name: "place", value: "qingshi.shiqiao", url: baseUrl() }]);
			await page.goto(`${baseUrl()}/items/${code}/`);
			await page.emulateMedia({ media: "print" });
			expect(await page.locator("#where-centre").textContent()).toBe("青石镇便民服务中心");
			expect(await page.locator("#where-place").isVisible()).toBe(true);
			expect(await page.getByText("一次性告知单", { exact: true }).isVisible()).toBe(true);
			expect(await page.locator("svg.app-qr").isVisible()).toBe(true);
			expect(await page.locator("td.app-print-cell").first().isVisible()).toBe(true);
			// Every deadline it prints says where it comes from.
			expect(await page.locator(".app-guide__print-basis").textContent()).toMatch(/^(法定|参考)时限依据：.+。承诺时限是本中心的承诺/);
			const pdf = await page.pdf({ format: "A4" });
			expect(pdfPages(pdf)).toBe(1);
			await page.close();
		});
	}
});

describe("最后核对: the day an editor last checked a guide whole", () => {
	it("is written on at least one guide", () => {
		expect(REVIEWED.length).toBeGreaterThan(0);
	});

	for (const { code, date } of REVIEWED) {
		it(`/items/${code}/ shows 最后核对：${date} on screen and on paper`, async () => {
			const page = await openPage(browser);
			await page.goto(`${baseUrl()}/items/${code}/`);
			const line = page.getByText(`最后核对：${date}`, { exact: true });
			expect(await line.isVisible()).toBe(true);
			await page.emulateMedia({ media: "print" });
			expect(await line.isVisible()).toBe(true);
			await page.close();
		});
	}

	it("is not shown on a guide whose file has no date", async () => {
		const unreviewed = ITEMS.find((i) => !i.reviewed);
		expect(unreviewed).toBeDefined();
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/items/${unreviewed!.code}/`);
		expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(unreviewed!.name);
		expect(await page.getByText("最后核对").count()).toBe(0);
		await page.close();
	});
});

describe("长辈版 and large text", () => {
	it("switches to larger text, remembers it on the next page, and switches back", async () => {
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/`);
		const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
		const normal = await rootSize();
		const toggle = page.getByRole("button", { name: "长辈版" });
		await toggle.click();
		expect(await toggle.getAttribute("aria-pressed")).toBe("true");
		expect(await rootSize()).toBeGreaterThanOrEqual(normal * 1.2);
		await page.goto(`${baseUrl()}/items/dibao/`);
		expect(await rootSize()).toBeGreaterThanOrEqual(normal * 1.2);
		expect(await axeViolations(page)).toEqual([]);
		await page.getByRole("button", { name: "长辈版" }).click();
		expect(await rootSize()).toBe(normal);
		await page.close();
	});

	for (const path of ["/", "/items/", "/items/dibao/", "/centres/qingshi/", "/search/?q=低保"]) {
		it(`${path} reflows at 200 % text (and in 长辈版) without sideways scrolling`, async () => {
			// 200 % zoom of a 1280 px window is a 640 px layout viewport.
			const page = await openPage(browser, { viewport: { width: 640, height: 900 } });
			await page.goto(`${baseUrl()}/`);
			await page.getByRole("button", { name: "长辈版" }).click();
			await page.goto(`${baseUrl()}${path}`);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow).toBeLessThanOrEqual(0);
			await page.close();
		});
	}
});

describe("keyboard only", () => {
	it("goes from the home page to a guide with Tab and Enter, skipping the header", async () => {
		const page = await openPage(browser);
		await page.goto(`${baseUrl()}/`);
		await page.keyboard.press("Tab");
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("跳到正文");
		await page.keyboard.press("Enter");
		expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
		for (let i = 0; i < 40; i++) {
			await page.keyboard.press("Tab");
			if ((await page.evaluate(() => document.activeElement?.getAttribute("href"))) === "/items/dibao/") break;
		}
		await page.keyboard.press("Enter");
		await page.waitForURL(/\/items\/dibao\/$/);
		expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("最低生活保障（申请、审核确认）");
		await page.close();
	});
});

describe("the materials on a 360 px phone", () => {
	it("are one card per material, each fact on its own line after its name, with nothing cut off; print keeps the table", async () => {
		const page = await openPage(browser, { viewport: { width: 360, height: 780 } });
		await page.goto(`${baseUrl()}/items/dibao/`);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		const rows = page.locator(".app-materials tbody tr");
		expect(await rows.count()).toBeGreaterThan(2);
		const cards = await rows.evaluateAll((trs) =>
			trs.map((tr) => {
				const box = tr.getBoundingClientRect();
				const required = tr.querySelector<HTMLElement>('td[data-label="是否必须"]')!;
				const line = parseFloat(getComputedStyle(required).lineHeight);
				return {
					display: getComputedStyle(tr).display,
					right: box.right,
					// 是否必须：必须 on one line, never one character per line.
					requiredLines: Math.round(required.getBoundingClientRect().height / line),
					label: getComputedStyle(required, "::before").content,
				};
			}),
		);
		for (const card of cards) {
			expect(card.display).toBe("block");
			expect(card.right).toBeLessThanOrEqual(360);
			expect(card.requiredLines).toBe(1);
			expect(card.label).toBe('"是否必须："');
		}
		expect(await axeViolations(page)).toEqual([]);
		await page.emulateMedia({ media: "print" });
		expect(await rows.first().evaluate((tr) => getComputedStyle(tr).display)).toBe("table-row");
		await page.close();
	});
});
