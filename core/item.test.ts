import { describe, expect, it } from "vitest";
import { ItemSchema, PERMIT_EXTENSION, exceedsLegal, extensionOf, itemKind, itemWarnings, suspensionReasonsOf } from "./item";
import { validItem } from "./item.fixture";

function messagesOf(input: unknown): string[] {
	const result = ItemSchema.safeParse(input);
	return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("ItemSchema", () => {
	it("accepts a complete item and fills the defaults", () => {
		const item = ItemSchema.parse(validItem());
		expect(item.fees).toEqual([]);
		expect(item.agent).toEqual({ allowed: false });
		expect(item.materials[0]).toMatchObject({ medium: "纸质", copies: 1, requirement: "必须" });
		expect(item.reviewBy).toBeInstanceOf(Date);
	});

	it("refuses a promise longer than the legal deadline, in Chinese, on the promised field", () => {
		expect(messagesOf({ ...validItem(), promisedDeadline: { days: 31, unit: "工作日" } })).toEqual([
			expect.stringMatching(/^promisedDeadline: 承诺时限（31个工作日）不能长于法定时限（30个工作日）/),
		]);
	});

	it("calls a limit 法定 only with a cited article, and a 地方做法 limit a 参考时限 in every message", () => {
		const withDeadline = (legalDeadline: Record<string, unknown>) => messagesOf({ ...validItem(), legalDeadline });
		const figure = { days: 30, unit: "工作日" };
		expect(withDeadline({ ...figure, basis: "民政部有规定", source: "法规" })).toEqual([
			expect.stringMatching(
				/^legalDeadline.basis: 法定时限要写明规定它的法规名称和条款，例如《中华人民共和国行政许可法》第四十二条；没有法律法规规定时限的，请把 source 写成「地方做法」/,
			),
		]);
		expect(withDeadline({ ...figure, basis: "《浙江省社会救助条例》第十一条", source: "本省规定" })).toEqual([]);
		expect(withDeadline({ ...figure, basis: "外省做法，国家未规定", source: "地方做法" })).toEqual([]);
		expect(withDeadline({ ...figure, basis: "《某办法》第二条" })[0]).toMatch(
			/^legalDeadline.source: 时限来源 source 只能是：法律、法规、本省规定、地方做法/,
		);
		expect(
			messagesOf({
				...validItem(),
				legalDeadline: { ...figure, basis: "外省做法", source: "地方做法" },
				promisedDeadline: { days: 31, unit: "工作日" },
			}),
		).toEqual([expect.stringMatching(/^promisedDeadline: 承诺时限（31个工作日）不能长于参考时限（30个工作日）/)]);
	});

	it("refuses a code that cannot be part of a stable address", () => {
		expect(messagesOf({ ...validItem(), code: "低保" })[0]).toMatch(/^code: 事项编码只能用小写字母/);
		expect(messagesOf({ ...validItem(), code: "Dibao" })).toHaveLength(1);
	});

	it("refuses an invented-looking article number and a law name with 书名号", () => {
		const basis = { law: "《社会救助暂行办法》", article: "11条", clause: "……" };
		const messages = messagesOf({ ...validItem(), legalBasis: [basis] });
		expect(messages).toContainEqual(expect.stringMatching(/^legalBasis\.0\.law: .*书名号/));
		expect(messages).toContainEqual(expect.stringMatching(/^legalBasis\.0\.article: 条款写法/));
	});

	it("accepts articles with 款 and 项", () => {
		for (const article of ["第三十二条第一款", "第三十二条第一款第（四）项", "第一百零二条"]) {
			expect(messagesOf({ ...validItem(), legalBasis: [{ law: "中华人民共和国行政许可法", article, clause: "……" }] })).toEqual([]);
		}
	});

	it("requires every material to say where it comes from", () => {
		expect(messagesOf({ ...validItem(), materials: [{ name: "户口簿", form: "原件" }] })).toEqual([
			expect.stringMatching(/^materials\.0\.source: 请填写材料的来源渠道/),
		]);
	});

	it("refuses a fee without a legal basis", () => {
		expect(messagesOf({ ...validItem(), fees: [{ name: "工本费", amount: "10元" }] })).toEqual([
			expect.stringMatching(/^fees\.0\.basis: 请填写收费依据/),
		]);
	});

	it("requires the 委托 details when an agent may apply", () => {
		expect(messagesOf({ ...validItem(), agent: { allowed: true } })).toEqual([expect.stringMatching(/^agent\.authorization: 可以代办时/)]);
	});

	it("refuses unknown keys so a typo in a field name is caught", () => {
		expect(messagesOf({ ...validItem(), condtions: ["x"] })).toHaveLength(1);
	});
});

describe("what the law lets a case do: suspensionReasonsOf and extensionOf", () => {
	const publicity = { name: "公示", limit: "7天", description: "初审意见公示", basis: "《浙江省社会救助条例》第十一条" };

	it("gives a 行政许可 item 行政许可法第四十五条's procedures and its own, others only their own, 低保 none", () => {
		const permit = suspensionReasonsOf({ type: "行政许可", specialProcedures: [publicity] });
		expect(permit.map((r) => r.name)).toEqual(["听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审", "公示"]);
		expect(permit[0].basis).toBe("《中华人民共和国行政许可法》第四十五条");
		expect(suspensionReasonsOf({ type: "行政给付", specialProcedures: [publicity] })).toEqual([
			{ name: "公示", basis: "《浙江省社会救助条例》第十一条" },
		]);
		// 低保: the 30 working days of 审核确认办法第二十二条 include the 公示, so the guide lists no procedure.
		expect(suspensionReasonsOf({ type: "行政给付", specialProcedures: [] })).toEqual([]);
	});

	it("extends a 行政许可 item by 第四十二条's 10 working days unless its own law says otherwise; others not at all", () => {
		const legalDeadline = {};
		expect(extensionOf({ type: "行政许可", legalDeadline })).toEqual(PERMIT_EXTENSION);
		const own = { days: 3, unit: "工作日" as const, basis: "《中华人民共和国市场主体登记管理条例》第十九条第一款" };
		expect(extensionOf({ type: "行政许可", legalDeadline: { extension: own } })).toEqual(own);
		expect(extensionOf({ type: "行政给付", legalDeadline })).toBeUndefined();
	});
});

describe("exceedsLegal", () => {
	it("compares days of the same unit directly", () => {
		expect(exceedsLegal({ days: 20, unit: "工作日" }, { days: 20, unit: "工作日" })).toBe(false);
		expect(exceedsLegal({ days: 21, unit: "工作日" }, { days: 20, unit: "工作日" })).toBe(true);
	});

	it("treats 5 working days as a week when the units differ", () => {
		expect(exceedsLegal({ days: 5, unit: "工作日" }, { days: 7, unit: "自然日" })).toBe(false);
		expect(exceedsLegal({ days: 5, unit: "工作日" }, { days: 6, unit: "自然日" })).toBe(true);
		expect(exceedsLegal({ days: 7, unit: "自然日" }, { days: 5, unit: "工作日" })).toBe(false);
	});
});

describe("itemKind and itemWarnings", () => {
	it("calls a 0-day promise 即办件", () => {
		expect(itemKind({ promisedDeadline: { days: 0, unit: "工作日" } })).toBe("即办件");
		expect(itemKind({ promisedDeadline: { days: 3, unit: "工作日" } })).toBe("承诺件");
	});

	it("warns about unverified citations and a passed review date, and not otherwise", () => {
		const item = ItemSchema.parse(validItem());
		expect(itemWarnings(item, new Date("2026-11-28"))).toEqual([]);
		const stale = ItemSchema.parse({ ...validItem(), legalBasis: [{ law: "某办法", article: "第二条", clause: "……" }] });
		const warnings = itemWarnings(stale, new Date("2027-07-01"));
		expect(warnings).toHaveLength(2);
		expect(warnings[0]).toMatch(/《某办法》第二条 尚未核对原文/);
		expect(warnings[1]).toMatch(/复核日期 2027-06-30 已过/);
		const unchecked = ItemSchema.parse({ ...validItem(), legalDeadline: { ...(validItem().legalDeadline as object), verified: false } });
		expect(itemWarnings(unchecked, new Date("2026-11-28"))).toEqual([
			expect.stringMatching(/^legalDeadline：30个工作日（《最低生活保障审核确认办法》第二十二条）尚未核对原文/),
		]);
	});
});
