import type { z } from "zod";
import type { CalendarYear } from "./calendar";
import type { Centre, Station } from "./centre";
import type { Department } from "./department";
import type { Deployment } from "./deployment";
import type { LifeEvent } from "./event";
import { type Item, itemWarnings } from "./item";

/** One content file after its schema accepted it. */
export interface Entry<T> {
	/** The file name without extension: an item's code, a centre's slug … */
	id: string;
	/** The path an editor opens, e.g. content/items/dibao.md. */
	file: string;
	data: T;
}

export interface Catalogue {
	items: Entry<Item>[];
	departments: Entry<Department>[];
	centres: Entry<Centre>[];
	stations: Entry<Station>[];
	events: Entry<LifeEvent>[];
	calendars: Entry<CalendarYear>[];
	/** content/deployment/deployment.yaml, exactly one. */
	deployment: Entry<Deployment>[];
}

export interface Report {
	/** Problems that must stop the build. */
	errors: string[];
	/** Problems an editor should fix soon (unverified citations, past review dates). */
	warnings: string[];
}

/** A schema path as an editor reads it: materials → 第2项 → source. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
	return path.map((p) => (typeof p === "number" ? `第${p + 1}项` : String(p))).join(" → ");
}

/** Each schema problem of one file as a line: file：field：message. */
export function schemaErrors(file: string, error: z.ZodError): string[] {
	return error.issues.map((issue) => `${file}：${issue.path.length > 0 ? fieldPath(issue.path) + "：" : ""}${issue.message}`);
}

/** What `npm run new:item` writes into every field an editor must fill in. */
export const PLACEHOLDER = "待填写";

/** The checks across files: every reference points at something that exists and fits. */
export function crossCheck(c: Catalogue, today: Date): Report {
	const errors: string[] = [];
	const warnings: string[] = [];
	const departments = new Set(c.departments.map((d) => d.id));
	const items = new Map(c.items.map((i) => [i.id, i.data]));
	const centres = new Map(c.centres.map((e) => [e.id, e.data]));

	const province = c.deployment.length === 1 ? c.deployment[0].data.province : undefined;
	if (!province) errors.push("content/deployment/：要有且只有一个 deployment.yaml，写明本站所在的省（province）和市（city）");

	for (const { id, file, data } of c.items) {
		if (JSON.stringify(data).includes(PLACEHOLDER)) errors.push(`${file}：还有「${PLACEHOLDER}」的内容，请全部填写后再发布`);
		if (data.code !== id) errors.push(`${file}：code：编码「${data.code}」必须和文件名「${id}」一致，请把其中一个改成相同`);
		if (!departments.has(data.department))
			errors.push(`${file}：department：部门「${data.department}」不存在，请填 content/departments/ 里已有的文件名`);
		warnings.push(...itemWarnings(data, today).map((w) => `${file}：${w}`));
		if (province && data.legalDeadline.source === "本省规定" && !data.legalDeadline.basis.includes(province))
			errors.push(
				`${file}：legalDeadline → basis：「本省规定」只能是本站所在省（${province}）的规定；依据不是${province}的规定的，请把 source 改成「地方做法」`,
			);
	}

	for (const { file, data } of c.centres) {
		const windows = new Set(data.windows.map((w) => w.department));
		data.windows.forEach((w, i) => {
			if (!departments.has(w.department)) errors.push(`${file}：windows → 第${i + 1}项 → department：部门「${w.department}」不存在`);
		});
		const seen = new Set<string>();
		data.items.forEach((offered, i) => {
			const where = `${file}：items → 第${i + 1}项`;
			if (seen.has(offered.code)) errors.push(`${where}：事项「${offered.code}」重复列出，请删掉一个`);
			seen.add(offered.code);
			const item = items.get(offered.code);
			if (!item) return errors.push(`${where}：事项「${offered.code}」不存在，请填 content/items/ 里已有的文件名`);
			const window = offered.window ?? item.department;
			if (!windows.has(window))
				errors.push(`${where}：本中心没有「${window}」窗口来办理「${item.name}」，请在 windows 里添加，或用 window 指定别的窗口`);
		});
	}

	for (const { file, data } of c.stations) {
		const centre = centres.get(data.centre);
		if (!centre) {
			errors.push(`${file}：centre：便民服务中心「${data.centre}」不存在，请填 content/centres/ 里已有的文件名`);
			continue;
		}
		data.items.forEach((code, i) => {
			const where = `${file}：items → 第${i + 1}项`;
			if (!items.has(code)) return errors.push(`${where}：事项「${code}」不存在，请填 content/items/ 里已有的文件名`);
			if (!centre.items.some((o) => o.code === code)) errors.push(`${where}：所属中心没有办理「${code}」，服务站只能代办本中心办理的事项`);
		});
	}

	for (const { file, data } of c.events) {
		data.steps.forEach((step, i) => {
			if (!items.has(step.code))
				errors.push(`${file}：steps → 第${i + 1}项 → code：事项「${step.code}」不存在，请填 content/items/ 里已有的文件名`);
		});
	}

	const years = new Map<number, string>();
	for (const { file, data } of c.calendars) {
		const other = years.get(data.year);
		if (other) errors.push(`${file}：year：${data.year} 年已经写在 ${other} 里，一年只写一个文件`);
		years.set(data.year, file);
	}

	return { errors, warnings };
}
