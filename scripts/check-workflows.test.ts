import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

/** The GitHub Actions workflows cannot run here: they are linted, and every npm script they call must exist (and is tested beside it). */
const DIR = ".github/workflows";
const workflows = readdirSync(DIR).map((f) => ({ file: f, text: readFileSync(join(DIR, f), "utf8") }));
const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;

describe("the GitHub Actions workflows", () => {
	it("pass action-validator", () => {
		const run = spawnSync("node", ["scripts/check-workflows.mjs"], { encoding: "utf8" });
		expect(run.stdout + run.stderr).toContain(`${workflows.length} 个文件，0 个有误`);
		expect(run.status).toBe(0);
	});

	it("are refused by the linter when a job is malformed", () => {
		const dir = mkdtempSync(join(tmpdir(), "bianmin-wf-"));
		try {
			writeFileSync(join(dir, "bad.yml"), "name: x\non: push\njobs:\n  a:\n    runz-on: ubuntu-latest\n    steps:\n      - run: echo\n");
			expect(spawnSync("node_modules/.bin/action-validator", [join(dir, "bad.yml")]).status).not.toBe(0);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it("call only npm scripts that package.json has", () => {
		const called = workflows.flatMap((w) => [...w.text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]));
		expect(called.length).toBeGreaterThan(5);
		expect(called.filter((s) => !(s in scripts))).toEqual([]);
	});

	it("deploy on main: build, then the D1 migrations, then the Worker", () => {
		const deploy = parseYaml(readFileSync(join(DIR, "deploy.yml"), "utf8")) as {
			on: { push: { branches: string[] } };
			jobs: { deploy: { steps: { run?: string }[] } };
		};
		expect(deploy.on.push.branches).toEqual(["main"]);
		const runs = deploy.jobs.deploy.steps.map((s) => s.run ?? "");
		const at = (cmd: string) => runs.findIndex((r) => r.includes(cmd));
		expect(at("npm run build")).toBeGreaterThan(-1);
		expect(at("wrangler d1 migrations apply DB --remote")).toBeGreaterThan(at("npm run build"));
		expect(at("wrangler deploy")).toBeGreaterThan(at("wrangler d1 migrations apply DB --remote"));
	});
});
