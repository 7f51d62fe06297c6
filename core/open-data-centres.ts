import { z } from "zod";
import type { Centre, Station } from "./centre";
import type { Department } from "./department";
import type { Item } from "./item";
import { type Field, OPEN_DATA_LICENCE, openDataHeader, toRecord } from "./open-data";

/**
 * 开放数据 by place: where each item is done. A city has a hundred centres or more, each offering most of the
 * catalogue, so the 实施清单 (one row per item per centre) is one file per township centre, listed in an index
 * (centres.csv / centres.json) with each centre's own address, hours and complaint line. What is the same
 * everywhere (the item's type, basis, deadlines, conditions, materials) is in items.* and materials.csv once,
 * referred to by 基本编码. So every file is bounded by one centre's offer or by the catalogue: the city's size
 * adds files, never bytes to a file (apart from the index's one row per centre).
 */

/** One item at one township centre: a row of that centre's 实施清单. */
export interface OfferingRow {
	item: Item;
	centre: Centre & { slug: string };
	/** The department of the window that handles it at this centre. */
	window: Department;
	windowNumber: string;
	windowPhone: string;
	/** The village stations of this centre that take the item (全程代办). */
	stations: (Station & { slug: string })[];
}

/** One township centre: a row of the index, with its 实施清单's addresses. */
export interface CentreRow {
	centre: Centre & { slug: string };
	offered: number;
	/** The site's address, without a trailing slash. */
	site: string;
}

/** Where a centre's 实施清单 is, without the site's address: /open-data/centres/<slug>.csv or .json. */
export const centreListPath = (slug: string, ext: "csv" | "json") => `/open-data/centres/${slug}.${ext}`;

const townCode: Field<{ centre: { slug: string } }> = {
	key: "town_code",
	name: "乡镇（街道）编码",
	national: true,
	description: "本站的服务中心编码（地址 /centres/<编码>/ 中的编码），不是行政区划代码。",
	unverified: "GB/T 39046 表4 没有这一项；键名取自交换表 town_code，中文名是本站按同样写法起的。",
	value: (r) => r.centre.slug,
};

/** A centre's 实施清单 columns: what differs from centre to centre; the rest is in items.csv by 基本编码. */
export const OFFERING_FIELDS: readonly Field<OfferingRow>[] = [
	{
		key: "task_code",
		name: "实施编码",
		gbt: 3,
		national: true,
		description: "本站的实施编码：事项编码-服务中心编码，每个中心办理的每个事项一行一个，不是国家平台的实施编码。",
		value: (r) => `${r.item.code}-${r.centre.slug}`,
	},
	{
		key: "catalog_code",
		name: "基本编码",
		gbt: 2,
		national: true,
		description: "本站的事项编码，对应事项目录（items.csv）的基本编码：事项类型、设定依据、时限、条件、材料等在那里。",
		value: (r) => r.item.code,
	},
	{ key: "task_name", name: "事项名称", gbt: 1, national: true, description: "事项名称。", value: (r) => r.item.name },
	townCode,
	{
		key: "handle_dept",
		name: "承办机构",
		gbt: 25,
		national: false,
		description: "办理的便民服务中心和窗口部门。",
		value: (r) => `${r.centre.name}${r.window.fullName}`,
	},
	{
		key: "transact_addr",
		name: "办理地点",
		gbt: 50,
		national: true,
		description: "服务中心地址和窗口号。",
		value: (r) => `${r.centre.address} ${r.centre.name}${r.windowNumber}`,
	},
	{
		key: "link_way",
		name: "咨询方式",
		gbt: 52,
		national: true,
		description: "窗口电话。",
		value: (r) => `${r.window.name}窗口电话：${r.windowPhone}`,
	},
	{
		key: "village_name",
		name: "村居社区名称",
		national: true,
		description: "本中心下可以受理或代办这一事项的村（社区）便民服务站，用顿号分隔。",
		unverified: "GB/T 39046 表4 没有这一项；名称取自交换表 village_name 的注释。",
		value: (r) => r.stations.map((s) => s.name).join("、"),
	},
];

/** The index's columns: one row per township centre, with what is the same for all its items. */
export const CENTRE_FIELDS: readonly Field<CentreRow>[] = [
	townCode,
	{
		key: "town_name",
		name: "便民服务中心名称",
		national: false,
		description: "乡镇（街道）便民服务中心的名称。",
		value: (r) => r.centre.name,
	},
	{
		key: "transact_addr",
		name: "办理地点",
		gbt: 50,
		national: true,
		description: "服务中心地址（各事项的窗口号见本中心的实施清单）。",
		value: (r) => r.centre.address,
	},
	{
		key: "transact_time",
		name: "办理时间",
		gbt: 51,
		national: true,
		description: "服务中心的办公时间，有逢场天安排的一并写明。",
		value: (r) =>
			[r.centre.hours, r.centre.marketDays && r.centre.marketDayNote ? `${r.centre.marketDays}：${r.centre.marketDayNote}` : ""]
				.filter(Boolean)
				.join(" "),
	},
	{
		key: "supervise_way",
		name: "监督投诉方式",
		national: true,
		description: "中心投诉电话和网上投诉建议地址。",
		unverified: "GB/T 39046 表4 为「54 监督电话」；这里用交换表 supervise_way 的注释「监督投诉方式」，因为还写了网上地址。",
		value: (r) => `投诉电话：${r.centre.complaintPhone}；网上投诉建议：${r.site}/complaints/`,
	},
	{
		key: "task_count",
		name: "事项数",
		national: false,
		description: "本中心办理的事项数，即本中心实施清单的行数。",
		value: (r) => String(r.offered),
	},
	{
		key: "list_csv_url",
		name: "实施清单地址",
		national: false,
		description: "本中心实施清单的 CSV 文件地址。",
		value: (r) => `${r.site}${centreListPath(r.centre.slug, "csv")}`,
	},
	{
		key: "list_json_url",
		name: "实施清单JSON地址",
		national: false,
		description: "本中心实施清单的 JSON 文件地址。",
		value: (r) => `${r.site}${centreListPath(r.centre.slug, "json")}`,
	},
];

export interface PlaceCatalogue {
	items: Item[];
	centres: (Centre & { slug: string })[];
	stations: (Station & { slug: string })[];
	departments: (Department & { slug: string })[];
	site: string;
}

/** Each centre with the rows of its 实施清单 (items in the catalogue's order), in the centres' order. */
export function offeringsByCentre(catalogue: PlaceCatalogue): { centre: CentreRow; rows: OfferingRow[] }[] {
	const departments = new Map(catalogue.departments.map((d) => [d.slug, d]));
	const department = (slug: string) => {
		const found = departments.get(slug);
		if (!found) throw new Error(`没有部门 ${slug}`);
		return found;
	};
	const stationsOf = new Map<string, PlaceCatalogue["stations"]>();
	for (const s of catalogue.stations) stationsOf.set(s.centre, [...(stationsOf.get(s.centre) ?? []), s]);
	const site = catalogue.site.replace(/\/+$/, "");
	return catalogue.centres.map((centre) => {
		const offered = new Map(centre.items.map((o) => [o.code, o]));
		const stations = stationsOf.get(centre.slug) ?? [];
		const rows = catalogue.items.flatMap((item): OfferingRow[] => {
			const offer = offered.get(item.code);
			if (!offer) return [];
			const windowSlug = offer.window ?? item.department;
			const window = centre.windows.find((w) => w.department === windowSlug);
			return [
				{
					item,
					centre,
					window: department(windowSlug),
					windowNumber: window?.number ?? "",
					windowPhone: window?.phone ?? centre.phone,
					stations: stations.filter((s) => s.items.includes(item.code)),
				},
			];
		});
		return { centre: { centre, offered: rows.length, site }, rows };
	});
}

const cell = z.string();
const slug = cell.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

/** One row of a centre's 实施清单 (JSON). */
export const OpenOfferingSchema = z.strictObject({
	task_code: slug,
	catalog_code: slug,
	task_name: cell.min(1),
	town_code: slug,
	handle_dept: cell.min(1),
	transact_addr: cell.min(1),
	link_way: cell.min(1),
	village_name: cell,
});

/** One row of centres.json. */
export const OpenCentreSchema = z.strictObject({
	town_code: slug,
	town_name: cell.min(1),
	transact_addr: cell.min(1),
	transact_time: cell.min(1),
	supervise_way: cell.min(1),
	task_count: z.string().regex(/^\d+$/),
	list_csv_url: cell.regex(/\/open-data\/centres\/[a-z0-9-]+\.csv$/),
	list_json_url: cell.regex(/\/open-data\/centres\/[a-z0-9-]+\.json$/),
});

/** centres.json: the index. */
export const OpenCentresFileSchema = z.strictObject({ ...openDataHeader, centres: z.array(OpenCentreSchema).min(1) });
export type OpenCentresFile = z.infer<typeof OpenCentresFileSchema>;

/** centres/<slug>.json: one centre (as in the index) and its 实施清单. */
export const OpenCentreListFileSchema = z.strictObject({ ...openDataHeader, centre: OpenCentreSchema, items: z.array(OpenOfferingSchema) });
export type OpenCentreListFile = z.infer<typeof OpenCentreListFileSchema>;

const header = (title: string, updated: string) => ({
	title,
	licence: OPEN_DATA_LICENCE,
	updated,
	fields: "/open-data/fields.json" as const,
});

export function centresFile(centres: CentreRow[], updated: string): OpenCentresFile {
	return OpenCentresFileSchema.parse({
		...header("便民服务中心和各中心的实施清单", updated),
		centres: centres.map((r) => toRecord(r, CENTRE_FIELDS)),
	});
}

export function centreListFile(centre: CentreRow, rows: OfferingRow[], updated: string): OpenCentreListFile {
	return OpenCentreListFileSchema.parse({
		...header(`${centre.centre.name}事项实施清单`, updated),
		centre: toRecord(centre, CENTRE_FIELDS),
		items: rows.map((r) => toRecord(r, OFFERING_FIELDS)),
	});
}
