import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const TSX = resolve("node_modules/.bin/tsx");
const run = (script: string, args: string[], cwd: string) =>
	spawnSync(TSX, [resolve("scripts", script), ...args], { cwd, encoding: "utf8" });

let dir = "";
/** A copy of content/ to break on purpose. */
function copyOfContent(): string {
	dir = mkdtempSync(join(tmpdir(), "bianmin-content-"));
	cpSync("content", join(dir, "content"), { recursive: true });
	return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run check:content", () => {
	it("passes the content as committed", () => {
		const result = run("check-content.ts", [], resolve("."));
		expect(result.stderr).not.toContain("错误");
		expect(result.status).toBe(0);
	});

	it("names the file, the field and the fix when a guide breaks a rule", () => {
		const cwd = copyOfContent();
		const file = join(cwd, "content/items/dibao.md");
		writeFileSync(file, readFileSync(file, "utf8").replace(/promisedDeadline:\n {2}days: \d+/, "promisedDeadline:\n  days: 99"));
		const result = run("check-content.ts", [], cwd);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/content\/items\/dibao\.md：promisedDeadline：承诺时限（99个工作日）不能长于法定时限/);
		// Only the broken file is reported, not every centre that refers to it.
		expect(result.stderr.match(/错误/g)).toHaveLength(1);
	});
});

describe("npm run new:item", () => {
	it("writes a guide with every field, which the check refuses until 待填写 is gone", () => {
		const cwd = copyOfContent();
		const made = run("new-item.ts", ["test-item", "minzheng"], cwd);
		expect(made.status).toBe(0);
		expect(readFileSync(join(cwd, "content/items/test-item.md"), "utf8")).toMatch(/^---\ncode: test-item\n/);
		const checked = run("check-content.ts", [], cwd);
		expect(checked.status).toBe(1);
		expect(checked.stderr).toContain("content/items/test-item.md：还有「待填写」的内容");
	});

	it("refuses a bad code, an unknown department and an existing file, in Chinese", () => {
		const cwd = copyOfContent();
		expect(run("new-item.ts", ["Bad Code", "minzheng"], cwd).stderr).toMatch(/只能用小写字母/);
		expect(run("new-item.ts", ["new-one", "nope"], cwd).stderr).toMatch(/部门「nope」不存在/);
		expect(run("new-item.ts", ["dibao", "minzheng"], cwd).stderr).toMatch(/已经存在/);
	});
});
