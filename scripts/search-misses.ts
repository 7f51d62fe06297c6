// npm run search:misses: the searches that found nothing over the last days (default 28), most frequent
// first, so editors see which words people use that no guide knows yet and add them as aliases or keywords
// (content/README.md, 搜索). Reads the local D1 by default, another local one with --persist-to, or the
// deployed one with --remote. Reads only; the table holds a day, the query and a count, nothing about anyone.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chinaDate } from "../core/calendar";
import { StaffError, type Target, execute, sql, table } from "./staff";

export class MissesError extends Error {}

export const DEFAULT_DAYS = 28;
const SHOWN = 50;

export const USAGE = `用法：npm run search:misses -- [--days 天数] [--remote | --persist-to 目录]

列出最近一段时间（默认 ${DEFAULT_DAYS} 天，北京时间）群众搜索了却什么也没找到的词，按次数从多到少，最多 ${SHOWN} 个。
常见的说法请加到对应办事指南的 aliases（俗称）或 keywords（关键词）里，见 content/README.md「搜索」一节。

  --days 天数            看最近多少天（1 至 366）
  --persist-to 目录      本机数据库所在的目录（和 wrangler 的 --persist-to 相同）
  --remote               线上（Cloudflare）的 D1 数据库，只读；请先 npx wrangler login`;

export interface MissRow {
	query: string;
	misses: number;
	days: number;
	last: string;
}

/** The first day counted when looking back `days` days from `now` (China time). */
export function sinceDay(now: Date, days: number): string {
	return chinaDate(new Date(now.getTime() - (days - 1) * 86_400_000));
}

/** The printed report. */
export function missesReport(rows: MissRow[], days: number, since: string): string {
	const head = `最近 ${days} 天（${since} 起）搜索了却没有找到事项的词：`;
	if (rows.length === 0) return `${head}\n\n没有。`;
	return [
		head,
		"",
		table([["搜索的词", "次数", "天数", "最近一天"], ...rows.map((r) => [r.query, String(r.misses), String(r.days), r.last])]),
		"",
		"常见的说法请加到对应办事指南的 aliases（俗称）或 keywords（关键词）里，重新构建后就能搜到。",
	].join("\n");
}

function query(target: Target, since: string): MissRow[] {
	try {
		const [rows = []] = execute(
			target,
			`SELECT query, sum(misses) AS misses, count(*) AS days, max(day) AS last FROM search_misses WHERE day >= ${sql(since)} GROUP BY query ORDER BY misses DESC, last DESC, query LIMIT ${SHOWN};`,
		);
		return rows as unknown as MissRow[];
	} catch (err) {
		if (err instanceof StaffError && /no such table: search_misses/.test(err.message))
			throw new MissesError("数据库里还没有查无结果统计表（search_misses）。请先运行数据库迁移：npm run db:migrate（或 npm start）");
		if (err instanceof StaffError) throw new MissesError(err.message);
		throw err;
	}
}

/** One command line: what to print and the exit code. */
export function main(argv: string[], now = new Date()): { status: number; stdout: string; stderr: string } {
	try {
		const { values, positionals } = parseArgs({
			args: argv,
			allowPositionals: true,
			strict: true,
			options: {
				help: { type: "boolean", short: "h" },
				days: { type: "string" },
				remote: { type: "boolean" },
				"persist-to": { type: "string" },
			},
		});
		if (values.help) return { status: 0, stdout: USAGE, stderr: "" };
		if (positionals.length > 0) throw new MissesError(`不需要文件名或其他参数。\n\n${USAGE}`);
		const days = values.days === undefined ? DEFAULT_DAYS : Number(values.days);
		if (!Number.isInteger(days) || days < 1 || days > 366) throw new MissesError("--days 要写 1 到 366 之间的整数，例如 --days 7。");
		if (values.remote && values["persist-to"] !== undefined)
			throw new MissesError("--persist-to 只用于本机数据库，不能和 --remote 一起用。");
		const target: Target = { remote: values.remote === true };
		if (values["persist-to"] !== undefined) target.persistTo = resolve(values["persist-to"]);
		const since = sinceDay(now, days);
		return { status: 0, stdout: missesReport(query(target, since), days, since), stderr: "" };
	} catch (err) {
		if (err instanceof MissesError) return { status: 1, stdout: "", stderr: `✖ ${err.message}` };
		if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))
			return { status: 1, stdout: "", stderr: "✖ 选项写法不对。运行 npm run search:misses -- --help 查看用法。" };
		throw err;
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { status, stdout, stderr } = main(process.argv.slice(2));
	if (status === 0) console.log(stdout);
	else console.error(stderr);
	process.exitCode = status;
}
