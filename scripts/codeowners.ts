// npm run codeowners [-- --org <GitHub organisation>] — writes .github/CODEOWNERS from content/, so every pull
// request asks the right people to review: a department's team its guides, a township's team its centre and
// the stations under it, the city's admins everything else. Teams are named by the content's own slugs:
// @<org>/dept-<department> and @<org>/town-<centre> (README, "Who may edit what").
import { readFileSync, writeFileSync } from "node:fs";
import { CentreSchema, StationSchema } from "../core/centre";
import { DepartmentSchema } from "../core/department";
import { ItemSchema } from "../core/item";
import { loadContent } from "./content-files";

export const CODEOWNERS_FILE = ".github/CODEOWNERS";
/** The sample city's organisation; a real deployment passes its own once (`--org`) and the file keeps it. */
export const DEFAULT_ORG = "shifan-city";

export interface Owners {
	/** GitHub organisation whose teams review. */
	org: string;
	departments: string[];
	/** item file → its department. */
	items: { file: string; department: string }[];
	centres: { id: string; file: string }[];
	/** station file → its centre. */
	stations: { file: string; centre: string }[];
}

/** The CODEOWNERS text: later lines win, so the catch-all comes first. */
export function codeownersText(o: Owners): string {
	const admins = `@${o.org}/city-admins`;
	const lines = [
		`# 由 npm run codeowners 按 content/ 生成，请勿手改。org: ${o.org}`,
		"# 部门的团队审核本部门的办事指南；乡镇的团队审核本中心和下属服务站；市管理员审核其余一切。",
		`* ${admins}`,
		"",
	];
	for (const i of o.items) lines.push(`/${i.file} @${o.org}/dept-${i.department} ${admins}`);
	for (const c of o.centres) lines.push(`/${c.file} @${o.org}/town-${c.id} ${admins}`);
	for (const s of o.stations) lines.push(`/${s.file} @${o.org}/town-${s.centre} ${admins}`);
	return lines.join("\n") + "\n";
}

/** Who owns what, read from the content under `root`. */
export function ownersFrom(root: string, org: string): Owners {
	const items = loadContent(root, "items", ItemSchema, [".md", ".mdx"]).entries;
	return {
		org,
		departments: loadContent(root, "departments", DepartmentSchema, [".yaml"]).entries.map((d) => d.id),
		items: items.map((i) => ({ file: i.file, department: i.data.department })),
		centres: loadContent(root, "centres", CentreSchema, [".yaml"]).entries.map((c) => ({ id: c.id, file: c.file })),
		stations: loadContent(root, "stations", StationSchema, [".yaml"]).entries.map((s) => ({ file: s.file, centre: s.data.centre })),
	};
}

/** The organisation the committed file names, so a plain `npm run codeowners` keeps it. */
export function committedOrg(text: string | undefined): string | undefined {
	return text ? /org: (\S+)/.exec(text)?.[1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
	let current: string | undefined;
	try {
		current = readFileSync(CODEOWNERS_FILE, "utf8");
	} catch {
		current = undefined;
	}
	const flag = process.argv.indexOf("--org");
	const org = flag > 0 ? process.argv[flag + 1] : (committedOrg(current) ?? DEFAULT_ORG);
	const text = codeownersText(ownersFrom(".", org));
	if (process.argv.includes("--check")) {
		if (text !== current) {
			console.error(`${CODEOWNERS_FILE} 和 content/ 不一致：请运行 npm run codeowners 并提交。`);
			process.exit(1);
		}
	} else {
		writeFileSync(CODEOWNERS_FILE, text);
		console.log(`已写入 ${CODEOWNERS_FILE}（${org}）`);
	}
}
