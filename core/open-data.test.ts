import { describe, expect, it } from "vitest";
import { CentreSchema, StationSchema } from "./centre";
import { csvCell } from "./csv";
import { ItemSchema } from "./item";
import { validItem } from "./item.fixture";
import {
	ITEM_FIELDS,
	MATERIAL_FIELDS,
	OPEN_DATA_LICENCE,
	OpenItemsFileSchema,
	TASK_TYPE_OF,
	fieldRows,
	fieldsCsv,
	itemsFile,
	itemsToRows,
	materialRows,
	toCsv,
} from "./open-data";

const permit = ItemSchema.parse({
	...validItem(),
	code: "qushui-xuke",
	name: "取水许可",
	type: "行政许可",
	department: "shuili",
	legalDeadline: { days: 20, unit: "工作日", basis: "《中华人民共和国行政许可法》第四十二条", source: "法律" },
	promisedDeadline: { days: 15, unit: "工作日" },
	fees: [{ name: "水资源费", amount: "按取水量计收", basis: "《取水许可和水资源费征收管理条例》第二十八条" }],
});
const onTheSpot = ItemSchema.parse({
	...validItem(),
	code: "huhutong",
	name: "广播电视户户通开户",
	type: "公共服务",
	department: "guangdian",
	level: "village",
	legalDeadline: { days: 1, unit: "自然日", basis: "示范市广电站服务承诺，没有法律法规规定时限", source: "地方做法" },
	promisedDeadline: { days: 0, unit: "工作日" },
	materials: [
		{ name: '=HYPERLINK("http://x")', form: "复印件", source: "本人", requirement: "容缺" },
		{ name: "照片", form: "原件", source: "照相馆", requirement: "可选", note: '两寸"蓝底"' },
	],
});
const centre = {
	slug: "qingshi",
	...CentreSchema.parse({
		name: "青石镇便民服务中心",
		township: "青石镇",
		address: "人民路12号",
		hours: "周一至周五",
		marketDays: "逢二五八",
		marketDayNote: "逢场天中午不休息",
		phone: "0838-6210000",
		complaintPhone: "0838-6210999",
		windows: [
			{ department: "shuili", number: "3号窗口", phone: "0838-6210003" },
			{ department: "minzheng", number: "1号窗口", phone: "0838-6210001" },
		],
		items: [{ code: "qushui-xuke" }, { code: "huhutong", window: "minzheng" }],
	}),
};
const other = { ...centre, slug: "baihe", name: "白鹤乡便民服务中心", items: [{ code: "qushui-xuke" }] };
const station = {
	slug: "shiqiao",
	...StationSchema.parse({
		name: "石桥村便民服务站",
		village: "石桥村",
		centre: "qingshi",
		address: "村委会",
		hours: "周一至周五",
		agent: { name: "王秀兰", phone: "13900001101" },
		items: ["huhutong"],
	}),
};
const dept = (slug: string, name: string) => ({ slug, name, fullName: `${name}办`, description: "—" });
const catalogue = {
	items: [permit, onTheSpot],
	centres: [centre, other],
	stations: [station],
	departments: [dept("shuili", "水利"), dept("minzheng", "民政"), dept("guangdian", "广电")],
	site: "https://bianmin.example.gov.cn/",
};
const rows = itemsToRows(catalogue);
const record = (i: number) => Object.fromEntries(ITEM_FIELDS.map((f) => [f.key, f.value(rows[i])]));

describe("实施清单 rows", () => {
	it("has one row per item per centre offering it, in item then centre order", () => {
		expect(rows.map((r) => `${r.item.code}@${r.centre.slug}`)).toEqual(["qushui-xuke@qingshi", "qushui-xuke@baihe", "huhutong@qingshi"]);
	});

	it("maps a 行政许可 to 事项类型代码 01, a 承诺件 to 2, fees to 1 and the township level to 5", () => {
		const r = record(0);
		expect(r).toMatchObject({
			task_type: "01",
			task_type_name: "行政许可",
			project_type: "2",
			is_fee: "1",
			use_level: "5",
			task_code: "qushui-xuke-qingshi",
		});
		expect(r.anticipate_explain).toBe("《中华人民共和国行政许可法》第四十二条");
		expect(r.fee_basis).toContain("《取水许可和水资源费征收管理条例》第二十八条");
	});

	it("maps a 0-day promise to 办件类型 1 (即办件), 公共服务 to 20, a village item to 6, and labels a non-statutory limit 参考时限", () => {
		const r = record(2);
		expect(r).toMatchObject({
			task_type: "20",
			project_type: "1",
			promise_day: "0",
			use_level: "6",
			use_level_name: "村（社区）级",
			is_fee: "0",
		});
		expect(r.anticipate_explain).toMatch(/^参考时限：/);
		expect(r.anticipate_type).toBe("自然日");
	});

	it("takes the window of the centre's local override, the stations of that centre, and absolute addresses", () => {
		const r = record(2);
		expect(r.handle_dept).toBe("青石镇便民服务中心民政办");
		expect(r.link_way).toBe("民政窗口电话：0838-6210001");
		expect(r.village_name).toBe("石桥村便民服务站");
		expect(r.transact_time).toBe("周一至周五 逢二五八：逢场天中午不休息");
		expect(r.guide_url).toBe("https://bianmin.example.gov.cn/items/huhutong/");
		expect(record(1).village_name).toBe("");
	});

	it("gives every one of our item types a code of GB/T 39046 A.1", () => {
		expect(TASK_TYPE_OF).toMatchObject({ 行政许可: "01", 行政给付: "05", 行政确认: "07", 公共服务: "20" });
	});
});

describe("the CSV files", () => {
	const csv = toCsv(rows, ITEM_FIELDS);

	it("start with the byte-order mark and the Chinese names in order, and end every line with CRLF", () => {
		expect(csv.startsWith('\uFEFF"事项名称","基本编码","实施编码","事项类型","事项类型代码"')).toBe(true);
		expect(csv.slice(1).split("\r\n")[0]).toBe(ITEM_FIELDS.map((f) => `"${f.name}"`).join(","));
		expect(csv.endsWith("\r\n")).toBe(true);
		expect(csv.replace(/\r\n/g, "")).not.toMatch(/\r/);
	});

	it("quote every cell, double quotes and make formula-looking cells inert", () => {
		const materials = toCsv(materialRows([onTheSpot]), MATERIAL_FIELDS);
		expect(materials).toContain(`"'=HYPERLINK(""http://x"")"`);
		expect(materials).toContain(`"两寸""蓝底"""`);
		for (const v of ["+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) expect(csvCell(v).startsWith(`"'`)).toBe(true);
		expect(csvCell("张三")).toBe('"张三"');
	});

	it("materials: one row per material, 容缺 required, 可选 not", () => {
		const m = materialRows([onTheSpot]).map((r) => Object.fromEntries(MATERIAL_FIELDS.map((f) => [f.key, f.value(r)])));
		expect(m.map((r) => [r.order_num, r.is_need, r.is_tolerance])).toEqual([
			["1", "1", "1"],
			["2", "0", "0"],
		]);
	});
});

describe("items.json and the fields file", () => {
	it("validates against the schema, with the licence, the date and the materials nested", () => {
		const file = itemsFile(rows, "2026-11-30");
		expect(OpenItemsFileSchema.safeParse(file).success).toBe(true);
		expect(file.licence).toBe(OPEN_DATA_LICENCE);
		expect(file.items[2].materials[0]).toMatchObject({ material_name: '=HYPERLINK("http://x")', is_need: "1" });
		expect(Object.keys(file.items[0]).slice(0, 3)).toEqual(["task_name", "catalog_code", "task_code"]);
	});

	it("the schema refuses a code outside the lists", () => {
		const file = itemsFile(rows, "2026-11-30");
		const bad = { ...file, items: [{ ...file.items[0], task_type: "99" }] };
		expect(OpenItemsFileSchema.safeParse(bad).success).toBe(false);
	});

	it("maps every key to one Chinese name, with the code list of coded columns and no key twice per file", () => {
		const f = fieldRows();
		expect(f.find((r) => r.key === "task_type")).toMatchObject({ name: "事项类型代码", gbt: "5", national: "是" });
		expect(f.find((r) => r.key === "task_type")!.codes).toContain("01 行政许可");
		expect(f.find((r) => r.key === "anticipate_type")!.unverified).not.toBe("");
		for (const file of ["items", "materials"]) {
			const keys = f.filter((r) => r.file === file).map((r) => r.key);
			expect(new Set(keys).size).toBe(keys.length);
		}
		expect(fieldsCsv().split("\r\n")).toHaveLength(f.length + 2);
	});
});
