import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const run = (script: string, args: string[], cwd: string) =>
	spawnSync(resolve("node_modules/.bin/tsx"), [resolve("scripts", script), ...args], { cwd, encoding: "utf8" });

/** A copy of content/ for each test to add to. */
let dir = "";
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), "bianmin-content-"));
	cpSync("content", join(dir, "content"), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run new:item", () => {
	it("writes a guide with every field, which the check refuses until 待填写 is gone", () => {
		const made = run("new-item.ts", ["test-item", "minzheng"], dir);
		expect(made.status).toBe(0);
		expect(readFileSync(join(dir, "content/items/test-item.md"), "utf8")).toMatch(/^---\ncode: test-item\n/);
		const checked = run("check-content.ts", [], dir);
		expect(checked.status).toBe(1);
		expect(checked.stderr).toContain("content/items/test-item.md：还有「待填写」的内容");
	});

	it("refuses a bad code, an unknown department and an existing file, in Chinese", () => {
		expect(run("new-item.ts", ["Bad Code", "minzheng"], dir).stderr).toMatch(/只能用小写字母/);
		expect(run("new-item.ts", ["new-one", "nope"], dir).stderr).toMatch(/部门「nope」不存在/);
		expect(run("new-item.ts", ["dibao", "minzheng"], dir).stderr).toMatch(/已经存在/);
	});
});
