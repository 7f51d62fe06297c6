import { spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { startCmsServer } from "../scripts/cms-server.mjs";
import { toolsEnv } from "../scripts/tools-env.mjs";
import { baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/**
 * The editors' /admin/ in real Chromium against Decap CMS's local backend (decap-server) on a scratch copy of
 * content/ — no Git host, no sign-in, never the real content/. An editor changes a centre's window phone and
 * a guide's promised deadline through the UI; the files on disk stay valid for `npm run check:content`; a
 * promise longer than the law's is refused with the content check's own Chinese message.
 */

let browser: Browser;
let root: string;
let cms: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
	root = await mkdtemp(join(tmpdir(), "bianmin-cms-"));
	await cp("content", join(root, "content"), { recursive: true });
	cms = await startCmsServer(root);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await cms?.stop();
	if (root) await rm(root, { recursive: true, force: true });
});

/** Opens an entry in the CMS, signing in to the local backend first. */
async function openEntry(page: Page, collection: string, slug: string) {
	await page.goto(`${baseUrl()}/admin/?local_backend=${encodeURIComponent(cms.url)}#/collections/${collection}/entries/${slug}`);
	await page.getByRole("button", { name: "登录" }).click();
	await page.getByText(`正在集合`).waitFor();
}

/** 发布 → 立即发布: in local mode the CMS writes the file at once. */
async function publish(page: Page) {
	await page.getByRole("button", { name: "发布" }).click();
	await page.getByText("立即发布").click();
}

/** `npm run check:content` in the scratch copy. */
function checkContent() {
	const run = spawnSync(join(process.cwd(), "node_modules/.bin/tsx"), [join(process.cwd(), "scripts/check-content.ts")], {
		cwd: root,
		encoding: "utf8",
		env: toolsEnv(),
	});
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const frontmatter = (text: string) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)![1]) as Record<string, unknown>;

// The CMS is one 6 MB script; on a busy two-core machine its first start alone can take half a minute.
describe("内容编辑后台 /admin/", { timeout: 180_000 }, () => {
	it("changes a centre's window phone through the UI into valid YAML", async () => {
		const page = await openPage(browser);
		const errors = collectConsoleErrors(page);
		await openEntry(page, "centres", "heba");
		expect(await page.getByLabel("咨询电话").inputValue()).toBe("0838-6450000");
		// The windows list starts folded: unfold the first (民政) window by its toggle.
		await page.getByText("minzheng", { exact: true }).first().locator("xpath=..").getByRole("button").first().click();
		await page.getByLabel("窗口电话").first().fill("0838-6450111");
		await publish(page);
		await page.getByText("内容已保存").waitFor();

		const centre = parseYaml(await readFile(join(root, "content/centres/heba.yaml"), "utf8")) as {
			windows: { phone: string }[];
			phone: string;
		};
		expect(centre.windows[0].phone).toBe("0838-6450111");
		expect(centre.phone).toBe("0838-6450000");
		const check = checkContent();
		expect(check.output).toContain("0 个错误");
		expect(check.status).toBe(0);
		expect(errors.filter((e) => !e.includes("404"))).toEqual([]);
		await page.close();
	});

	it("shortens a guide's promised deadline through the UI and keeps the file valid", async () => {
		const page = await openPage(browser);
		await openEntry(page, "items", "dibao");
		await page.getByLabel("承诺天数").fill("20");
		await publish(page);
		await page.getByText("内容已保存").waitFor();

		const text = await readFile(join(root, "content/items/dibao.md"), "utf8");
		expect(frontmatter(text).promisedDeadline).toEqual({ days: 20, unit: "工作日" });
		// The guide's Markdown body survives the round trip.
		expect(text).toContain("低保以家庭为单位申请");
		const check = checkContent();
		expect(check.output).toContain("0 个错误");
		expect(check.status).toBe(0);
		await page.close();
	});

	it("refuses a promise longer than the law's with the content check's Chinese message", async () => {
		const page = await openPage(browser);
		const before = await readFile(join(root, "content/items/dibao.md"), "utf8");
		await openEntry(page, "items", "dibao");
		await page.getByLabel("承诺天数").fill("40");
		await publish(page);
		const message = "承诺时限（40个工作日）不能长于法定时限（30个工作日），请缩短承诺时限";
		await page.getByText(message, { exact: false }).waitFor();
		expect(await readFile(join(root, "content/items/dibao.md"), "utf8")).toBe(before);
		await page.close();
	});
});
