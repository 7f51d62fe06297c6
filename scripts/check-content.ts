// npm run check:content — validates every file in content/ with the same schemas and cross-checks the
// build uses, and prints each problem in Chinese with its file and field. Exits 1 when any file is wrong.
import { readFileSync, readdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { CalendarYearSchema } from "../core/calendar";
import { CentreSchema, StationSchema } from "../core/centre";
import { type Catalogue, type Entry, crossCheck, schemaErrors } from "../core/content-check";
import { DepartmentSchema } from "../core/department";
import { LifeEventSchema } from "../core/event";
import { ItemSchema } from "../core/item";

const errors: string[] = [];

/** Reads content/<dir>/*.<ext>: YAML files whole, Markdown by their frontmatter. */
function load<S extends z.ZodType>(dir: string, schema: S, exts: string[]): Entry<z.infer<S>>[] {
	const folder = join("content", dir);
	let names: string[];
	try {
		names = readdirSync(folder)
			.filter((n) => exts.includes(extname(n)))
			.sort();
	} catch {
		return [];
	}
	const entries: Entry<z.infer<S>>[] = [];
	for (const name of names) {
		const file = `${folder}/${name}`;
		const id = basename(name, extname(name));
		let raw: unknown;
		try {
			const text = readFileSync(file, "utf8");
			raw = parseYaml(extname(name) === ".yaml" ? text : frontmatter(text));
		} catch (e) {
			errors.push(`${file}：YAML 格式有误，请检查缩进和冒号：${(e as Error).message.split("\n")[0]}`);
			continue;
		}
		const parsed = schema.safeParse(raw);
		if (parsed.success) entries.push({ id, file, data: parsed.data });
		else errors.push(...schemaErrors(file, parsed.error));
	}
	return entries;
}

function frontmatter(text: string): string {
	const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
	if (!match) throw new Error("文件开头缺少 --- 包起来的信息区（frontmatter）");
	return match[1];
}

const catalogue: Catalogue = {
	items: load("items", ItemSchema, [".md", ".mdx"]),
	departments: load("departments", DepartmentSchema, [".yaml"]),
	centres: load("centres", CentreSchema, [".yaml"]),
	stations: load("stations", StationSchema, [".yaml"]),
	events: load("events", LifeEventSchema, [".yaml"]),
	calendars: load("calendar", CalendarYearSchema, [".yaml"]),
};
// References between files are checked only once every file is valid on its own: a broken file
// would otherwise make every reference to it look missing too.
const report = errors.length === 0 ? crossCheck(catalogue, new Date()) : { errors: [], warnings: [] };
errors.push(...report.errors);

for (const w of report.warnings) console.warn(`提醒  ${w}`);
for (const e of errors) console.error(`错误  ${e}`);
const counts = Object.entries(catalogue)
	.map(([k, v]) => `${k} ${(v as unknown[]).length}`)
	.join("，");
console.log(`\n内容检查：${counts}；${errors.length} 个错误，${report.warnings.length} 个提醒`);
process.exit(errors.length > 0 ? 1 : 0);
