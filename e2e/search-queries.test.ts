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

/**
 * How people really type (issue 13), each kind with its own queries, none copied from a guide: whole
 * sentences as voice input writes them, pinyin-keyboard homophone typos, typed pinyin, and ages.
 */
const KINDS: Record<string, [query: string, anyOf: string[]][]> = {
	"sentences (voice input)": [
		["家里穷揭不开锅了能不能吃低保", ["/items/dibao/"]],
		["孩子刚生下来怎么上户口", ["/items/chusheng-dengji/"]],
		["我想在自家承包地上砍几棵树卖", ["/items/linmu-caifa/"]],
		["老伴瘫在床上能领残疾人补贴吗", ["/items/canji-butie/"]],
		["村里要打一口机井浇地去哪里批", ["/items/qushui-xuke/"]],
		["买了台收割机国家给补多少钱", ["/items/nongji-butie/"]],
		["打工回来了找不到活干怎么登记", ["/items/jiuye-dengji/"]],
		["身份证丢了怎么补", ["/items/shenfenzheng/"]],
		["家里人得了大病看病花了好多钱有没有救助", ["/items/yiliao-jiuzhu/"]],
		["养了一群羊要不要去登记", ["/items/xuqin-beian/"]],
		["在集上摆摊卖菜要不要办执照", ["/items/getihu-dengji/"]],
		["老房子塌了想在原地方重新盖需要批吗", ["/items/zhaijidi/", "/items/xiangcun-guihua/"]],
	],
	"homophone typos": [
		["低宝", ["/items/dibao/"]],
		["残疾正", ["/items/canjiren-zheng/"]],
		["宅鸡地", ["/items/zhaijidi/"]],
		["高玲津贴", ["/items/gaoling-jintie/"]],
		["五宝户", ["/items/tekun/"]],
		["新农和", ["/items/yibao-canbao/"]],
		["临时就助", ["/items/linshi-jiuzhu/"]],
		["户户同", ["/items/huhutong/"]],
		["一卡同", ["/items/yikatong/"]],
		["农机不贴", ["/items/nongji-butie/"]],
		["养老保现", ["/items/yanglao-canbao/"]],
		["身分证", ["/items/shenfenzheng/"]],
		["采伐正", ["/items/linmu-caifa/"]],
	],
	"typed pinyin": [
		["dibao", ["/items/dibao/"]],
		["di bao", ["/items/dibao/"]],
		["db", ["/items/dibao/"]],
		["canjizheng", ["/items/canjiren-zheng/"]],
		["gaolingjintie", ["/items/gaoling-jintie/"]],
		["zhaijidi", ["/items/zhaijidi/"]],
		["zjd", ["/items/zhaijidi/"]],
		["xinnonghe", ["/items/yibao-canbao/"]],
		["huhutong", ["/items/huhutong/"]],
		["wubao", ["/items/tekun/"]],
		["shangfang", ["/items/xinfang/"]],
		["kanshu", ["/items/linmu-caifa/"]],
		["zaijidi", ["/items/zhaijidi/"]],
	],
	ages: [
		["我爸八十岁了有什么补贴", ["/items/gaoling-jintie/"]],
		["老人80岁能领啥钱", ["/items/gaoling-jintie/"]],
		["奶奶九十了", ["/items/gaoling-jintie/"]],
		["我妈七十九了", ["/items/gaoling-jintie/"]],
		["今年满六十了能领养老金吗", ["/items/yanglao-daiyu/"]],
		["快60岁了独生子女有奖励吗", ["/items/jisheng-jiangli/"]],
		["孩子十六岁了要办身份证吗", ["/items/shenfenzheng/"]],
		["六十岁以后每个月领多少钱", ["/items/yanglao-daiyu/"]],
		["家里老人八十多岁了", ["/items/gaoling-jintie/"]],
		["满十六周岁第一次办证", ["/items/shenfenzheng/"]],
		["女儿16岁了能交养老保险吗", ["/items/yanglao-canbao/"]],
		["一百岁老人有补贴吗", ["/items/gaoling-jintie/"]],
	],
};

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

/** The addresses of the results the search page lists for a query, in order, once the full text is in. */
async function results(query: string): Promise<string[]> {
	await page.goto(`${baseUrl()}/search/?q=${encodeURIComponent(query)}`);
	await page.locator("#search-results[data-state=done]").waitFor();
	return page.locator("#search-list a").evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}

async function expectInTopThree(query: string, anyOf: string[]) {
	const top = (await results(query)).slice(0, 3);
	expect(
		top.some((path) => anyOf.includes(path)),
		`top 3 for ${query}: ${top.join(", ")}`,
	).toBe(true);
}

describe("what citizens type finds what they need among the first three results", () => {
	for (const [query, anyOf] of QUERIES) it(`${query} → ${anyOf.join(" 或 ")}`, () => expectInTopThree(query, anyOf));

	for (const [kind, queries] of Object.entries(KINDS))
		describe(kind, () => {
			for (const [query, anyOf] of queries) it(`${query} → ${anyOf.join(" 或 ")}`, () => expectInTopThree(query, anyOf));
		});

	it("printed no error while searching", () => {
		expect(errors).toEqual([]);
	});
});
