import { csvFile } from "./csv";
import { CENTRE_FIELDS, OFFERING_FIELDS, centreListPath } from "./open-data-centres";
import { CODE_LISTS, type Field, ITEM_FIELDS, MATERIAL_FIELDS, OPEN_DATA_LICENCE } from "./open-data";

/**
 * The open-data fields file (fields.csv, fields.json): for every column of every file, its JSON key, its
 * Chinese CSV name, its GB/T 39046 number, whether the key is national, what it holds, its code list and
 * what could not be checked. `file` names the file: items, materials, centres, or centre-list (each centre's
 * 实施清单, /open-data/centres/<town_code>.csv).
 */

/** The fields file as rows: which file, key, Chinese name, GB/T number, national or ours, description, codes. */
export function fieldRows(): {
	file: string;
	key: string;
	name: string;
	gbt: string;
	national: string;
	description: string;
	codes: string;
	unverified: string;
}[] {
	const describe = <R>(file: string, f: Field<R>) => ({
		file,
		key: f.key,
		name: f.name,
		gbt: f.gbt === undefined ? "" : String(f.gbt),
		national: f.national ? "是" : "否",
		description: f.description,
		codes: f.codes
			? `${CODE_LISTS[f.codes].name}（${CODE_LISTS[f.codes].source}）：${Object.entries(CODE_LISTS[f.codes].codes)
					.map(([c, n]) => `${c} ${n}`)
					.join("；")}`
			: "",
		unverified: f.unverified ?? "",
	});
	return [
		...ITEM_FIELDS.map((f) => describe("items", f)),
		...MATERIAL_FIELDS.map((f) => describe("materials", f)),
		...CENTRE_FIELDS.map((f) => describe("centres", f)),
		...OFFERING_FIELDS.map((f) => describe("centre-list", f)),
	];
}

/** The columns of fields.csv, with their own Chinese headers. */
export const FIELD_FILE_COLUMNS = [
	["file", "文件"],
	["key", "JSON 键名"],
	["name", "CSV 列名"],
	["gbt", "GB/T 39046 表4 序号"],
	["national", "是否国家交换表字段"],
	["description", "说明"],
	["codes", "代码表"],
	["unverified", "未核实之处"],
] as const;

export function fieldsCsv(): string {
	return csvFile(
		FIELD_FILE_COLUMNS.map(([, name]) => name),
		fieldRows().map((r) => FIELD_FILE_COLUMNS.map(([key]) => r[key])),
	);
}

/** fields.json: the same rows, the code lists with their sources, the licence and date. */
export function fieldsFile(updated: string) {
	return {
		title: "开放数据字段说明",
		licence: OPEN_DATA_LICENCE,
		updated,
		sources: {
			names: "GB/T 39046-2020《政务服务平台基础数据规范》表4 事项管理",
			keys: "国家政务服务平台事项交换表（up_task_general_basic / _extend / _material）的列名",
		},
		files: {
			items: "/open-data/items.csv",
			materials: "/open-data/materials.csv",
			centres: "/open-data/centres.csv",
			// One per township centre, listed in centres.csv (list_csv_url, list_json_url).
			"centre-list": centreListPath("<town_code>", "csv"),
			// From the cases: the daily job's aggregates, with their own headers (core/performance.ts PERFORMANCE_COLUMNS).
			performance: "/api/open-data/performance.csv",
			overdue: "/api/open-data/overdue.csv",
		},
		fields: fieldRows(),
		codeLists: CODE_LISTS,
	};
}
