import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { contentDiffSummary, fileSummary } from "./content-diff-summary";

/** Real files of content/, changed the way an editor changes them. */
const dibao = readFileSync("content/items/dibao.md", "utf8");
const heba = readFileSync("content/centres/heba.yaml", "utf8");
const edit = (text: string, from: string, to: string) => {
	expect(text).toContain(from);
	return text.replace(from, to);
};

describe("content:diff on a guide", () => {
	it("names a shortened promise and a changed legal limit with its basis", () => {
		let after = edit(dibao, "promisedDeadline:\n  days: 25", "promisedDeadline:\n  days: 15");
		after = edit(after, "legalDeadline:\n  days: 30", "legalDeadline:\n  days: 20");
		const lines = fileSummary({ file: "content/items/dibao.md", before: dibao, after });
		expect(lines[0]).toBe("**最低生活保障（申请、审核确认）**（content/items/dibao.md）");
		expect(lines).toContain("- 承诺时限：25个工作日 → 15个工作日");
		expect(lines).toContain("- 法定（参考）时限：30个工作日 → 20个工作日");
	});

	it("names a material added and one removed, a fee and a legal basis removed", () => {
		let after = edit(dibao, "  - name: 最低生活保障申请书\n", "  - name: 最低生活保障申请表\n");
		after = edit(after, "visits: 1\n", "visits: 1\nfees:\n  - name: 工本费\n    amount: 每证10元\n    basis: 某省收费文件\n");
		const lines = fileSummary({ file: "content/items/dibao.md", before: dibao, after });
		expect(lines.some((l) => l.startsWith("- 新增申请材料：最低生活保障申请表（原件"))).toBe(true);
		expect(lines.some((l) => l.startsWith("- 删除申请材料：最低生活保障申请书（原件"))).toBe(true);
		expect(lines).toContain("- 新增收费：工本费：每证10元，依据某省收费文件");
	});

	it("names a legal basis whose article changed", () => {
		const after = edit(dibao, "article: 第十一条", "article: 第十二条");
		const lines = fileSummary({ file: "content/items/dibao.md", before: dibao, after });
		expect(lines.some((l) => l.startsWith("- 新增办理依据：《社会救助暂行办法》第十二条"))).toBe(true);
		expect(lines.some((l) => l.startsWith("- 删除办理依据：《社会救助暂行办法》第十一条"))).toBe(true);
	});

	it("leaves out a change of wording only, naming the file among the others", () => {
		const after = edit(dibao, "低保以家庭为单位申请", "低保按家庭申请");
		expect(fileSummary({ file: "content/items/dibao.md", before: dibao, after })).toEqual([]);
		const summary = contentDiffSummary([{ file: "content/items/dibao.md", before: dibao, after }]);
		expect(summary).toContain("没有时限、收费、办理依据、申请材料或电话的改动");
		expect(summary).toContain("其他改动的文件（文字说明等）：content/items/dibao.md");
	});
});

describe("content:diff on a centre", () => {
	it("names a window's phone that changed, and an item no longer offered", () => {
		let after = edit(heba, "phone: 0838-6450003", "phone: 0838-6450033");
		after = edit(after, "  - code: yikatong\n", "");
		const lines = fileSummary({ file: "content/centres/heba.yaml", before: heba, after });
		expect(lines).toEqual([
			"**河坝镇便民服务中心**（content/centres/heba.yaml）",
			"- 3号窗口（yibao）电话：0838-6450003 → 0838-6450033",
			"- 不再办理事项：yikatong",
		]);
	});

	it("says a new or deleted file must be reviewed whole", () => {
		expect(fileSummary({ file: "content/centres/heba.yaml", after: heba })).toContain("- 新增文件：请整篇审核");
		expect(fileSummary({ file: "content/items/dibao.md", before: dibao })[1]).toContain("删除文件");
	});
});

describe("npm run content:diff -- <base> in a Git repository", () => {
	const repo = mkdtempSync(join(tmpdir(), "bianmin-diff-"));
	afterAll(() => rmSync(repo, { recursive: true, force: true }));
	const git = (...args: string[]) =>
		execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", ...args], {
			cwd: repo,
			encoding: "utf8",
		});

	it("summarises the working tree against the base commit", () => {
		git("init", "-q");
		execFileSync("mkdir", ["-p", "content/centres"], { cwd: repo });
		writeFileSync(join(repo, "content/centres/heba.yaml"), heba);
		git("add", "content");
		git("commit", "-q", "-m", "base");
		writeFileSync(join(repo, "content/centres/heba.yaml"), heba.replace("complaintPhone: 0838-6450999", "complaintPhone: 0838-6450998"));
		const out = execFileSync(join(process.cwd(), "node_modules/.bin/tsx"), [join(process.cwd(), "scripts/content-diff.ts"), "HEAD"], {
			cwd: repo,
			encoding: "utf8",
		});
		expect(out).toContain("- 投诉电话：0838-6450999 → 0838-6450998");
	});
});
