import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { weekOf } from "../core/page-feedback";
import { main } from "./feedback";
import { execute, sql } from "./staff";
import { toolsEnv } from "./tools-env.mjs";

/** `npm run feedback` as a shell runs it. */
const cli = (...args: string[]) =>
	spawnSync(resolve("node_modules/.bin/tsx"), [resolve("scripts/feedback.ts"), ...args], { encoding: "utf8" });

let state = "";
const feedback = (...args: string[]) => main([...args, "--persist-to", state]);

describe("npm run feedback", { timeout: 120_000 }, () => {
	beforeAll(() => {
		state = mkdtempSync(join(tmpdir(), "bianmin-feedback-"));
		const args = ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state];
		const migrate = spawnSync(resolve("node_modules/.bin/wrangler"), args, { env: toolsEnv(), encoding: "utf8", stdio: "pipe" });
		expect(migrate.status, migrate.stderr).toBe(0);
		// This week and last week of 低保, in China time; one row of another item that must not show.
		const monday = weekOf(new Date());
		const lastMonday = weekOf(new Date(Date.parse(`${monday}T00:00:00+08:00`) - 1000));
		const at = (day: string, time: string) => sql(new Date(`${day}T${time}+08:00`).toISOString());
		const rows = [
			`('dibao', 1, NULL, NULL, ${at(monday, "00:00:00")})`,
			`('dibao', 0, 'phone', '民政办电话一直占线', ${at(monday, "08:30:00")})`,
			`('dibao', 0, 'phone', NULL, ${at(monday, "09:00:00")})`,
			`('dibao', 0, 'phone', '打138****5678没人接', ${at(monday, "10:00:00")})`,
			`('dibao', 0, 'unclear', NULL, ${at(lastMonday, "23:00:00")})`,
			`('tekun', 0, 'other', '特困的留言', ${at(monday, "10:00:00")})`,
		];
		execute(
			{ remote: false, persistTo: state },
			`INSERT INTO page_feedback (item_code, useful, reason, text, created_at) VALUES ${rows.join(", ")};`,
		);
	});
	afterAll(() => rmSync(state, { recursive: true, force: true }));

	it("prints the item's name, the counts per week and reason, the flag and the texts, in Chinese", () => {
		const out = feedback("content/items/dibao.md");
		expect(out.stderr).toBe("");
		expect(out.status).toBe(0);
		const monday = weekOf(new Date());
		const lastMonday = weekOf(new Date(Date.parse(`${monday}T00:00:00+08:00`) - 1000));
		expect(out.stdout).toMatch(/^最低生活保障（申请、审核确认）（dibao）：最近 12 周的「本页有用吗」反馈/);
		const line = (week: string) =>
			out.stdout
				.split("\n")
				.find((l) => l.startsWith(week))
				?.split(/\s+/);
		// 周, 有用, 没用, then 材料不对 时限不对 电话打不通 地址不对 看不懂 其他.
		expect(line(monday)).toEqual([monday, "1", "3", "0", "0", "3!", "0", "0", "0"]);
		expect(line(lastMonday)).toEqual([lastMonday, "0", "1", "0", "0", "0", "0", "1", "0"]);
		expect(out.stdout).toContain(`! ${monday} 这一周有 3 条「电话打不通」，请核对指南里的这部分内容。`);
		expect(out.stdout).toContain("留言（2 条，最新的在前；身份证号、手机号已隐去中间几位）：");
		expect(out.stdout).toContain("电话打不通：打138****5678没人接");
		expect(out.stdout).toContain("电话打不通：民政办电话一直占线");
		expect(out.stdout).not.toContain("特困的留言");
	});

	it("says so for a guide nobody has answered yet", () => {
		const out = feedback("content/items/zhaijidi.md");
		expect(out.status).toBe(0);
		expect(out.stdout).toContain("最近 12 周还没有人反馈。");
	});

	it("refuses a file that is not a guide, with what a guide file is", () => {
		for (const file of ["content/centres/qingshi.yaml", "README.md", "content/items/no-such-item.md"]) {
			const out = cli(file);
			expect(out.status, file).toBe(1);
			expect(out.stdout).toBe("");
			if (file.includes("no-such")) expect(out.stderr).toContain("找不到文件「content/items/no-such-item.md」");
			else {
				expect(out.stderr).toContain(`「${file}」不是办事指南文件`);
				expect(out.stderr).toContain("办事指南是 content/items/ 下的 .md 或 .mdx 文件");
			}
		}
		const none = cli();
		expect(none.status).toBe(1);
		expect(none.stderr).toContain("请给出一个办事指南文件");
	});

	it("tells how to migrate a database without the feedback table", () => {
		const empty = mkdtempSync(join(tmpdir(), "bianmin-feedback-empty-"));
		try {
			const out = main(["content/items/dibao.md", "--persist-to", empty]);
			expect(out.status).toBe(1);
			expect(out.stderr).toContain(
				"数据库里还没有反馈表（page_feedback）。请先运行数据库迁移：npx wrangler d1 migrations apply DB --local --persist-to",
			);
		} finally {
			rmSync(empty, { recursive: true, force: true });
		}
	});
});
