// The open-data files as the build wrote them (dist/open-data/), read as a spreadsheet would read them:
// needs `npm run build` first, like the Worker tests.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CentreSchema, StationSchema } from "../core/centre";
import { DepartmentSchema } from "../core/department";
import { ItemSchema } from "../core/item";
import { FIELD_FILE_COLUMNS, ITEM_FIELDS, MATERIAL_FIELDS, OPEN_DATA_LICENCE, OpenItemsFileSchema, itemsToRows } from "../core/open-data";
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

describe("dist/open-data", () => {
	it("items.csv: BOM, the Chinese header row, one row per item per centre offering it, every row as wide as the header", () => {
		const [header, ...rows] = readCsv("items.csv");
		expect(header).toEqual(ITEM_FIELDS.map((f) => f.name));
		const expected = itemsToRows(catalogue);
		expect(catalogue.items.length).toBeGreaterThan(20);
		expect(rows).toHaveLength(expected.length);
		for (const row of rows) expect(row).toHaveLength(header.length);
		expect(rows.map((r) => r[2]).sort()).toEqual(expected.map((r) => `${r.item.code}-${r.centre.slug}`).sort());
	});

	it("materials.csv: one row per material of each item", () => {
		const [header, ...rows] = readCsv("materials.csv");
		expect(header).toEqual(MATERIAL_FIELDS.map((f) => f.name));
		expect(rows).toHaveLength(catalogue.items.reduce((n, i) => n + i.materials.length, 0));
		for (const row of rows) expect(row).toHaveLength(header.length);
	});

	it("fields.csv: one row per column of both files", () => {
		const [header, ...rows] = readCsv("fields.csv");
		expect(header).toEqual(FIELD_FILE_COLUMNS.map(([, name]) => name));
		expect(rows).toHaveLength(ITEM_FIELDS.length + MATERIAL_FIELDS.length);
		for (const row of rows) expect(row).toHaveLength(header.length);
	});

	it("items.json: validates against core's schema, with the licence, a date and as many rows as items.csv", () => {
		const file = OpenItemsFileSchema.parse(JSON.parse(built("items.json").toString("utf8")));
		expect(file.licence).toBe(OPEN_DATA_LICENCE);
		expect(file.items).toHaveLength(itemsToRows(catalogue).length);
		expect(file.items.some((i) => i.task_type === "01")).toBe(true);
	});

	it("fields.json: the licence, a date, and every key of both files", () => {
		const file = JSON.parse(built("fields.json").toString("utf8")) as { licence: string; updated: string; fields: { key: string }[] };
		expect(file.licence).toBe(OPEN_DATA_LICENCE);
		expect(file.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(file.fields.map((f) => f.key)).toEqual([...ITEM_FIELDS, ...MATERIAL_FIELDS].map((f) => f.key));
	});
});
