import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/** `npm run check:content` in `cwd`, as an editor runs it. */
const check = (cwd: string) =>
	spawnSync(resolve("node_modules/.bin/tsx"), [resolve("scripts/check-content.ts")], { cwd, encoding: "utf8" });

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run check:content", () => {
	it("passes the content as committed", () => {
		const result = check(resolve("."));
		expect(result.stderr).not.toContain("错误");
		expect(result.status).toBe(0);
	});

	it("names the file, the field and the fix when a guide breaks a rule", () => {
		// A copy of content/ to break on purpose.
		dir = mkdtempSync(join(tmpdir(), "bianmin-content-"));
		cpSync("content", join(dir, "content"), { recursive: true });
		const file = join(dir, "content/items/dibao.md");
		writeFileSync(file, readFileSync(file, "utf8").replace(/promisedDeadline:\n {2}days: \d+/, "promisedDeadline:\n  days: 99"));
		const result = check(dir);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/content\/items\/dibao\.md：promisedDeadline：承诺时限（99个工作日）不能长于法定时限/);
		// Only the broken file is reported, not every centre that refers to it.
		expect(result.stderr.match(/错误/g)).toHaveLength(1);
	});

	it("refuses a 法定时限 without the article that sets it, and points to 地方做法", () => {
		dir = mkdtempSync(join(tmpdir(), "bianmin-content-"));
		cpSync("content", join(dir, "content"), { recursive: true });
		const file = join(dir, "content/items/getihu-dengji.md");
		writeFileSync(file, readFileSync(file, "utf8").replace(/(legalDeadline:\n(?: {2}\S.*\n){2} {2}basis: ).*/, "$1市场监管部门的要求"));
		const result = check(dir);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(
			/content\/items\/getihu-dengji\.md：legalDeadline → basis：法定时限要写明规定它的法规名称和条款.*请把 source 写成「地方做法」/,
		);
	});
});
