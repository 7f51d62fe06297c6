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
	itemsFile,
	itemsToRows,
	materialRows,
	toCsv,
} from "./open-data";
import {
	CENTRE_FIELDS,
	OFFERING_FIELDS,
	OpenCentreListFileSchema,
	centreListFile,
	centresFile,
	offeringsByCentre,
} from "./open-data-centres";
import { fieldRows, fieldsCsv } from "./open-data-fields";

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
const places = offeringsByCentre(catalogue);
const offering = (centre: number, i: number) => Object.fromEntries(OFFERING_FIELDS.map((f) => [f.key, f.value(places[centre].rows[i])]));

describe("事项目录 rows", () => {
	it("has one row per item, in the catalogue's order, whatever number of centres offers it", () => {
		expect(rows.map((r) => r.item.code)).toEqual(["qushui-xuke", "huhutong"]);
	});

	it("maps a 行政许可 to 事项类型代码 01, a 承诺件 to 2, fees to 1 and the township level to 5", () => {
		const r = record(0);
		expect(r).toMatchObject({ task_type: "01", task_type_name: "行政许可", project_type: "2", is_fee: "1", use_level: "5" });
		expect(r.anticipate_explain).toBe("《中华人民共和国行政许可法》第四十二条");
		expect(r.fee_basis).toContain("《取水许可和水资源费征收管理条例》第二十八条");
	});

	it("maps a 0-day promise to 办件类型 1 (即办件), 公共服务 to 20, a village item to 6, and labels a non-statutory limit 参考时限", () => {
		const r = record(1);
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
		expect(r.guide_url).toBe("https://bianmin.example.gov.cn/items/huhutong/");
	});

	it("gives every one of our item types a code of GB/T 39046 A.1", () => {
		expect(TASK_TYPE_OF).toMatchObject({ 行政许可: "01", 行政给付: "05", 行政确认: "07", 公共服务: "20" });
	});
});

describe("each centre's 实施清单 and the index", () => {
	it("has one row per item the centre offers, in the catalogue's order, and an index row per centre", () => {
		expect(places.map((p) => [p.centre.centre.slug, p.rows.map((r) => r.item.code)])).toEqual([
			["qingshi", ["qushui-xuke", "huhutong"]],
			["baihe", ["qushui-xuke"]],
		]);
		expect(places.map((p) => p.centre.offered)).toEqual([2, 1]);
	});

	it("takes the window of the centre's local override, the stations of that centre, and refers to the item by 基本编码", () => {
		expect(offering(0, 1)).toEqual({
			task_code: "huhutong-qingshi",
			catalog_code: "huhutong",
			task_name: "广播电视户户通开户",
			town_code: "qingshi",
			handle_dept: "青石镇便民服务中心民政办",
			transact_addr: "人民路12号 青石镇便民服务中心1号窗口",
			link_way: "民政窗口电话：0838-6210001",
			village_name: "石桥村便民服务站",
		});
		expect(offering(1, 0).village_name).toBe("");
	});

	it("gives each centre its hours, complaint line and the absolute addresses of its two files", () => {
		const r = Object.fromEntries(CENTRE_FIELDS.map((f) => [f.key, f.value(places[0].centre)]));
		expect(r).toMatchObject({
			town_code: "qingshi",
			transact_time: "周一至周五 逢二五八：逢场天中午不休息",
			supervise_way: "投诉电话：0838-6210999；网上投诉建议：https://bianmin.example.gov.cn/complaints/",
			task_count: "2",
			list_csv_url: "https://bianmin.example.gov.cn/open-data/centres/qingshi.csv",
			list_json_url: "https://bianmin.example.gov.cn/open-data/centres/qingshi.json",
		});
	});

	it("validates both JSON files against their schemas", () => {
		const index = centresFile(
			places.map((p) => p.centre),
			"2026-11-30",
		);
		expect(index.centres.map((c) => c.town_code)).toEqual(["qingshi", "baihe"]);
		const list = centreListFile(places[0].centre, places[0].rows, "2026-11-30");
		expect(list.items.map((i) => i.task_code)).toEqual(["qushui-xuke-qingshi", "huhutong-qingshi"]);
		expect(OpenCentreListFileSchema.safeParse({ ...list, items: [{ ...list.items[0], task_code: "Bad Code" }] }).success).toBe(false);
	});
});

describe("the CSV files", () => {
	const csv = toCsv(rows, ITEM_FIELDS);

	it("start with the byte-order mark and the Chinese names in order, and end every line with CRLF", () => {
		expect(csv.startsWith('\uFEFF"事项名称","基本编码","事项类型","事项类型代码"')).toBe(true);
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
		expect(file.items[1].materials[0]).toMatchObject({ material_name: '=HYPERLINK("http://x")', is_need: "1" });
		expect(Object.keys(file.items[0]).slice(0, 3)).toEqual(["task_name", "catalog_code", "task_type_name"]);
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
		expect(new Set(f.map((r) => r.file))).toEqual(new Set(["items", "materials", "centres", "centre-list"]));
		for (const file of ["items", "materials", "centres", "centre-list"]) {
			const keys = f.filter((r) => r.file === file).map((r) => r.key);
			expect(new Set(keys).size).toBe(keys.length);
		}
		expect(fieldsCsv().split("\r\n")).toHaveLength(f.length + 2);
	});
});

describe("file sizes as the city grows", () => {
	/** UTF-8 bytes (core has no TextEncoder in its types). */
	const bytes = (text: string) => {
		let n = 0;
		for (const ch of text) {
			const c = ch.codePointAt(0)!;
			n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		}
		return n;
	};
	const json = (value: unknown) => bytes(JSON.stringify(value, null, "\t"));
	const items = Array.from({ length: 81 }, (_, i) => ({ ...permit, code: `item-${i + 1}`, name: `${permit.name}${i + 1}` }));
	/** A city of `n` centres, each with 18 stations, offering every item, and every station taking every item. */
	const city = (n: number) => {
		const centres = Array.from({ length: n }, (_, i) => ({
			...centre,
			slug: `centre-${i + 1}`,
			name: `第${i + 1}镇便民服务中心`,
			items: items.map((item) => ({ code: item.code })),
		}));
		const stations = centres.flatMap((c) =>
			Array.from({ length: 18 }, (_, j) => ({
				...station,
				slug: `${c.slug}-s${j + 1}`,
				name: `第${j + 1}村便民服务站`,
				centre: c.slug,
				items: items.map((x) => x.code),
			})),
		);
		return { ...catalogue, items, centres, stations };
	};
	/** Every file's size in a city of `n` centres; the centres' lists of the first `listed` of them (all alike). */
	const sizes = (n: number, listed = n) => {
		const c = city(n);
		const byCentre = offeringsByCentre(c);
		const lists = byCentre
			.slice(0, listed)
			.flatMap(({ centre: row, rows: list }) => [bytes(toCsv(list, OFFERING_FIELDS)), json(centreListFile(row, list, "2026-11-30"))]);
		const index = byCentre.map((p) => p.centre);
		return {
			itemsCsv: bytes(toCsv(itemsToRows(c), ITEM_FIELDS)),
			itemsJson: json(itemsFile(itemsToRows(c), "2026-11-30")),
			materialsCsv: bytes(toCsv(materialRows(c.items), MATERIAL_FIELDS)),
			indexCsv: bytes(toCsv(index, CENTRE_FIELDS)),
			indexJson: json(centresFile(index, "2026-11-30")),
			largestList: Math.max(...lists),
			files: 5 + 2 * byCentre.length,
		};
	};

	it(
		"adds files, not bytes, per centre: the catalogue and each centre's list stay the same size from 10 to 40 centres",
		{ timeout: 30_000 },
		() => {
			const [small, large] = [sizes(10), sizes(40)];
			expect(large.itemsCsv).toBe(small.itemsCsv);
			expect(large.itemsJson).toBe(small.itemsJson);
			expect(large.materialsCsv).toBe(small.materialsCsv);
			// The same 81 items at every centre: one centre's list is the same size in either city (give or take its number).
			expect(Math.abs(large.largestList - small.largestList)).toBeLessThan(small.largestList * 0.01);
			expect(large.files - 5).toBe(4 * (small.files - 5));
			// The index: one row per centre, under 1 KB each, so it grows linearly.
			for (const key of ["indexCsv", "indexJson"] as const) {
				expect(large[key] / 40).toBeLessThan(1024);
				expect(large[key]).toBeLessThan(4.2 * small[key]);
			}
		},
	);

	it(
		"each centre's list is bounded per item it offers, and at 4× the report's city (472 centres) every file is far under 25 MiB",
		{ timeout: 30_000 },
		() => {
			const s = sizes(472, 5);
			expect(s.largestList / 81).toBeLessThan(2 * 1024);
			const limit = 25 * 1024 * 1024;
			for (const size of [s.itemsCsv, s.itemsJson, s.materialsCsv, s.indexCsv, s.indexJson, s.largestList])
				expect(size).toBeLessThan(limit / 20);
		},
	);
});
