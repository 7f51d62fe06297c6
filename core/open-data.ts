import { z } from "zod";
import { csvFile } from "./csv";
import { type Item, type ItemType, isStatutory, itemKind } from "./item";

/**
 * 开放数据 (open data): the item catalogue (实施清单) as files anyone may download, with GB/T 39046-2020's
 * Chinese column names in the CSV and the national exchange keys in the JSON, and a fields file that maps
 * one to the other. Everything here is derived from content at build time; the monthly figures from cases
 * are the Worker's (/api/open-data/performance.csv, from the daily job's aggregates).
 *
 * Sources of the names (see REFERENCE-RULES §5):
 * - Chinese names: GB/T 39046-2020 《政务服务平台基础数据规范》 表4 事项管理 (field numbers in `gbt`).
 * - Machine keys: the national exchange tables as JluKobe/MyRepo publishes them (2020):
 *   TableConstruct/up_task_general_basic.sql, up_task_general_extend.sql, up_task_general_material.sql —
 *   the column names and their COMMENT texts were read there. A key those tables lack is marked `national: false`
 *   (our own, named in the same style).
 * - Code lists: GB/T 39046-2020 Annex A (A.1 事项类型, A.2 行使层级, A.6 办件类型). 时限单位 has no code list in
 *   REFERENCE-RULES and none was found in the code index: UNVERIFIED, so the files carry the unit's words
 *   (工作日/自然日), never an invented number.
 */

/** 事项类型代码: GB/T 39046-2020 A.1 (REFERENCE-RULES §5, VERIFIED). */
export const TASK_TYPE_CODES = {
	"00": "行政权力事项",
	"01": "行政许可",
	"02": "行政处罚",
	"03": "行政强制",
	"04": "行政征收",
	"05": "行政给付",
	"06": "行政检查",
	"07": "行政确认",
	"08": "行政奖励",
	"09": "行政裁决",
	"10": "其他类别事项",
	"20": "公共服务事项",
} as const;
export type TaskTypeCode = keyof typeof TASK_TYPE_CODES;

/**
 * Our item types (core/item.ts ITEM_TYPES) on A.1. 行政备案 and 其他行政权力 have no code of their own in A.1:
 * both go to 10 其他类别事项 — our reading of the list, UNVERIFIED against the standard's text.
 */
export const TASK_TYPE_OF: Readonly<Record<ItemType, TaskTypeCode>> = {
	行政许可: "01",
	行政确认: "07",
	行政给付: "05",
	行政奖励: "08",
	行政备案: "10",
	其他行政权力: "10",
	公共服务: "20",
};

/** 行使层级代码: GB/T 39046-2020 A.2 (VERIFIED). */
export const USE_LEVEL_CODES = {
	"1": "国家级",
	"2": "省级",
	"3": "市级",
	"4": "县级",
	"5": "镇（乡、街道）级",
	"6": "村（社区）级",
	"7": "分级管理",
} as const;

/** 办件类型代码: GB/T 39046-2020 A.6 (VERIFIED); 即办件 is a promise of 0 days (core/item.ts itemKind). */
export const PROJECT_TYPE_CODES = { "1": "即办件", "2": "承诺件", "9": "其他" } as const;

/** 是否 fields: 1 是, 0 否, as GB/T 39046 field 44 是否支持预约办理 (REFERENCE-RULES §4, VERIFIED for that field). */
export const YES_NO_CODES = { "1": "是", "0": "否" } as const;

/** A code list in the fields file, with where it comes from. */
export interface CodeList {
	name: string;
	source: string;
	verified: boolean;
	codes: Readonly<Record<string, string>>;
}

export const CODE_LISTS = {
	taskType: { name: "事项类型", source: "GB/T 39046-2020 附录A 表A.1", verified: true, codes: TASK_TYPE_CODES },
	useLevel: { name: "行使层级", source: "GB/T 39046-2020 附录A 表A.2", verified: true, codes: USE_LEVEL_CODES },
	projectType: { name: "办件类型", source: "GB/T 39046-2020 附录A 表A.6", verified: true, codes: PROJECT_TYPE_CODES },
	yesNo: { name: "是否", source: "GB/T 39046-2020 第44项 是否支持预约办理（1/0）", verified: true, codes: YES_NO_CODES },
} as const satisfies Record<string, CodeList>;
export type CodeListId = keyof typeof CODE_LISTS;

/** One column of an open-data file. */
export interface Field<Row> {
	/** The JSON key: the national exchange column name where one exists (task_name, anticipate_day …). */
	key: string;
	/** The CSV header: GB/T 39046-2020's Chinese name where it has one. */
	name: string;
	/** GB/T 39046-2020 表4 field number, where the name comes from there. */
	gbt?: number;
	/** Whether `key` is a column of the national exchange tables (false: ours, in the same style). */
	national: boolean;
	/** What the column holds and how it is derived from content. */
	description: string;
	/** The code list its values come from. */
	codes?: CodeListId;
	/** Set where a name, key or code could not be checked against a source. */
	unverified?: string;
	value: (row: Row) => string;
}

/** 事项目录: one row per item, with what is the same wherever it is done (core/open-data-centres.ts: where). */
export interface ItemRow {
	item: Item;
	/** The site's address, without a trailing slash, for the guide and application links. */
	site: string;
}

/** One row per material of each item. */
export interface MaterialRow {
	item: Item;
	index: number;
	material: Item["materials"][number];
}

const days = (d: { days: number }) => String(d.days);
const lines = (list: string[]) => list.join("\n");
const yesNo = (b: boolean) => (b ? "1" : "0");
const useLevel = (item: Item) => (item.level === "village" ? "6" : "5");

/** 事项目录 columns, in order: the CSV's header row and the JSON's keys (one row per item). */
export const ITEM_FIELDS: readonly Field<ItemRow>[] = [
	{ key: "task_name", name: "事项名称", gbt: 1, national: true, description: "事项名称（办事指南标题）。", value: (r) => r.item.name },
	{
		key: "catalog_code",
		name: "基本编码",
		gbt: 2,
		national: true,
		description: "本站的事项编码（办事指南地址 /items/<编码>/ 中的编码），不是国家政务服务平台赋予的基本编码。",
		value: (r) => r.item.code,
	},
	{ key: "task_type_name", name: "事项类型", gbt: 4, national: false, description: "事项类型的名称。", value: (r) => r.item.type },
	{
		key: "task_type",
		name: "事项类型代码",
		gbt: 5,
		national: true,
		description: "事项类型代码。行政备案、其他行政权力按「10 其他类别事项」填写。",
		codes: "taskType",
		unverified: "行政备案、其他行政权力对应 10 是本站的理解，未与标准正文核对。",
		value: (r) => TASK_TYPE_OF[r.item.type],
	},
	{
		key: "by_law",
		name: "设定依据",
		gbt: 6,
		national: true,
		description: "法律法规名称、条款和条款原文，每条一行。",
		value: (r) => lines(r.item.legalBasis.map((b) => `《${b.law}》${b.article}：${b.clause}`)),
	},
	{
		key: "use_level_name",
		name: "行使层级",
		gbt: 7,
		national: false,
		description: "行使层级的名称。",
		value: (r) => USE_LEVEL_CODES[useLevel(r.item)],
	},
	{
		key: "use_level",
		name: "行使层级代码",
		gbt: 8,
		national: true,
		description: "只在村（社区）便民服务站办理的事项为 6，其余（在乡镇便民服务中心办理，或中心和服务站都办理）为 5。",
		codes: "useLevel",
		value: (r) => useLevel(r.item),
	},
	{
		key: "anticipate_day",
		name: "法定办结时限",
		gbt: 15,
		national: true,
		description: "办结时限的天数。法律法规没有规定时限的，是参考时限（见法定办结时限说明）。",
		value: (r) => days(r.item.legalDeadline),
	},
	{
		key: "anticipate_type",
		name: "法定办结时限单位",
		gbt: 16,
		national: true,
		description: "工作日或自然日，填写文字。",
		unverified: "时限单位的国家代码表未找到，因此填写文字而不是代码。",
		value: (r) => r.item.legalDeadline.unit,
	},
	{
		key: "anticipate_explain",
		name: "法定办结时限说明",
		gbt: 17,
		national: true,
		description: "规定时限的法规条款；没有法律法规规定的，以「参考时限」开头并写明参照的规定。",
		value: (r) => `${isStatutory(r.item.legalDeadline.source) ? "" : "参考时限："}${r.item.legalDeadline.basis}`,
	},
	{
		key: "promise_day",
		name: "承诺办结时限",
		gbt: 18,
		national: true,
		description: "承诺办结的天数，0 为即办。",
		value: (r) => days(r.item.promisedDeadline),
	},
	{
		key: "promise_type",
		name: "承诺办结时限单位",
		gbt: 19,
		national: true,
		description: "工作日或自然日，填写文字。",
		unverified: "时限单位的国家代码表未找到，因此填写文字而不是代码。",
		value: (r) => r.item.promisedDeadline.unit,
	},
	{
		key: "project_type",
		name: "办件类型",
		national: true,
		description: "承诺时限为 0 天的是即办件（1），其余是承诺件（2）。",
		codes: "projectType",
		unverified: "GB/T 39046 表4 没有这一项；名称取自交换表 project_type 的注释「办件类型」，代码取自表A.6。",
		value: (r) => (itemKind(r.item) === "即办件" ? "1" : "2"),
	},
	{
		key: "accept_condition",
		name: "受理条件",
		gbt: 21,
		national: true,
		description: "受理条件，每条一行。",
		value: (r) => lines(r.item.conditions),
	},
	{
		key: "handle_flow",
		name: "办理流程",
		gbt: 22,
		national: true,
		description: "办理步骤，每步一行：步骤名称：说明。",
		value: (r) => lines(r.item.steps.map((s) => `${s.name}：${s.description}`)),
	},
	{
		key: "special_procedure",
		name: "特别程序",
		gbt: 41,
		national: true,
		description: "不计入办结时限的特别程序，每项一行：名称（时限）：说明；没有的留空。",
		value: (r) => lines(r.item.specialProcedures.map((p) => `${p.name}（${p.limit}）：${p.description}`)),
	},
	{
		key: "limit_explain",
		name: "数量限制",
		gbt: 28,
		national: true,
		description: "数量限制；没有的留空。",
		value: (r) => r.item.quantityLimit ?? "",
	},
	{
		key: "result_name",
		name: "结果名称",
		gbt: 29,
		national: true,
		description: "办理结果（证照、批文、证明等）的名称。",
		value: (r) => r.item.result.name,
	},
	{
		key: "is_fee",
		name: "是否收费",
		gbt: 31,
		national: true,
		description: "收费为 1，不收费为 0。",
		codes: "yesNo",
		value: (r) => yesNo(r.item.fees.length > 0),
	},
	{
		key: "fee_basis",
		name: "收费依据",
		gbt: 32,
		national: true,
		description: "每项收费一行：项目、标准（依据）；不收费的留空。",
		value: (r) => lines(r.item.fees.map((f) => `${f.name}、${f.amount}（${f.basis}）`)),
	},
	{
		key: "is_online",
		name: "是否网办",
		gbt: 47,
		national: true,
		description: "可以网上申请为 1，否则为 0。",
		codes: "yesNo",
		value: (r) => yesNo(r.item.online),
	},
	{
		key: "online_handle_url",
		name: "网办地址",
		gbt: 48,
		national: true,
		description: "网上申请的地址；不能网上申请的留空。",
		value: (r) => (r.item.online && r.item.form ? `${r.site}/items/${r.item.code}/apply/` : ""),
	},
	{
		key: "limit_scene_num",
		name: "到办事现场次数",
		national: true,
		description: "申请人需要到办事现场的次数（0、1 或 2）。",
		unverified: "GB/T 39046 表4 没有这一项；名称取自交换表 limit_scene_num 的注释。",
		value: (r) => String(r.item.visits),
	},
	{
		key: "guide_url",
		name: "办事指南地址",
		national: false,
		description: "本站办事指南页面的地址。",
		value: (r) => `${r.site}/items/${r.item.code}/`,
	},
];

/** 申请材料 columns: one row per material of each item. */
export const MATERIAL_FIELDS: readonly Field<MaterialRow>[] = [
	{
		key: "catalog_code",
		name: "基本编码",
		gbt: 2,
		national: true,
		description: "本站的事项编码，对应实施清单的基本编码。",
		value: (r) => r.item.code,
	},
	{ key: "task_name", name: "事项名称", gbt: 1, national: true, description: "事项名称。", value: (r) => r.item.name },
	{ key: "order_num", name: "排序", national: true, description: "材料在办事指南中的顺序，从 1 开始。", value: (r) => String(r.index + 1) },
	{ key: "material_name", name: "材料名称", gbt: 56, national: true, description: "材料名称。", value: (r) => r.material.name },
	{
		key: "material_format",
		name: "材料形式",
		national: true,
		description: "原件、复印件或原件和复印件，填写文字。",
		unverified: "名称取自交换表 material_format 的注释；它的代码表未找到，因此填写文字。",
		value: (r) => r.material.form,
	},
	{ key: "material_medium", name: "材料载体", national: false, description: "纸质、电子或纸质或电子。", value: (r) => r.material.medium },
	{
		key: "page_num",
		name: "份数",
		national: true,
		description: "需要的份数。",
		unverified: "交换表 page_num 的注释为「纸质材料份数」；GB/T 39046 分原件份数（62）和复印件份数（63），本站不区分。",
		value: (r) => String(r.material.copies),
	},
	{
		key: "is_need",
		name: "是否必备材料",
		gbt: 64,
		national: true,
		description: "必须提交或容缺（可以受理后补交）为 1，可选为 0。",
		codes: "yesNo",
		value: (r) => yesNo(r.material.requirement !== "可选"),
	},
	{
		key: "is_tolerance",
		name: "是否容缺",
		national: false,
		description: "可以先受理、后补交的材料为 1，否则为 0。",
		codes: "yesNo",
		value: (r) => yesNo(r.material.requirement === "容缺"),
	},
	{ key: "source_explain", name: "来源渠道说明", national: true, description: "在哪里开具或领取。", value: (r) => r.material.source },
	{
		key: "remark",
		name: "备注",
		national: true,
		description: "填写要求、有效期、什么情况下需要等说明；没有的留空。",
		value: (r) => r.material.note ?? "",
	},
];

export const OPEN_DATA_LICENCE = "本数据按《中华人民共和国政府信息公开条例》主动公开，可以自由复制、使用，请注明来源：示范市便民服务网。";

/** The rows of the 事项目录: each item once, in the catalogue's order. */
export function itemsToRows(catalogue: { items: Item[]; site: string }): ItemRow[] {
	const site = catalogue.site.replace(/\/+$/, "");
	return catalogue.items.map((item) => ({ item, site }));
}

export function materialRows(items: Item[]): MaterialRow[] {
	return items.flatMap((item) => item.materials.map((material, index) => ({ item, index, material })));
}

/** A CSV file: GB/T 39046's Chinese names as the header row, one line per row (core/csv.ts rules). */
export function toCsv<Row>(rows: readonly Row[], fields: readonly Field<Row>[]): string {
	return csvFile(
		fields.map((f) => f.name),
		rows.map((row) => fields.map((f) => f.value(row))),
	);
}

/** One row as an object with the national keys, in column order. */
export function toRecord<Row>(row: Row, fields: readonly Field<Row>[]): Record<string, string> {
	return Object.fromEntries(fields.map((f) => [f.key, f.value(row)]));
}

const cell = z.string();
const code = (list: Readonly<Record<string, string>>) => z.enum(Object.keys(list) as [string, ...string[]]);
const yesNoCode = code(YES_NO_CODES);

/** A material row of items.json (the keys of MATERIAL_FIELDS without the item's own). */
export const OpenMaterialSchema = z.strictObject({
	order_num: z.string().regex(/^[1-9]\d*$/),
	material_name: cell.min(1),
	material_format: z.enum(["原件", "复印件", "原件和复印件"]),
	material_medium: z.enum(["纸质", "电子", "纸质或电子"]),
	page_num: z.string().regex(/^[1-9]\d*$/),
	is_need: yesNoCode,
	is_tolerance: yesNoCode,
	source_explain: cell.min(1),
	remark: cell,
});

const dayCount = z.string().regex(/^\d{1,3}$/);
const dayUnit = z.enum(["工作日", "自然日"]);

/** One row of items.json: the ITEM_FIELDS keys and the item's materials. */
export const OpenItemSchema = z.strictObject({
	task_name: cell.min(1),
	catalog_code: cell.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
	task_type_name: cell.min(1),
	task_type: code(TASK_TYPE_CODES),
	by_law: cell.min(1),
	use_level_name: z.enum(Object.values(USE_LEVEL_CODES) as [string, ...string[]]),
	use_level: code(USE_LEVEL_CODES),
	anticipate_day: dayCount,
	anticipate_type: dayUnit,
	anticipate_explain: cell.min(1),
	promise_day: dayCount,
	promise_type: dayUnit,
	project_type: code(PROJECT_TYPE_CODES),
	accept_condition: cell.min(1),
	handle_flow: cell.min(1),
	special_procedure: cell,
	limit_explain: cell,
	result_name: cell.min(1),
	is_fee: yesNoCode,
	fee_basis: cell,
	is_online: yesNoCode,
	online_handle_url: cell,
	limit_scene_num: z.enum(["0", "1", "2"]),
	guide_url: cell.min(1),
	materials: z.array(OpenMaterialSchema).min(1),
});

/** The head of every open-data JSON file. */
export const openDataHeader = {
	title: z.string().min(1),
	licence: z.literal(OPEN_DATA_LICENCE),
	/** The build date, China time, YYYY-MM-DD. */
	updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	/** Where the column names are explained. */
	fields: z.literal("/open-data/fields.json"),
};

/** items.json. */
export const OpenItemsFileSchema = z.strictObject({ ...openDataHeader, items: z.array(OpenItemSchema).min(1) });
export type OpenItemsFile = z.infer<typeof OpenItemsFileSchema>;

const ITEM_KEYS = new Set(ITEM_FIELDS.map((f) => f.key));

/** items.json's body: each row with the national keys and its materials nested. */
export function itemsFile(rows: ItemRow[], updated: string): OpenItemsFile {
	return OpenItemsFileSchema.parse({
		title: "事项目录",
		licence: OPEN_DATA_LICENCE,
		updated,
		fields: "/open-data/fields.json",
		items: rows.map((row) => ({
			...toRecord(row, ITEM_FIELDS),
			materials: materialRows([row.item]).map((m) =>
				Object.fromEntries(MATERIAL_FIELDS.filter((f) => !ITEM_KEYS.has(f.key)).map((f) => [f.key, f.value(m)])),
			),
		})),
	});
}
