import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StaffError, main, readContent } from "./staff";
import { toolsEnv } from "./tools-env.mjs";

/** `npm run staff` as a shell runs it. */
const cli = (...args: string[]) =>
	spawnSync(resolve("node_modules/.bin/tsx"), [resolve("scripts/staff.ts"), ...args], { encoding: "utf8" });
/** The same command line in this process (faster), against a throw-away local D1, migrated as `npm start` migrates the real one. */
let state = "";
const staff = (...args: string[]) => main([...args, "--persist-to", state]);

/** The list's row for one email, split into its columns. */
const rowOf = (list: string, email: string) =>
	list
		.split("\n")
		.find((line) => line.startsWith(`${email} `))
		?.split(/\s{2,}/);

const sample = (JSON.parse(readFileSync("scripts/sample-staff.json", "utf8")) as { staff: { email: string; name: string }[] }).staff;

describe("npm run staff", { timeout: 120_000 }, () => {
	beforeAll(() => {
		state = mkdtempSync(join(tmpdir(), "bianmin-staff-"));
		const args = ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state];
		const migrate = spawnSync(resolve("node_modules/.bin/wrangler"), args, { env: toolsEnv(), encoding: "utf8", stdio: "pipe" });
		expect(migrate.status, migrate.stderr).toBe(0);
	});
	afterAll(() => rmSync(state, { recursive: true, force: true }));

	it("prints its usage in Chinese, and refuses an unknown command", () => {
		const help = cli("--help");
		expect(help.status).toBe(0);
		expect(help.stdout).toMatch(/^用法：npm run staff -- <命令>/);
		const wrong = cli("remove");
		expect(wrong.status).toBe(1);
		expect(wrong.stderr).toContain("不认识的命令「remove」");
	});

	it("seeds the sample staff into the empty directory, once", () => {
		expect(staff("list").stdout).toContain("名录里还没有人");
		const seeded = staff("seed");
		expect(seeded.stderr).toBe("");
		expect(seeded.status).toBe(0);
		expect(seeded.stdout).toContain(`已载入 ${sample.length} 个示例工作人员`);

		const list = staff("list");
		expect(list.status).toBe(0);
		for (const person of sample) expect(rowOf(list.stdout, person.email)?.[1]).toBe(person.name);
		expect(rowOf(list.stdout, "admin@example.gov.cn")).toEqual(["admin@example.gov.cn", "钱示范", "市级管理员", "（全市）", "启用"]);
		expect(rowOf(list.stdout, "minzheng.a.qingshi@example.gov.cn")).toEqual([
			"minzheng.a.qingshi@example.gov.cn",
			"赵甲",
			"窗口工作人员",
			"qingshi",
			"minzheng A",
			"启用",
		]);
		expect(list.stdout).toContain(`共 ${sample.length} 人：启用 ${sample.length}，停用 0。`);

		const again = staff("seed");
		expect(again.status).toBe(1);
		expect(again.stderr).toContain(`名录里已经有 ${sample.length} 人，seed 只往空的名录里载入示例，这次没有改动`);
	});

	it("refuses an unknown centre, station or window with the valid choices, and adds nothing", () => {
		const add = (...more: string[]) => staff("add", "--email", "new@example.gov.cn", "--name", "新人", ...more);
		const centre = add("--role", "head", "--centre", "qingshii");
		expect(centre.status).toBe(1);
		expect(centre.stderr).toContain(
			"中心「qingshii」不存在。可用的中心：baihe（白鹤乡便民服务中心）、heba（河坝镇便民服务中心）、qingshi（青石镇便民服务中心）。",
		);
		const station = add("--role", "agent", "--centre", "qingshi", "--station", "songlin");
		expect(station.status).toBe(1);
		expect(station.stderr).toContain("村站「songlin」（松林村便民服务站）属于中心 baihe，不属于 qingshi。");
		expect(station.stderr).toContain("shiqiao（石桥村便民服务站）");
		const window = add("--role", "clerk", "--centre", "baihe", "--window", "xumu", "--post", "A");
		expect(window.status).toBe(1);
		expect(window.stderr).toMatch(/白鹤乡便民服务中心没有「xumu」窗口。这个中心的窗口：minzheng（民政）、/);
		const role = add("--role", "clerk", "--centre", "baihe");
		expect(role.status).toBe(1);
		expect(role.stderr).toContain("窗口工作人员（clerk）需要 --centre、--window、--post，缺少 --window、--post。");
		expect(rowOf(staff("list").stdout, "new@example.gov.cn")).toBeUndefined();
	});

	it("adds, disables and enables a person, and marks an A post away and back", () => {
		const person = ["--email", "Tester@Example.gov.cn", "--name", "测试员", "--role", "clerk"];
		const added = staff("add", ...person, "--centre", "baihe", "--window", "yibao", "--post", "A");
		expect(added.stderr).toBe("");
		expect(added.status).toBe(0);
		expect(added.stdout).toContain("已添加：测试员（窗口工作人员，baihe · yibao 窗口 A 岗），登录邮箱 tester@example.gov.cn。");
		expect(staff("add", "--email", "tester@example.gov.cn", "--name", "测试员", "--role", "admin").stderr).toContain(
			"邮箱 tester@example.gov.cn 已经在名录里，不能重复添加",
		);

		expect(staff("disable", "--email", "tester@example.gov.cn").stdout).toContain("已停用：测试员（tester@example.gov.cn）");
		expect(rowOf(staff("list").stdout, "tester@example.gov.cn")?.at(-1)).toBe("停用");
		expect(staff("disable", "--email", "tester@example.gov.cn").stdout).toContain("已经是停用状态，没有改动");
		expect(staff("enable", "--email", "tester@example.gov.cn").stdout).toContain("已启用：测试员");

		// Active again, and away; no B post at baihe's yibao window: the script says so.
		const away = staff("absent", "--email", "tester@example.gov.cn", "--on");
		expect(away.stdout).toContain("这个窗口没有启用的 B 岗");
		expect(rowOf(staff("list").stdout, "tester@example.gov.cn")?.slice(-2)).toEqual(["离岗", "启用"]);
		expect(staff("absent", "--email", "minzheng.a.qingshi@example.gov.cn", "--on").stdout).toContain("由同窗口的 B 岗（孙乙）");
		expect(staff("absent", "--email", "minzheng.a.qingshi@example.gov.cn", "--off").stdout).toContain("已标记回岗");
		const notA = staff("absent", "--email", "minzheng.b.qingshi@example.gov.cn", "--on");
		expect(notA.status).toBe(1);
		expect(notA.stderr).toContain("只有窗口的 A 岗（主岗）能标记离岗");
		const nobody = staff("disable", "--email", "nobody@example.gov.cn");
		expect(nobody.status).toBe(1);
		expect(nobody.stderr).toContain("名录里没有邮箱 nobody@example.gov.cn");
	}, 300_000); // many wrangler runs in a row: a bound for a loaded machine, not a timing

	it("stores a quote literally and refuses SQL-like input before it reaches the database", () => {
		const quoted = staff("add", "--email", "sean.o'brien@example.gov.cn", "--name", "Sean O'Brien", "--role", "head", "--centre", "heba");
		expect(quoted.stderr).toBe("");
		expect(quoted.status).toBe(0);

		const attempts = [
			{ args: ["--name", "x'); DROP TABLE staff;--", "--role", "admin"], message: "姓名「x'); DROP TABLE staff;--」不对" },
			{ args: ["--name", "张三", "--role", "admin' OR '1'='1"], message: "角色「admin' OR '1'='1」不对" },
			{ args: ["--name", "张三", "--role", "head", "--centre", "heba'--"], message: "中心「heba'--」不存在" },
			{
				args: ["--name", "张三", "--role", "clerk", "--centre", "heba", "--window", "minzheng", "--post", "A'"],
				message: "岗位「A'」不对",
			},
		];
		for (const { args, message } of attempts) {
			const result = staff("add", "--email", "attacker@example.gov.cn", ...args);
			expect(result.status).toBe(1);
			expect(result.stderr).toContain(message);
		}
		const email = staff("disable", "--email", "x' OR 1=1; --@example.gov.cn");
		expect(email.status).toBe(1);
		expect(email.stderr).toContain("格式不对");

		const list = staff("list");
		expect(list.status).toBe(0);
		expect(rowOf(list.stdout, "sean.o'brien@example.gov.cn")?.slice(0, 4)).toEqual([
			"sean.o'brien@example.gov.cn",
			"Sean O'Brien",
			"中心负责人",
			"heba",
		]);
		expect(rowOf(list.stdout, "attacker@example.gov.cn")).toBeUndefined();
		// Everyone still there and still active.
		expect(list.stdout).toContain(`共 ${sample.length + 2} 人：启用 ${sample.length + 2}，停用 0。`);
	});
});

describe("reading content/", () => {
	it("refuses content a schema refuses, naming the file and field, as the content check does", () => {
		const dir = mkdtempSync(join(tmpdir(), "bianmin-content-"));
		try {
			cpSync("content", join(dir, "content"), { recursive: true });
			const file = join(dir, "content/centres/baihe.yaml");
			writeFileSync(file, readFileSync(file, "utf8").replace(/^phone: .*$/m, "phone: 没有电话"));
			expect(() => readContent(dir)).toThrow(StaffError);
			expect(() => readContent(dir)).toThrow(/content\/centres\/baihe\.yaml：phone：咨询电话格式不对/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
