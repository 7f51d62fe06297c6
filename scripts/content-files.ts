// The files of content/ read through core's schemas. The content check and the staff script both read
// them here, so a file one of them accepts the other accepts too.
import { readFileSync, readdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type Entry, schemaErrors } from "../core/content-check";

export interface Loaded<T> {
	/** The files the schema accepted. */
	entries: Entry<T>[];
	/** Each problem of the others, in Chinese with its file and field. */
	errors: string[];
}

/** Reads content/<dir>/*.<ext> under `root`: YAML files whole, Markdown by their frontmatter. */
export function loadContent<S extends z.ZodType>(root: string, dir: string, schema: S, exts: string[]): Loaded<z.infer<S>> {
	const folder = `content/${dir}`;
	const loaded: Loaded<z.infer<S>> = { entries: [], errors: [] };
	let names: string[];
	try {
		names = readdirSync(join(root, folder))
			.filter((n) => exts.includes(extname(n)))
			.sort();
	} catch {
		return loaded;
	}
	for (const name of names) {
		const file = `${folder}/${name}`;
		let raw: unknown;
		try {
			const text = readFileSync(join(root, file), "utf8");
			raw = parseYaml(extname(name) === ".yaml" ? text : frontmatter(text));
		} catch (e) {
			loaded.errors.push(`${file}：YAML 格式有误，请检查缩进和冒号：${(e as Error).message.split("\n")[0]}`);
			continue;
		}
		const parsed = schema.safeParse(raw);
		if (parsed.success) loaded.entries.push({ id: basename(name, extname(name)), file, data: parsed.data });
		else loaded.errors.push(...schemaErrors(file, parsed.error));
	}
	return loaded;
}

function frontmatter(text: string): string {
	const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
	if (!match) throw new Error("文件开头缺少 --- 包起来的信息区（frontmatter）");
	return match[1];
}
