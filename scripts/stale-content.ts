// npm run content:stale [-- --json] — the weekly check (.github/workflows/weekly-review.yml): guides past their
// reviewBy date, and phone numbers written on one page that no centre or station lists any more (changed there,
// not here). One report per department, which the workflow opens as one issue each.
import { readFileSync } from "node:fs";
import { CentreSchema, StationSchema } from "../core/centre";
import type { Entry } from "../core/content-check";
import { DepartmentSchema } from "../core/department";
import { LifeEventSchema } from "../core/event";
import { type Item, ItemSchema } from "../core/item";
import { loadContent } from "./content-files";

/** One department's issue: its title names the department, so next week's run finds and updates it. */
export interface DepartmentReport {
	department: string;
	title: string;
	body: string;
}

/** Fixed lines and mobiles as the content writes them: 0838-6450001, 13812345678. */
const PHONE = /(?<!\d)(0\d{2,3}-\d{7,8}|1[3-9]\d{9})(?!\d)/g;

export interface StaleInput {
	today: Date;
	/** department slug → its name, e.g. minzheng → 民政. */
	departments: Map<string, string>;
	items: { entry: Entry<Item>; text: string }[];
	/** Every phone a centre or station lists (its own, its windows', its agent's). */
	listedPhones: Set<string>;
	/** Other pages' text (centres' notes, stations, life events) with the department they belong to, if any. */
	otherTexts: { file: string; department?: string; text: string }[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Phones in a text that no centre or station lists. */
export function unlistedPhones(text: string, listed: Set<string>): string[] {
	return [...new Set([...text.matchAll(PHONE)].map((m) => m[1]))].filter((p) => !listed.has(p));
}

/** The reports, one per department with something to do, in department order. */
export function staleReports(input: StaleInput): DepartmentReport[] {
	const found = new Map<string, { overdue: string[]; phones: string[] }>();
	const of = (d: string) => found.get(d) ?? found.set(d, { overdue: [], phones: [] }).get(d)!;
	for (const { entry, text } of input.items) {
		const { department, reviewBy, name } = entry.data;
		if (reviewBy.getTime() < input.today.getTime())
			of(department).overdue.push(`- [ ] ${name}（${entry.file}）：复核日期 ${day(reviewBy)} 已过`);
		for (const p of unlistedPhones(text, input.listedPhones))
			of(department).phones.push(`- [ ] ${entry.file} 写的电话 ${p} 不在任何中心或服务站的电话里：那边改了号码，这里还没改？`);
	}
	for (const o of input.otherTexts)
		for (const p of unlistedPhones(o.text, input.listedPhones))
			of(o.department ?? "city").phones.push(`- [ ] ${o.file} 写的电话 ${p} 不在任何中心或服务站的电话里`);
	return [...found.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([department, f]) => {
			const name = input.departments.get(department) ?? "市政务服务中心";
			const body = [
				`本周（${day(input.today)}）内容检查发现${name}有以下需要处理的内容。改好后在 /admin/ 保存，或直接修改文件并提交。`,
				...(f.overdue.length > 0
					? ["", "### 已过复核日期的办事指南", "", "请对照最新规定核对整篇指南，改好后把复核日期（reviewBy）往后延。", ...f.overdue]
					: []),
				...(f.phones.length > 0 ? ["", "### 前后不一致的电话", "", ...f.phones] : []),
			].join("\n");
			return { department, title: `内容复核：${name}（${department}）`, body };
		});
}

/** The input read from content/ under `root`. */
export function staleInput(root: string, today: Date): StaleInput {
	const text = (file: string) => readFileSync(`${root}/${file}`, "utf8");
	const centres = loadContent(root, "centres", CentreSchema, [".yaml"]).entries;
	const stations = loadContent(root, "stations", StationSchema, [".yaml"]).entries;
	const listedPhones = new Set<string>();
	for (const { data } of centres)
		[data.phone, data.complaintPhone, ...data.windows.map((w) => w.phone)].forEach((p) => listedPhones.add(p));
	for (const { data } of stations) listedPhones.add(data.agent.phone);
	const notes = centres.flatMap(({ file, data }) =>
		data.items.flatMap((o) => (o.note ? [{ file, department: o.window, text: o.note }] : [])),
	);
	const events = loadContent(root, "events", LifeEventSchema, [".yaml"]).entries.map(({ file }) => ({ file, text: text(file) }));
	return {
		today,
		departments: new Map(loadContent(root, "departments", DepartmentSchema, [".yaml"]).entries.map((d) => [d.id, d.data.name])),
		items: loadContent(root, "items", ItemSchema, [".md", ".mdx"]).entries.map((entry) => ({ entry, text: text(entry.file) })),
		listedPhones,
		otherTexts: [...notes, ...events],
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const reports = staleReports(staleInput(".", new Date()));
	if (process.argv.includes("--json")) console.log(JSON.stringify(reports));
	else if (reports.length === 0) console.log("没有过期的指南，也没有前后不一致的电话。");
	else for (const r of reports) console.log(`## ${r.title}\n\n${r.body}\n`);
}
