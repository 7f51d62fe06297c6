import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, collectConsoleErrors, launchBrowser, openPage } from "./browser";

/**
 * What citizens type (../shared/SEARCH-QUERIES.md first, then more in the same spirit) and the
 * guide — or life event — they need, which must be among the first three results.
 */
const QUERIES: [query: string, anyOf: string[]][] = [
	["宅基地", ["/items/zhaijidi/"]],
	["盖房子", ["/items/zhaijidi/", "/items/xiangcun-guihua/"]],
	["低保", ["/items/dibao/"]],
	["五保", ["/items/tekun/"]],
	["临时困难", ["/items/linshi-jiuzhu/"]],
	["残疾证", ["/items/canjiren-zheng/"]],
	["医保", ["/items/yibao-canbao/"]],
	["新农合", ["/items/yibao-canbao/"]],
	["养老保险", ["/items/yanglao-canbao/"]],
	["生孩子", ["/items/shengyu-dengji/", "/events/xinshenger/"]],
	["上户口", ["/items/chusheng-dengji/"]],
	["砍树", ["/items/linmu-caifa/"]],
	["买农机补贴", ["/items/nongji-butie/"]],
	["建房规划", ["/items/xiangcun-guihua/"]],
	["老人补贴", ["/items/gaoling-jintie/"]],
	// More of the same kind.
	["吃低保", ["/items/dibao/"]],
	["最低生活保障", ["/items/dibao/"]],
	["五保户", ["/items/tekun/"]],
	["特困供养", ["/items/tekun/"]],
	["大病救助", ["/items/yiliao-jiuzhu/"]],
	["评残", ["/items/canjiren-zheng/"]],
	["残疾补贴", ["/items/canji-butie/"]],
	["护理补贴", ["/items/canji-butie/"]],
	["高龄津贴", ["/items/gaoling-jintie/"]],
	["办身份证", ["/items/shenfenzheng/"]],
	["补办身份证", ["/items/shenfenzheng/"]],
	["准生证", ["/items/shengyu-dengji/"]],
	["报户口", ["/items/chusheng-dengji/"]],
	["合作医疗", ["/items/yibao-canbao/"]],
	["领养老金", ["/items/yanglao-daiyu/"]],
	["失业登记", ["/items/jiuye-dengji/"]],
	["采伐证", ["/items/linmu-caifa/"]],
	["伐树", ["/items/linmu-caifa/"]],
	["农机补贴", ["/items/nongji-butie/"]],
	["种粮补贴", ["/items/gengdi-butie/"]],
	["养猪", ["/items/xuqin-beian/"]],
	["打井", ["/items/qushui-xuke/"]],
	["上访", ["/items/xinfang/"]],
	["营业执照", ["/items/getihu-dengji/"]],
	["开小卖部", ["/items/getihu-dengji/"]],
	["一卡通", ["/items/yikatong/"]],
	["户户通", ["/items/huhutong/"]],
	["计生奖励", ["/items/jisheng-jiangli/"]],
	["规划证", ["/items/xiangcun-guihua/"]],
	["新生儿", ["/events/xinshenger/", "/items/chusheng-dengji/"]],
	// Quoted phrases must not come back empty.
	["“最低生活保障”", ["/items/dibao/"]],
	['"宅基地"', ["/items/zhaijidi/"]],
	["“盖房子”", ["/items/zhaijidi/", "/items/xiangcun-guihua/"]],
];

let browser: Browser;
let page: Page;
let errors: string[];
beforeAll(async () => {
	browser = await launchBrowser();
	page = await openPage(browser);
	errors = collectConsoleErrors(page);
});
afterAll(async () => {
	await browser?.close();
});

/** The addresses of the results the search page lists for a query, in order. */
async function results(query: string): Promise<string[]> {
	await page.goto(`${baseUrl()}/search/?q=${encodeURIComponent(query)}`);
	await page.locator("#search-status").filter({ hasNotText: "正在搜索" }).filter({ hasText: /\S/ }).waitFor();
	return page.locator("#search-list a").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

describe("what citizens type finds what they need among the first three results", () => {
	for (const [query, anyOf] of QUERIES) {
		it(`${query} → ${anyOf.join(" 或 ")}`, async () => {
			const top = (await results(query)).slice(0, 3);
			expect(
				top.some((path) => anyOf.includes(path)),
				`top 3 for ${query}: ${top.join(", ")}`,
			).toBe(true);
		});
	}

	it("printed no error while searching", () => {
		expect(errors).toEqual([]);
	});
});
