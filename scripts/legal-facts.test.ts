import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * Facts of the guides corrected against the law texts (LawRefBook/Laws), kept from sliding back, and the
 * README's word on where personal data may be stored. Each names the rule it follows.
 */
const guide = (code: string) => readFileSync(`content/items/${code}.md`, "utf8");

describe("guides as the law texts say", () => {
	it("quotes 社会保险经办条例第六十二条 whole", () => {
		expect(guide("yikatong")).toContain("提升民生服务效能。医保电子凭证可以根据需要，加载相关服务功能。");
	});

	it("calls 出生登记 within a month a duty (户口登记条例第七条), not a preference", () => {
		expect(guide("chusheng-dengji")).not.toMatch(/一个月以内(申报|办理)最好|最好在一个月以内/);
		expect(guide("chusheng-dengji")).toContain("一个月以内应当申报出生登记");
	});

	it("does not promise 高龄津贴 to every 80-year-old (老年人权益保障法第三十三条: low-income elders, set locally)", () => {
		expect(guide("gaoling-jintie")).not.toContain("年满80周岁的本地户籍老人可以申请");
		expect(guide("gaoling-jintie")).toContain("符合本地高龄津贴条件");
	});

	it("pays 特困 from the month after approval (浙江省社会救助条例第五十六条)", () => {
		expect(guide("tekun")).toContain("从批准的次月起按月发放");
	});

	it("says the whole wait of a two-stage permit and when 耕地地力保护补贴 money comes", () => {
		expect(guide("xiangcun-guihua")).toMatch(/两段相加才是申请人的全部等待时间/);
		expect(guide("gengdi-butie")).toContain("从县财政收到资金和发放清册之日起算");
	});

	it("marks what could not be checked instead of guessing", () => {
		expect(guide("canjiren-zheng")).toMatch(/source: 地方做法\n {2}verified: false/);
		expect(guide("dibao")).toMatch(/source: 法规\n {2}verified: false/);
	});
});

describe("README on personal data", () => {
	it("says where it is stored and what 个人信息保护法第三十六条 asks of a mainland deployment", () => {
		const readme = readFileSync("README.md", "utf8");
		expect(readme).toContain("### Where citizens' personal data is stored");
		expect(readme).toContain("第三十六条: 国家机关处理的个人信息应当在中华人民共和国境内存储");
		expect(readme).toMatch(/none of them is in mainland\s+China/);
	});
});
