import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { staleInput, staleReports, unlistedPhones } from "./stale-content";

/** A scratch copy of content/ an editor has half updated: heba's 民政 window moved to a new number, a guide still gives the old one. */
const root = mkdtempSync(join(tmpdir(), "bianmin-stale-"));
cpSync("content", join(root, "content"), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));
const heba = join(root, "content/centres/heba.yaml");
writeFileSync(heba, readFileSync(heba, "utf8").replace("phone: 0838-6450001", "phone: 0838-6450101"));
const dibao = join(root, "content/items/dibao.md");
writeFileSync(dibao, readFileSync(dibao, "utf8").replace(/\n---\n/, "\n---\n\n咨询电话 0838-6450001（河坝镇民政窗口）。\n"));

describe("the weekly content check", () => {
	it("lists guides past their reviewBy date, one issue per department", () => {
		const reports = staleReports(staleInput(root, new Date("2099-01-01T00:00:00Z")));
		const minzheng = reports.find((r) => r.department === "minzheng")!;
		expect(minzheng.title).toBe("内容复核：民政（minzheng）");
		expect(minzheng.body).toContain("- [ ] 最低生活保障（申请、审核确认）（content/items/dibao.md）：复核日期 2027-06-30 已过");
		expect(new Set(reports.map((r) => r.department)).size).toBe(reports.length);
		expect(reports.find((r) => r.department === "gongan")?.body).not.toContain("dibao");
	});

	it("names a phone one page still gives after the centre changed it", () => {
		const reports = staleReports(staleInput(root, new Date("2020-01-01T00:00:00Z")));
		expect(reports.map((r) => r.department)).toEqual(["minzheng"]);
		expect(reports[0].body).toContain("content/items/dibao.md 写的电话 0838-6450001 不在任何中心或服务站的电话里");
		expect(reports[0].body).not.toContain("已过复核日期");
	});

	it("finds nothing in the content as it is today, before any reviewBy date", () => {
		expect(staleReports(staleInput(".", new Date("2020-01-01T00:00:00Z")))).toEqual([]);
	});

	it("reads fixed lines and mobiles, not longer digit runs", () => {
		expect(unlistedPhones("电话 0838-6450001 或 13812345678，编号 1381234567899", new Set(["13812345678"]))).toEqual(["0838-6450001"]);
	});
});
