import { describe, expect, it } from "vitest";
import { fuzzyLetters, fuzzySyllable, isPinyinQuery, pinyinInitials } from "./pinyin-key";
import { type SearchIndex, SearchIndexSchema, searchIndex, termsLine } from "./search";
import { chineseNumber, contentWords, parseAge, parseQuery } from "./search-query";

/** A hand-made index in the shape the build writes (site/lib/search-index.ts). */
const INDEX: SearchIndex = SearchIndexSchema.parse({
	entries: [
		{
			url: "/items/dibao/",
			title: "最低生活保障",
			terms: ["低保", "吃低保", "生活困难"],
			pinyin: ["di bao", "chi di bao", "sheng huo kun nan"],
		},
		{
			url: "/items/gaoling-jintie/",
			title: "高龄津贴申领",
			terms: ["高龄津贴", "老人补贴"],
			pinyin: ["gao ling jin tie", "lao ren bu tie"],
			minAge: 80,
		},
		{
			url: "/items/yanglao-daiyu/",
			title: "城乡居民养老保险待遇领取",
			terms: ["领养老金", "60岁领钱"],
			pinyin: ["ling yang lao jin", ""],
			minAge: 60,
		},
		{ url: "/items/zhaijidi/", title: "农村村民宅基地申请", terms: ["宅基地", "盖房子"], pinyin: ["zhai ji di", "gai fang zi"] },
		{ url: "/items/canjiren-zheng/", title: "残疾人证办理", terms: ["残疾证", "残疾人证"], pinyin: ["can ji zheng", "can ji ren zheng"] },
		{ url: "/items/nongji-butie/", title: "农机购置与应用补贴", terms: ["农机补贴"], pinyin: ["nong ji bu tie"] },
		{ url: "/items/yiliao-jiuzhu/", title: "医疗救助", terms: ["大病救助"], pinyin: ["da bing jiu zhu"] },
	],
	readings: {
		bao: "保宝包报",
		di: "低地底第",
		zen: "正证整争",
		ji: "基鸡机疾",
		zai: "宅在再",
		can: "残蚕灿",
		gai: "盖该改",
		fan: "房方放",
	},
});

const top = (q: string, n = 3) => searchIndex(INDEX, parseQuery(q), n).map((h) => h.entry.url);

describe("pinyin keys", () => {
	it("forgive 平翘舌 and 前后鼻音, and ignore spaces", () => {
		expect(fuzzySyllable("zheng")).toBe("zen");
		expect(fuzzySyllable("zen")).toBe("zen");
		expect(fuzzySyllable("shi")).toBe("si");
		expect(fuzzySyllable("qing")).toBe("qin");
		expect(fuzzyLetters("can ji zheng")).toBe(fuzzyLetters("cangjizen"));
		expect(fuzzyLetters("Lü")).toBe("lv");
	});

	it("take the initials of the syllables", () => {
		expect(pinyinInitials("zhai ji di")).toBe("zjd");
	});

	it("tell typed pinyin from Chinese and numbers", () => {
		expect(isPinyinQuery("di bao")).toBe(true);
		expect(isPinyinQuery("低保")).toBe(false);
		expect(isPinyinQuery("d")).toBe(false);
		expect(isPinyinQuery("80")).toBe(false);
	});
});

describe("query parsing", () => {
	it("reads Chinese numbers up to a hundred and more", () => {
		expect(chineseNumber("十六")).toBe(16);
		expect(chineseNumber("七十九")).toBe(79);
		expect(chineseNumber("八十")).toBe(80);
		expect(chineseNumber("一百零二")).toBe(102);
		expect(chineseNumber("一百二十")).toBe(120);
		expect(chineseNumber("几十")).toBeNull();
	});

	it("finds an age however it is said, and not a count of things", () => {
		expect(parseAge("我妈七十九了").age).toBe(79);
		expect(parseAge("80岁老人").age).toBe(80);
		expect(parseAge("八十多岁").age).toBe(80);
		expect(parseAge("孩子满十六").age).toBe(16);
		expect(parseAge("今年60").age).toBe(60);
		expect(parseAge("养了几十只羊").age).toBeNull();
		expect(parseAge("种了三十亩地").age).toBeNull();
		expect(parseAge("活到200岁").age).toBeNull();
	});

	it("drops function words, clinging particles and counts from a sentence", () => {
		expect(contentWords("我妈明年能领高龄补贴吗")).toEqual(["领", "高龄", "补贴"]);
		expect(contentWords("养了几十只羊要不要去登记")).toEqual(["养", "羊", "登记"]);
	});

	it("normalises width and case and cuts very long text", () => {
		const q = parseQuery("  ＤＩＢＡＯ ");
		expect(q).toMatchObject({ text: "dibao", pinyin: true });
		expect(parseQuery("低".repeat(500)).text).toHaveLength(64);
	});
});

describe("ranking", () => {
	it("puts an alias equal to the query or inside a sentence first", () => {
		expect(top("低保")[0]).toBe("/items/dibao/");
		expect(top("想办低保怎么弄")[0]).toBe("/items/dibao/");
	});

	it("finds a homophone typo by sound", () => {
		expect(top("低宝")[0]).toBe("/items/dibao/");
		expect(top("宅鸡地")[0]).toBe("/items/zhaijidi/");
		expect(top("残疾正")[0]).toBe("/items/canjiren-zheng/");
		expect(top("盖方子")[0]).toBe("/items/zhaijidi/");
	});

	it("finds typed pinyin: full, spaced, forgiving and initials", () => {
		expect(top("dibao")[0]).toBe("/items/dibao/");
		expect(top("di bao")[0]).toBe("/items/dibao/");
		expect(top("canjizen")[0]).toBe("/items/canjiren-zheng/");
		expect(top("zjd")[0]).toBe("/items/zhaijidi/");
		expect(top("db")).toContain("/items/dibao/");
		expect(top("gaoling")[0]).toBe("/items/gaoling-jintie/");
	});

	it("ranks a sentence by how many of its words an entry matches, not all of them", () => {
		expect(top("我妈明年能领高龄补贴吗")[0]).toBe("/items/gaoling-jintie/");
	});

	it("counts an age where an item's conditions name one, the nearest threshold first", () => {
		expect(top("我爸八十岁了")[0]).toBe("/items/gaoling-jintie/");
		expect(top("我妈七十九了")[0]).toBe("/items/gaoling-jintie/");
		expect(top("六十岁了")[0]).toBe("/items/yanglao-daiyu/");
		expect(top("五十岁了")).toEqual([]);
	});

	it("finds nothing for unrelated text, a single character or an empty query", () => {
		expect(top("xyzzy")).toEqual([]);
		expect(top("天气预报")).toEqual([]);
		expect(top("")).toEqual([]);
	});

	it("tells a hit on a whole alias or keyword (as typed, by sound or by pinyin) from one on some words or an age", () => {
		const first = (q: string) => searchIndex(INDEX, parseQuery(q), 1)[0];
		for (const q of ["低保", "想办低保怎么弄", "低宝", "dibao", "zjd"]) expect(first(q).byTerm, q).toBe(true);
		expect(first("申领津贴")).toMatchObject({ entry: { url: "/items/gaoling-jintie/" }, byTerm: false });
		expect(first("我妈七十九了")).toMatchObject({ entry: { url: "/items/gaoling-jintie/" }, byTerm: false });
	});

	it("shows the first few terms under a result", () => {
		expect(termsLine(INDEX.entries[0], "常用说法")).toBe("常用说法：低保、吃低保、生活困难");
	});
});

describe("the index schema", () => {
	it("refuses pinyin that does not line up with the terms", () => {
		const bad = { entries: [{ url: "/items/x/", title: "X", terms: ["低保"], pinyin: [] }], readings: {} };
		expect(SearchIndexSchema.safeParse(bad).success).toBe(false);
	});
});

describe("homophones inside a longer alias", () => {
	it("finds a short typo that sounds like part of a term", () => {
		const index = SearchIndexSchema.parse({
			entries: [{ url: "/items/shenfenzheng/", title: "居民身份证办理", terms: ["补办身份证"], pinyin: ["bu ban shen fen zheng"] }],
			readings: { fen: "分份粉", sen: "身深", zen: "证正" },
		});
		expect(searchIndex(index, parseQuery("身分证")).map((h) => h.entry.url)).toEqual(["/items/shenfenzheng/"]);
	});
});
