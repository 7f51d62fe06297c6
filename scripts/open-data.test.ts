// The open-data files as the build wrote them (dist/open-data/), read as a spreadsheet would read them:
// needs `npm run build` first, like the Worker tests.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CentreSchema, StationSchema } from "../core/centre";
import { DepartmentSchema } from "../core/department";
import { ItemSchema } from "../core/item";
import { ITEM_FIELDS, MATERIAL_FIELDS, OPEN_DATA_LICENCE, OpenItemsFileSchema } from "../core/open-data";
import {
	CENTRE_FIELDS,
	OFFERING_FIELDS,
	OpenCentreListFileSchema,
	OpenCentresFileSchema,
	offeringsByCentre,
} from "../core/open-data-centres";
import { FIELD_FILE_COLUMNS, fieldRows } from "../core/open-data-fields";
import { loadContent } from "./content-files";

/**
 * A strict RFC 4180 reader, as LibreOffice and Excel read a quoted file: fields separated by commas, records
 * by CRLF, a quoted field may hold commas, CRLF or LF and doubled quotes; anything else (a stray quote, a bare
 * CR, text after a closing quote, an unterminated quote) throws.
 */
export function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let i = 0;
	for (;;) {
		let field = "";
		if (text[i] === '"') {
			i++;
			for (;;) {
				if (i >= text.length) throw new Error("unterminated quoted field");
				if (text[i] === '"') {
					if (text[i + 1] === '"') {
						field += '"';
						i += 2;
					} else {
						i++;
						break;
					}
				} else field += text[i++];
			}
		} else {
			while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
				if (text[i] === '"') throw new Error(`stray quote at ${i}`);
				field += text[i++];
			}
		}
		record.push(field);
		if (text[i] === ",") {
			i++;
			continue;
		}
		if (text.startsWith("\r\n", i)) {
			records.push(record);
			record = [];
			i += 2;
			if (i === text.length) return records;
			continue;
		}
		if (i === text.length) {
			records.push(record);
			return records;
		}
		throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
	}
}

const root = process.cwd();
const built = (name: string) => {
	const path = `dist/open-data/${name}`;
	if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first.`);
	return readFileSync(path);
};
const load = <S extends Parameters<typeof loadContent>[2]>(dir: string, schema: S, ext: string) =>
	loadContent(root, dir, schema, [ext]).entries.map((e) => ({ slug: e.id, ...(e.data as object) }));
const catalogue = {
	items: loadContent(root, "items", ItemSchema, [".md", ".mdx"]).entries.map((e) => e.data),
	centres: load("centres", CentreSchema, ".yaml") as never,
	stations: load("stations", StationSchema, ".yaml") as never,
	departments: load("departments", DepartmentSchema, ".yaml") as never,
	site: "http://127.0.0.1:8787",
};

/** The file as UTF-8 with its BOM checked and removed, then parsed. */
function readCsv(name: string): string[][] {
	const bytes = built(name);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(3));
	return parseCsv(text);
}

describe("the strict CSV reader", () => {
	it("reads quoted fields with commas, line breaks and doubled quotes", () => {
		expect(parseCsv('"a,b","c\r\nd","e""f"\r\n"",x\r\n')).toEqual([
			["a,b", "c\r\nd", 'e"f'],
			["", "x"],
		]);
	});
	it("refuses what a spreadsheet would misread", () => {
		for (const bad of ['"a"b\r\n', 'a"b\r\n', '"a\r\n', "a\rb\r\n"]) expect(() => parseCsv(bad)).toThrow();
	});
});

/** Cloudflare's limit on one static asset: wrangler refuses to serve or deploy a bigger file. */
const ASSET_LIMIT = 25 * 1024 * 1024;

describe("dist/open-data", () => {
	const places = offeringsByCentre(catalogue);

	it("items.csv: BOM, the Chinese header row, one row per item, every row as wide as the header", () => {
		const [header, ...rows] = readCsv("items.csv");
		expect(header).toEqual(ITEM_FIELDS.map((f) => f.name));
		expect(catalogue.items.length).toBeGreaterThan(20);
		expect(rows).toHaveLength(catalogue.items.length);
		for (const row of rows) expect(row).toHaveLength(header.length);
		expect(rows.map((r) => r[1]).sort()).toEqual(catalogue.items.map((i) => i.code).sort());
	});

	it("materials.csv: one row per material of each item", () => {
		const [header, ...rows] = readCsv("materials.csv");
		expect(header).toEqual(MATERIAL_FIELDS.map((f) => f.name));
		expect(rows).toHaveLength(catalogue.items.reduce((n, i) => n + i.materials.length, 0));
		for (const row of rows) expect(row).toHaveLength(header.length);
	});

	it("centres.csv: one row per centre, each naming its own list, and each list one row per item the centre offers", () => {
		const [header, ...rows] = readCsv("centres.csv");
		expect(header).toEqual(CENTRE_FIELDS.map((f) => f.name));
		expect(rows.map((r) => r[0])).toEqual(places.map((p) => p.centre.centre.slug));
		const codes = new Set(catalogue.items.map((i) => i.code));
		for (const [i, row] of rows.entries()) {
			const slug = row[0];
			expect(row.at(-2)).toMatch(new RegExp(`/open-data/centres/${slug}\\.csv$`));
			const [listHeader, ...list] = readCsv(`centres/${slug}.csv`);
			expect(listHeader).toEqual(OFFERING_FIELDS.map((f) => f.name));
			expect(list.map((r) => r[0])).toEqual(places[i].rows.map((r) => `${r.item.code}-${slug}`));
			expect(String(list.length)).toBe(row[CENTRE_FIELDS.findIndex((f) => f.key === "task_count")]);
			// Every row refers to an item of items.csv by its 基本编码.
			for (const r of list) expect(codes.has(r[1])).toBe(true);
		}
	});

	it("fields.csv: one row per column of every file", () => {
		const [header, ...rows] = readCsv("fields.csv");
		expect(header).toEqual(FIELD_FILE_COLUMNS.map(([, name]) => name));
		expect(rows).toHaveLength(ITEM_FIELDS.length + MATERIAL_FIELDS.length + CENTRE_FIELDS.length + OFFERING_FIELDS.length);
		for (const row of rows) expect(row).toHaveLength(header.length);
	});

	it("items.json, centres.json and each centre's JSON validate against core's schemas, with the licence and a date", () => {
		const items = OpenItemsFileSchema.parse(JSON.parse(built("items.json").toString("utf8")));
		expect(items.licence).toBe(OPEN_DATA_LICENCE);
		expect(items.items).toHaveLength(catalogue.items.length);
		expect(items.items.some((i) => i.task_type === "01")).toBe(true);
		const index = OpenCentresFileSchema.parse(JSON.parse(built("centres.json").toString("utf8")));
		expect(index.centres.map((c) => c.town_code)).toEqual(places.map((p) => p.centre.centre.slug));
		for (const c of index.centres) {
			const list = OpenCentreListFileSchema.parse(JSON.parse(built(`centres/${c.town_code}.json`).toString("utf8")));
			expect(list.centre).toEqual(c);
			expect(String(list.items.length)).toBe(c.task_count);
		}
	});

	it("fields.json: the licence, a date, and every key of every file", () => {
		const file = JSON.parse(built("fields.json").toString("utf8")) as { licence: string; updated: string; fields: { key: string }[] };
		expect(file.licence).toBe(OPEN_DATA_LICENCE);
		expect(file.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(file.fields.map((f) => f.key)).toEqual(fieldRows().map((f) => f.key));
	});
});

describe("dist/", () => {
	// A tenth of the limit at the sample's size leaves room for a file that grows with the city. The editors'
	// CMS bundle under /admin/ (Decap, some 6 MB) is the same at every size, so only the limit itself holds it.
	it("has no file over Cloudflare's 25 MiB per static asset (nor, but the CMS bundle, over a tenth of it)", () => {
		const sizes: [string, number][] = [];
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const path = join(dir, name);
				const stat = statSync(path);
				if (stat.isDirectory()) walk(path);
				else sizes.push([path, stat.size]);
			}
		};
		walk("dist");
		expect(sizes.length).toBeGreaterThan(100);
		expect(sizes.filter(([, size]) => size > ASSET_LIMIT)).toEqual([]);
		expect(sizes.filter(([path, size]) => size > ASSET_LIMIT / 10 && !path.startsWith(join("dist", "admin")))).toEqual([]);
	});
});
