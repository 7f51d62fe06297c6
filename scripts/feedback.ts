// npm run feedback -- <content file>: what readers said at the foot of one guide (本页有用吗), for the editor
// of that file: the item's name, the counts per calendar week (China time) and reason, and the texts, in
// plain Chinese. Reads the local D1 by default (`wrangler d1 execute`, as the staff script does), another
// local one with --persist-to, or the deployed one with --remote. Reads only.
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import {
	FEEDBACK_FLAG_THRESHOLD,
	FEEDBACK_REASONS,
	FEEDBACK_WEEKS_SHOWN,
	FLAGGED_REASONS,
	type FeedbackReason,
	emptyWeek,
	isFeedbackReason,
	reasonLabel,
	recentWeeks,
	weekFlags,
} from "../core/page-feedback";
import { chinaDateTime } from "../core/calendar";
import { StaffError, type Target, execute, sql, table } from "./staff";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ITEMS = resolve(ROOT, "content/items");

/** A problem the editor can fix: printed as it is, exit code 1. */
export class FeedbackError extends Error {}

export const USAGE = `用法：npm run feedback -- <办事指南文件> [--remote | --persist-to 目录]

列出群众在这份办事指南页面底部点「有用」「没用」留下的反馈：最近 ${FEEDBACK_WEEKS_SHOWN} 周每周（周一至周日，北京时间）的次数、
「没用」的原因和留言。默认读本机数据库（npm start 用的那一个）。

  --persist-to 目录      本机数据库所在的目录（和 wrangler 的 --persist-to 相同）
  --remote               线上（Cloudflare）的 D1 数据库，只读；请先 npx wrangler login

例子：
  npm run feedback -- content/items/dibao.md
  npm run feedback -- content/items/dibao.md --remote`;

/** The guide a content file is: its code and name from the frontmatter, or why the file is not a guide. */
export function guideOf(path: string): { code: string; name: string } {
	const file = resolve(path);
	const shown = relative(ROOT, file) || path;
	const notGuide = (why: string) =>
		new FeedbackError(`「${shown}」不是办事指南文件：${why}办事指南是 content/items/ 下的 .md 或 .mdx 文件，例如 content/items/dibao.md。`);
	if (dirname(file) !== ITEMS || ![".md", ".mdx"].includes(extname(file)))
		throw notGuide(file.startsWith(ITEMS + sep) || dirname(file) === ITEMS ? "扩展名不对。" : "它不在 content/items/ 目录里。");
	if (!existsSync(file)) throw new FeedbackError(`找不到文件「${shown}」，请检查路径和文件名。`);
	const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, "utf8"));
	let front: unknown;
	try {
		front = match ? parseYaml(match[1]) : undefined;
	} catch {
		front = undefined;
	}
	const { code, name } = (typeof front === "object" && front !== null ? front : {}) as Record<string, unknown>;
	if (typeof code !== "string" || typeof name !== "string")
		throw notGuide("文件开头的信息区（frontmatter）里没有事项编码 code 和事项名称 name。");
	if (code !== basename(file, extname(file))) throw notGuide(`文件名和事项编码 code「${code}」不一致。`);
	return { code, name };
}

interface Counted {
	week: string;
	useful: number;
	reason: string | null;
	n: number;
}

/** The report for one guide, as printed. `now` fixes the weeks. */
export function report(target: Target, guide: { code: string; name: string }, now = new Date()): string {
	const weeks = recentWeeks(now, FEEDBACK_WEEKS_SHOWN);
	const since = new Date(Date.parse(`${weeks.at(-1)}T00:00:00+08:00`)).toISOString();
	const where = `item_code = ${sql(guide.code)} AND created_at >= ${sql(since)}`;
	const [counts = [], texts = []] = run(
		target,
		`SELECT date(created_at, '+8 hours', '-6 days', 'weekday 1') AS week, useful, reason, count(*) AS n FROM page_feedback WHERE ${where} GROUP BY week, useful, reason;` +
			`SELECT created_at AS at, reason, text FROM page_feedback WHERE ${where} AND text IS NOT NULL ORDER BY created_at DESC, id DESC;`,
	);
	const head = `${guide.name}（${guide.code}）：最近 ${FEEDBACK_WEEKS_SHOWN} 周的「本页有用吗」反馈`;
	if (counts.length === 0) return `${head}\n\n最近 ${FEEDBACK_WEEKS_SHOWN} 周还没有人反馈。`;
	const byWeek = new Map(weeks.map((w) => [w, emptyWeek(w)]));
	for (const c of counts as unknown as Counted[]) {
		const week = byWeek.get(c.week);
		if (!week) continue;
		if (c.useful === 1) week.useful += c.n;
		else {
			week.notUseful += c.n;
			if (isFeedbackReason(c.reason)) week.reasons[c.reason] += c.n;
		}
	}
	const shown = [...byWeek.values()].filter((w) => w.useful + w.notUseful > 0);
	const rows = shown.map((w) => [
		w.week,
		String(w.useful),
		String(w.notUseful),
		...FEEDBACK_REASONS.map((r) => `${w.reasons[r]}${weekFlags(w.reasons).includes(r) ? "!" : ""}`),
	]);
	const flagged = shown.flatMap((w) =>
		weekFlags(w.reasons).map((r) => `  ! ${w.week} 这一周有 ${w.reasons[r]} 条「${reasonLabel(r)}」，请核对指南里的这部分内容。`),
	);
	const lines = (texts as { at: string; reason: string; text: string }[]).map(
		(x) => `  ${chinaDateTime(new Date(x.at))}  ${isFeedbackReason(x.reason) ? reasonLabel(x.reason) : x.reason}：${x.text}`,
	);
	return [
		head,
		"",
		"每周次数（周一日期；「没用」按原因分列）：",
		table([["周（周一）", "有用", "没用", ...FEEDBACK_REASONS.map((r: FeedbackReason) => reasonLabel(r))], ...rows]),
		"",
		...(flagged.length > 0
			? [`需要核对（同一周里「${FLAGGED_REASONS.map(reasonLabel).join("」或「")}」达到 ${FEEDBACK_FLAG_THRESHOLD} 条）：`, ...flagged, ""]
			: []),
		`留言（${lines.length} 条，最新的在前；身份证号、手机号已隐去中间几位）：`,
		...(lines.length > 0 ? lines : ["  没有留言。"]),
	].join("\n");
}

/** SQL through the staff script's runner, with this table's missing migration told as such. */
function run(target: Target, command: string) {
	try {
		return execute(target, command);
	} catch (err) {
		if (err instanceof StaffError && /no such table: page_feedback/.test(err.message)) {
			const hint = target.remote
				? "npx wrangler d1 migrations apply DB --remote"
				: target.persistTo
					? `npx wrangler d1 migrations apply DB --local --persist-to ${target.persistTo}`
					: "npm run db:migrate（或 npm start）";
			throw new FeedbackError(`数据库里还没有反馈表（page_feedback）。请先运行数据库迁移：${hint}`);
		}
		if (err instanceof StaffError) throw new FeedbackError(err.message);
		throw err;
	}
}

/** One command line: what to print and the exit code. */
export function main(argv: string[]): { status: number; stdout: string; stderr: string } {
	try {
		const { values, positionals } = parseArgs({
			args: argv,
			allowPositionals: true,
			strict: true,
			options: { help: { type: "boolean", short: "h" }, remote: { type: "boolean" }, "persist-to": { type: "string" } },
		});
		if (values.help) return { status: 0, stdout: USAGE, stderr: "" };
		if (positionals.length !== 1) throw new FeedbackError(`请给出一个办事指南文件，例如 content/items/dibao.md。\n\n${USAGE}`);
		if (values.remote && values["persist-to"] !== undefined)
			throw new FeedbackError("--persist-to 只用于本机数据库，不能和 --remote 一起用。");
		const guide = guideOf(positionals[0]);
		const target: Target = { remote: values.remote === true };
		if (values["persist-to"] !== undefined) target.persistTo = resolve(values["persist-to"]);
		return { status: 0, stdout: report(target, guide), stderr: "" };
	} catch (err) {
		if (err instanceof FeedbackError) return { status: 1, stdout: "", stderr: `✖ ${err.message}` };
		if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
			return { status: 1, stdout: "", stderr: `✖ 选项写法不对。运行 npm run feedback -- --help 查看用法。` };
		throw err;
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { status, stdout, stderr } = main(process.argv.slice(2));
	if (status === 0) console.log(stdout);
	else console.error(stderr);
	process.exitCode = status;
}
