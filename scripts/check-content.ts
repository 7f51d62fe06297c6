// npm run check:content — validates every file in content/ with the same schemas and cross-checks the
// build uses, and prints each problem in Chinese with its file and field. Exits 1 when any file is wrong.
import type { z } from "zod";
import { CalendarYearSchema } from "../core/calendar";
import { CentreSchema, StationSchema } from "../core/centre";
import { type Catalogue, type Entry, crossCheck } from "../core/content-check";
import { DepartmentSchema } from "../core/department";
import { DeploymentSchema } from "../core/deployment";
import { LifeEventSchema } from "../core/event";
import { ItemSchema } from "../core/item";
import { loadContent } from "./content-files";

const errors: string[] = [];

/** The files of content/<dir> under the current folder; their problems go into `errors`. */
function load<S extends z.ZodType>(dir: string, schema: S, exts: string[]): Entry<z.infer<S>>[] {
	const loaded = loadContent(".", dir, schema, exts);
	errors.push(...loaded.errors);
	return loaded.entries;
}

const catalogue: Catalogue = {
	items: load("items", ItemSchema, [".md", ".mdx"]),
	departments: load("departments", DepartmentSchema, [".yaml"]),
	centres: load("centres", CentreSchema, [".yaml"]),
	stations: load("stations", StationSchema, [".yaml"]),
	events: load("events", LifeEventSchema, [".yaml"]),
	calendars: load("calendar", CalendarYearSchema, [".yaml"]),
	deployment: load("deployment", DeploymentSchema, [".yaml"]),
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
