// npm run staff -- <command>: the staff directory (工作人员名录), who may use the back office, in which
// role and where. Runs `wrangler d1 execute` against the local D1 (default) or, with --remote, the
// deployed one. Every value is checked first (format, and against content/ for centres, stations and
// windows), then written into the SQL as a quoted literal; a change and its audit entry go in one command.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Centre, CentreSchema, type Station, StationSchema } from "../core/centre";
import { DepartmentSchema } from "../core/department";
import { SLUG } from "../core/fields";
import { normalizeInput } from "../core/normalize";
import { ROLES, type Role, type Staff } from "../core/staff";
import { t } from "../core/zh-CN";
import { loadContent } from "./content-files";
import { toolsEnv } from "./tools-env.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
const SAMPLE_FILE = join(ROOT, "scripts/sample-staff.json");

/** One person as the directory stores them, before the database gives them an id. */
export type StaffInput = Omit<Staff, "id" | "absent">;
export interface Target {
	remote: boolean;
	persistTo?: string;
}
/** What the checks need from content/: centres, stations, and departments' short names. */
export interface Content {
	centres: Map<string, Centre>;
	stations: Map<string, Station>;
	departments: Map<string, string>;
}
type Checked = { ok: true; staff: StaffInput } | { ok: false; errors: string[] };

/** Letters, digits and . _ % + - ' before the @ (O'Brien's address is real); a host name after it. */
const EMAIL = /^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
/** A Chinese name (with the 间隔号 of minority and foreign names), or Latin letters in words. */
const CHINESE_NAME = /^\p{Script=Han}+(·\p{Script=Han}+)*$/u;
const LATIN_NAME = /^[A-Za-z]+([ '-][A-Za-z]+)*$/;
const FIELDS = ["email", "name", "role", "centre", "station", "window", "post"];

type PlaceOption = "centre" | "station" | "window" | "post";
/** What each role needs and must not have (the CHECK in migration 0003_staff.sql), and why not. */
const RULES: Record<Role, { need: PlaceOption[]; refuse: PlaceOption[]; why: string }> = {
	agent: { need: ["centre", "station"], refuse: ["window", "post"], why: "在村站代办，没有窗口和岗位" },
	clerk: { need: ["centre", "window", "post"], refuse: ["station"], why: "在中心的窗口工作，不属于村站" },
	head: { need: ["centre"], refuse: ["station", "window", "post"], why: "管整个中心，不属于某个村站或窗口" },
	admin: { need: [], refuse: ["centre", "station", "window", "post"], why: "管全市，不属于某个中心、村站或窗口" },
};

const roleName = (role: Role) => t(`staff.role.${role}`);
const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/** A problem the person running the command can fix: printed as it is, exit code 1. */
export class StaffError extends Error {}
/** The email is in the directory already (the UNIQUE column). */
class DuplicateEmail extends StaffError {}

// ── content/ ────────────────────────────────────────────────────────────────────────────────────

/** Centres, stations and departments from content/, read as the content check reads them. */
export function readContent(root = ROOT): Content {
	const centres = loadContent(root, "centres", CentreSchema, [".yaml"]);
	const stations = loadContent(root, "stations", StationSchema, [".yaml"]);
	const departments = loadContent(root, "departments", DepartmentSchema, [".yaml"]);
	const errors = [...centres.errors, ...stations.errors, ...departments.errors];
	if (errors.length > 0)
		throw new StaffError(
			`content/ 里有文件不对，请先改正（npm run check:content 会列出全部问题）：\n${errors.map((e) => `  - ${e}`).join("\n")}`,
		);
	return {
		centres: new Map(centres.entries.map((e) => [e.id, e.data])),
		stations: new Map(stations.entries.map((e) => [e.id, e.data])),
		// 人社（劳动保障） reads 人社 in a list of choices.
		departments: new Map(departments.entries.map((e) => [e.id, e.data.name.replace(/（.*）$/, "")])),
	};
}

// ── checking ────────────────────────────────────────────────────────────────────────────────────

/** An email as Cloudflare Access sends it: lower case (full-width characters from a Chinese input method made ASCII). */
export function checkEmail(value: unknown): { ok: true; email: string } | { ok: false; error: string } {
	if (value === undefined || value === null || value === "")
		return { ok: false, error: "缺少邮箱：请用 --email 填写这个人登录用的邮箱（与 Cloudflare Access 里的邮箱一致）。" };
	if (typeof value !== "string") return { ok: false, error: "email 必须是文字。" };
	const email = normalizeInput(value).toLowerCase();
	if (email.length > 254 || !EMAIL.test(email))
		return { ok: false, error: `邮箱「${value}」格式不对，请填写完整的邮箱，例如 zhangsan@example.gov.cn。` };
	return { ok: true, email };
}

/**
 * Checks one staff member as given on the command line or in the sample file, against the formats and
 * the staff table's rules (migration 0003) and against content/. Returns the cleaned values, or every
 * problem at once, each in Chinese with what to do.
 */
export function checkStaff(raw: Record<string, unknown>, content: Content): Checked {
	const errors: string[] = [];
	for (const key of Object.keys(raw)) if (!FIELDS.includes(key)) errors.push(`不认识的字段「${key}」，只能有：${FIELDS.join("、")}。`);
	const text = textOf(raw, errors);
	const checkedEmail = checkEmail(raw.email);
	if (!checkedEmail.ok) errors.push(checkedEmail.error);
	const name = checkName(text("name"), errors);
	const role = checkRole(text("role"), errors);
	const { centre, station, window } = checkPlace(text, content, errors);
	const post = checkPost(text("post"), errors);
	if (role !== null) checkRule(role, (key) => text(key) !== null, errors);
	if (errors.length > 0 || !checkedEmail.ok || name === null || role === null) return { ok: false, errors };
	return { ok: true, staff: { email: checkedEmail.email, name, role, centre, station, window, post } };
}

/** A field's text, trimmed, or null when absent; a value that is not text is an error, reported once. */
function textOf(raw: Record<string, unknown>, errors: string[]): (key: string) => string | null {
	const reported = new Set<string>();
	return (key) => {
		const value = raw[key];
		if (value === undefined || value === null || value === "") return null;
		if (typeof value === "string") return value.trim();
		if (!reported.has(key)) errors.push(`${key} 必须是文字。`);
		reported.add(key);
		return null;
	};
}

function checkName(given: string | null, errors: string[]): string | null {
	if (given === null) {
		errors.push("缺少姓名：请用 --name 填写，例如 --name 张三。");
		return null;
	}
	const name = normalizeInput(given)
		.replace(/[・•‧]/g, "·")
		.replace(/\s+/g, " ");
	if ([...name].length <= 30 && (CHINESE_NAME.test(name) || LATIN_NAME.test(name))) return name;
	errors.push(`姓名「${given}」不对：请用中文姓名（少数民族姓名可用间隔号“·”）或英文字母（可含空格、撇号、连字符），1—30 个字。`);
	return null;
}

function checkRole(given: string | null, errors: string[]): Role | null {
	const roleList = ROLES.map((r) => `${r}（${roleName(r)}）`).join("、");
	if (given === null) errors.push(`缺少角色：请用 --role 填写，可选：${roleList}。`);
	else if (!isRole(given)) errors.push(`角色「${given}」不对，可选：${roleList}。`);
	return isRole(given) ? given : null;
}

const choices = (slugs: string[], label: (slug: string) => string) => slugs.map((s) => `${s}（${label(s)}）`).join("、");

/** The centre, station (of that centre) and window (of that centre) exist in content/; the wrong ones are null. */
function checkPlace(text: (key: string) => string | null, content: Content, errors: string[]) {
	let centre = text("centre");
	if (centre !== null && (!SLUG.test(centre) || !content.centres.has(centre))) {
		errors.push(`中心「${centre}」不存在。可用的中心：${choices([...content.centres.keys()], (s) => content.centres.get(s)?.name ?? s)}。`);
		centre = null;
	}
	const centreData = centre === null ? undefined : content.centres.get(centre);

	let station = text("station");
	if (station !== null) {
		const stationData = SLUG.test(station) ? content.stations.get(station) : undefined;
		const stationsOf = [...content.stations.keys()].filter((s) => centre === null || content.stations.get(s)?.centre === centre);
		const where = `${centreData ? `${centreData.name}的村站` : "可用的村站"}：${choices(stationsOf, (s) => content.stations.get(s)?.name ?? s)}。`;
		if (!stationData) {
			errors.push(`村站「${station}」不存在。${where}`);
			station = null;
		} else if (centre !== null && stationData.centre !== centre) {
			errors.push(`村站「${station}」（${stationData.name}）属于中心 ${stationData.centre}，不属于 ${centre}。${where}`);
			station = null;
		}
	}

	let window = text("window");
	const windows = centreData?.windows.map((w) => w.department) ?? [];
	if (window !== null && centreData && (!SLUG.test(window) || !windows.includes(window))) {
		errors.push(`${centreData.name}没有「${window}」窗口。这个中心的窗口：${choices(windows, (s) => content.departments.get(s) ?? s)}。`);
		window = null;
	} else if (window !== null && !SLUG.test(window)) {
		errors.push(`窗口「${window}」格式不对：窗口用部门编码，只有小写字母、数字和连字符，例如 minzheng。`);
		window = null;
	}
	return { centre, station, window };
}

function checkPost(given: string | null, errors: string[]): "A" | "B" | null {
	if (given === "A" || given === "B") return given;
	if (given !== null) errors.push(`岗位「${given}」不对，只能是 A（主岗）或 B（备岗，A 岗离岗时接手）。`);
	return null;
}

/** The role's needs and refusals, over what was given (even if it was wrong). */
function checkRule(role: Role, given: (key: PlaceOption) => boolean, errors: string[]): void {
	const label = `${roleName(role)}（${role}）`;
	const options = (keys: PlaceOption[]) => keys.map((k) => `--${k}`).join("、");
	const { need, refuse, why } = RULES[role];
	const missing = need.filter((k) => !given(k));
	if (missing.length > 0) errors.push(`${label}需要 ${options(need)}，缺少 ${options(missing)}。`);
	const extra = refuse.filter(given);
	if (extra.length > 0) errors.push(`${label}${why}，请去掉 ${options(extra)}。`);
}

// ── the database ────────────────────────────────────────────────────────────────────────────────

/** A SQL literal: NULL, or the text in single quotes with each single quote doubled. */
export function sql(value: string | number | null): string {
	if (value === null) return "NULL";
	if (typeof value === "number") {
		if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
		return String(value);
	}
	if (value.includes("\0")) throw new Error("NUL in a SQL literal");
	return `'${value.replaceAll("'", "''")}'`;
}

/** Who made a change, for the audit log: the operating-system account that ran the script. */
function actor(): string {
	let user = "";
	try {
		user = userInfo().username;
	} catch {
		// no account name (some containers)
	}
	return /^[\w.-]{1,64}$/.test(user) ? `cli:${user}` : "cli";
}

function migrateHint(target: Target): string {
	if (target.remote) return "npx wrangler d1 migrations apply DB --remote";
	if (target.persistTo) return `npx wrangler d1 migrations apply DB --local --persist-to ${target.persistTo}`;
	return "npm run db:migrate（或 npm start）";
}

type Row = Record<string, unknown>;

/** Runs SQL (one or more statements) with wrangler and returns each statement's rows. */
export function execute(target: Target, command: string): Row[][] {
	const args = ["d1", "execute", "DB", target.remote ? "--remote" : "--local"];
	if (target.persistTo) args.push("--persist-to", target.persistTo);
	args.push("--json", `--command=${command}`);
	const result = spawnSync(WRANGLER, args, {
		cwd: ROOT,
		env: toolsEnv(),
		encoding: "utf8",
		stdio: ["ignore", "pipe", "pipe"],
		maxBuffer: 64 * 1024 * 1024,
		shell: false,
	});
	if (result.error) throw new StaffError(`无法运行 wrangler（${result.error.message}）。请先在项目目录运行 npm install。`);
	let output: unknown;
	const start = result.stdout.search(/^[[{]/m);
	try {
		output = start < 0 ? undefined : JSON.parse(result.stdout.slice(start));
	} catch {
		output = undefined;
	}
	if (result.status === 0 && Array.isArray(output)) return (output as { results?: Row[] }[]).map((statement) => statement.results ?? []);
	const reason = (output as { error?: { text?: string } } | undefined)?.error?.text ?? (result.stderr.trim() || result.stdout.trim());
	if (/no such table: staff/.test(reason))
		throw new StaffError(`数据库里还没有工作人员表（staff）。请先运行数据库迁移：${migrateHint(target)}`);
	if (/UNIQUE constraint failed: staff\.email/.test(reason)) throw new DuplicateEmail(reason);
	const login = target.remote ? "如果还没有登录 Cloudflare，请先运行 npx wrangler login；" : "";
	throw new StaffError(`数据库操作没有成功：${reason.split("\n").slice(-5).join("\n")}\n${login}请按上面的提示处理后再试。`);
}

// ── the commands ────────────────────────────────────────────────────────────────────────────────

const COLUMNS = "email, name, role, centre_slug, station_slug, window_department, post, absent, active, created_at, updated_at";
const AUDIT = "INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)";

const rowValues = (s: StaffInput, now: string) =>
	[s.email, s.name, s.role, s.centre, s.station, s.window, s.post, 0, 1, now, now].map((v) => sql(v)).join(", ");

export function place(s: { role: Role; centre?: unknown; station?: unknown; window?: unknown; post?: unknown }): string {
	if (s.role === "admin") return "全市";
	if (s.role === "agent") return `${String(s.centre)} · ${String(s.station)}`;
	if (s.role === "clerk") return `${String(s.centre)} · ${String(s.window)} 窗口 ${String(s.post)} 岗`;
	return String(s.centre);
}

export function addStaff(target: Target, staff: StaffInput): string {
	const now = new Date().toISOString();
	try {
		execute(
			target,
			`INSERT INTO staff (${COLUMNS}) VALUES (${rowValues(staff, now)}); ` +
				`${AUDIT} SELECT ${sql(now)}, ${sql(actor())}, 'staff.add', 'staff', id, NULL, ${sql(JSON.stringify(staff))} ` +
				`FROM staff WHERE email = ${sql(staff.email)}`,
		);
	} catch (err) {
		if (err instanceof DuplicateEmail)
			throw new StaffError(`邮箱 ${staff.email} 已经在名录里，不能重复添加。用 npm run staff -- list 查看；停用的人用 enable 重新启用。`);
		throw err;
	}
	return `已添加：${staff.name}（${roleName(staff.role)}，${place(staff)}），登录邮箱 ${staff.email}。`;
}

export function setActive(target: Target, email: string, active: boolean): string {
	const now = new Date().toISOString();
	const e = sql(email);
	const [from, to] = active ? [0, 1] : [1, 0];
	const [found, , changed] = execute(
		target,
		`SELECT name FROM staff WHERE email = ${e}; ` +
			`${AUDIT} SELECT ${sql(now)}, ${sql(actor())}, ${sql(active ? "staff.enable" : "staff.disable")}, 'staff', id, '{"active":${from}}', '{"active":${to}}' ` +
			`FROM staff WHERE email = ${e} AND active = ${from}; ` +
			`UPDATE staff SET active = ${to}, updated_at = ${sql(now)} WHERE email = ${e} AND active = ${from} RETURNING id`,
	);
	const person = found?.[0];
	if (!person) throw new StaffError(`名录里没有邮箱 ${email}。用 npm run staff -- list 查看所有人。`);
	const who = `${String(person.name)}（${email}）`;
	if (!changed?.length) return `${who}已经是${active ? "启用" : "停用"}状态，没有改动。`;
	return active ? `已启用：${who}，现在可以进入后台。` : `已停用：${who}。从下一次请求起不能再进入后台，经手的办件记录保留。`;
}

export function setAbsent(target: Target, email: string, absent: boolean): string {
	const now = new Date().toISOString();
	const e = sql(email);
	const [from, to] = absent ? [0, 1] : [1, 0];
	const aPost = `email = ${e} AND role = 'clerk' AND post = 'A' AND absent = ${from}`;
	const [found, backups, , changed] = execute(
		target,
		`SELECT name, role, centre_slug, window_department, post FROM staff WHERE email = ${e}; ` +
			`SELECT b.name FROM staff b JOIN staff a ON a.email = ${e} AND b.centre_slug = a.centre_slug AND b.window_department = a.window_department ` +
			`WHERE b.role = 'clerk' AND b.post = 'B' AND b.active = 1 ORDER BY b.name; ` +
			`${AUDIT} SELECT ${sql(now)}, ${sql(actor())}, ${sql(absent ? "staff.absent" : "staff.back")}, 'staff', id, '{"absent":${from}}', '{"absent":${to}}' ` +
			`FROM staff WHERE ${aPost}; ` +
			`UPDATE staff SET absent = ${to}, updated_at = ${sql(now)} WHERE ${aPost} RETURNING id`,
	);
	const person = found?.[0];
	if (!person) throw new StaffError(`名录里没有邮箱 ${email}。用 npm run staff -- list 查看所有人。`);
	const who = `${String(person.name)}（${email}）`;
	if (person.role !== "clerk" || person.post !== "A") {
		const is = person.role === "clerk" ? "是 B 岗" : `是${isRole(person.role) ? roleName(person.role) : String(person.role)}`;
		throw new StaffError(`${who}${is}。只有窗口的 A 岗（主岗）能标记离岗：A 岗离岗时，同窗口的 B 岗接手他的办件。`);
	}
	const where = `${String(person.centre_slug)} · ${String(person.window_department)} 窗口`;
	if (!changed?.length) return `${who}已经是${absent ? "离岗" : "在岗"}状态，没有改动。`;
	if (!absent) return `已标记回岗：${who}，${where}。B 岗不再替他办理这个窗口的办件。`;
	const names = (backups ?? []).map((b) => String(b.name));
	if (names.length === 0)
		return `已标记离岗：${who}，${where}。\n⚠ 注意：这个窗口没有启用的 B 岗，离岗期间没人接手办件。请用 add 添加 B 岗（--post B），或请中心负责人安排。`;
	return `已标记离岗：${who}，${where}。离岗期间由同窗口的 B 岗（${names.join("、")}）看到并办理这个窗口的办件；回岗后用 --off 取消。`;
}

/**
 * Loads the sample staff into an empty directory, in one statement guarded by "the table is empty",
 * so a directory that has anyone in it is never touched.
 */
export function seedSample(target: Target, content: Content): { before: number; inserted: number } {
	const staff = readSample(content);
	const now = new Date().toISOString();
	const empty = "NOT EXISTS (SELECT 1 FROM staff)";
	const [count, , inserted] = execute(
		target,
		`SELECT count(*) AS n FROM staff; ` +
			`${AUDIT} SELECT ${sql(now)}, ${sql(actor())}, 'staff.seed', 'staff', 'scripts/sample-staff.json', NULL, ${sql(JSON.stringify({ count: staff.length }))} WHERE ${empty}; ` +
			`INSERT INTO staff (${COLUMNS}) SELECT * FROM (VALUES ${staff.map((s) => `(${rowValues(s, now)})`).join(", ")}) WHERE ${empty} RETURNING id`,
	);
	return { before: Number(count?.[0]?.n ?? 0), inserted: inserted?.length ?? 0 };
}

/** The sample staff, each checked like `add` checks its options. */
export function readSample(content: Content): StaffInput[] {
	let data: unknown;
	try {
		data = JSON.parse(readFileSync(SAMPLE_FILE, "utf8"));
	} catch (err) {
		throw new StaffError(`读不了示例文件 scripts/sample-staff.json：${err instanceof Error ? err.message : String(err)}`);
	}
	const list = (data as { staff?: unknown } | null)?.staff;
	if (!Array.isArray(list) || list.length === 0) throw new StaffError("scripts/sample-staff.json 里要有一个 staff 列表，至少一个人。");
	const errors: string[] = [];
	const staff: StaffInput[] = [];
	const seen = new Set<string>();
	list.forEach((entry: unknown, i) => {
		const checked = checkStaff(typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {}, content);
		if (!checked.ok) errors.push(...checked.errors.map((e) => `第 ${i + 1} 个人：${e}`));
		else if (seen.has(checked.staff.email)) errors.push(`第 ${i + 1} 个人：邮箱 ${checked.staff.email} 重复了。`);
		else {
			seen.add(checked.staff.email);
			staff.push(checked.staff);
		}
	});
	if (errors.length > 0) throw new StaffError(`scripts/sample-staff.json 有错，请改正：\n${errors.map((e) => `  - ${e}`).join("\n")}`);
	return staff;
}

/** Terminal columns: CJK and full-width characters take two. */
function width(text: string): number {
	let w = 0;
	for (const ch of text)
		w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch)
			? 2
			: 1;
	return w;
}

const padEnd = (text: string, columns: number) => text + " ".repeat(Math.max(columns - width(text), 0));

/** Columns lined up by terminal width; the first row is the header. */
export function table(rows: string[][]): string {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
	const line = (r: string[]) =>
		r
			.map((cell, i) => padEnd(cell, widths[i]))
			.join("  ")
			.trimEnd();
	return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export function listStaff(target: Target): string {
	const [rows = []] = execute(
		target,
		`SELECT ${COLUMNS} FROM staff ORDER BY centre_slug IS NOT NULL, centre_slug, ` +
			`CASE role WHEN 'admin' THEN 0 WHEN 'head' THEN 1 WHEN 'clerk' THEN 2 ELSE 3 END, window_department, station_slug, post, name, id`,
	);
	if (rows.length === 0) return "名录里还没有人。用 npm run staff -- add … 添加，或在本机用 npm run staff -- seed 载入示例工作人员。";
	const cell = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
	const active = rows.filter((r) => r.active === 1).length;
	return [
		table([
			["邮箱", "姓名", "角色", "中心", "村站", "窗口/岗位", "离岗", "状态"],
			...rows.map((r) => [
				cell(r.email),
				cell(r.name),
				isRole(r.role) ? roleName(r.role) : cell(r.role),
				cell(r.centre_slug) || "（全市）",
				cell(r.station_slug),
				r.window_department ? `${cell(r.window_department)} ${cell(r.post)}` : "",
				r.absent === 1 ? "离岗" : "",
				r.active === 1 ? "启用" : "停用",
			]),
		]),
		"",
		`共 ${rows.length} 人：启用 ${active}，停用 ${rows.length - active}。`,
	].join("\n");
}

// ── the command line ────────────────────────────────────────────────────────────────────────────

const OPTION_HINTS: Record<PlaceOption, string> = { centre: "中心", station: "村站", window: "窗口", post: "A|B" };
/** Each role with the options it needs, from RULES, so the help cannot drift from the checks. */
const ROLE_HELP = ROLES.map(
	(r) =>
		" ".repeat(42) +
		`${r.padEnd(5)}  ${padEnd(roleName(r), 14)}${RULES[r].need.map((k) => `--${k} ${OPTION_HINTS[k]}`).join(" ") || "（不填中心）"}`,
).join("\n");

export const USAGE = `用法：npm run staff -- <命令> [选项]

管理后台的工作人员名录：谁能登录后台（/staff/），以什么角色，在哪个中心、村站或窗口。
默认操作本机的数据库（.wrangler/state，npm start 用的那一个）。

命令：
  list                                  列出所有工作人员（包括已停用的）
  add --email 邮箱 --name 姓名 --role 角色 …
                                        添加一个人。角色和它需要的选项：
${ROLE_HELP}
  disable --email 邮箱                  停用：从下一次请求起不能再进入后台，经手的记录保留
  enable --email 邮箱                   重新启用
  absent --email 邮箱 --on|--off        AB岗：A 岗离岗（--on）时，同窗口的 B 岗接手他的办件；回岗用 --off
  seed                                  把 scripts/sample-staff.json 的示例工作人员载入空的名录（只用于本机）

数据库：
  --local                本机数据库（默认）
  --persist-to 目录      本机数据库所在的目录（和 wrangler 的 --persist-to 相同）
  --remote               线上（Cloudflare）的 D1 数据库：改动立即生效，请先 npx wrangler login

中心、村站、窗口都用 content/ 里的编码（文件名），例如中心 qingshi、村站 shiqiao、窗口 minzheng。

例子：
  npm run staff -- add --email zhangsan@example.gov.cn --name 张三 --role clerk --centre qingshi --window minzheng --post A
  npm run staff -- add --email wangwu@example.gov.cn --name 王五 --role agent --centre qingshi --station shiqiao
  npm run staff -- absent --email zhangsan@example.gov.cn --on
  npm run staff -- disable --email zhangsan@example.gov.cn
  npm run staff -- list --remote`;

/** Which options each command takes, besides the database ones. */
const COMMANDS = {
	list: [],
	add: ["email", "name", "role", "centre", "station", "window", "post"],
	disable: ["email"],
	enable: ["email"],
	absent: ["email", "on", "off"],
	seed: [],
} as const satisfies Record<string, readonly string[]>;
type Command = keyof typeof COMMANDS;
type Values = ReturnType<typeof parse>["values"];

/** Runs one command line and returns what to print; a StaffError for anything the user can fix. */
export function run(argv: string[]): string {
	const { values, positionals } = parseOrExplain(argv);
	if (values.help) return USAGE;
	const [command, ...extra] = positionals;
	if (!command) throw new StaffError(`请给出一个命令。\n\n${USAGE}`);
	if (!Object.hasOwn(COMMANDS, command))
		throw new StaffError(
			`不认识的命令「${command}」，可用的命令：${Object.keys(COMMANDS).join("、")}。运行 npm run staff -- --help 查看用法。`,
		);
	const name = command as Command;
	if (extra.length > 0) throw new StaffError(`多余的参数：${extra.join(" ")}。选项要写成 --名称 值，例如 --name 张三。`);
	const allowed = new Set<string>([...COMMANDS[name], "local", "remote", "persist-to", "help"]);
	const unused = Object.keys(values).filter((k) => !allowed.has(k));
	if (unused.length > 0)
		throw new StaffError(`${name} 命令不用 ${unused.map((k) => `--${k}`).join("、")}。运行 npm run staff -- --help 查看用法。`);

	const target = targetOf(values);
	if (name === "seed" && target.remote)
		throw new StaffError("示例工作人员是虚构的，不能载入线上数据库。线上请用 npm run staff -- add … --remote 逐个添加真实的工作人员。");
	// Check everything before warning about --remote, so a typo costs nothing.
	const act = action(name, values, target);
	if (target.remote) console.error("⚠ 注意：--remote 直接读写线上（Cloudflare）的 D1 数据库 bianmin，改动立即对后台生效，不能撤销。\n");
	return act();
}

function targetOf(values: Values): Target {
	if (values.local && values.remote) throw new StaffError("--local 和 --remote 只能选一个。");
	if (values.remote && values["persist-to"] !== undefined) throw new StaffError("--persist-to 只用于本机数据库，不能和 --remote 一起用。");
	const target: Target = { remote: values.remote === true };
	if (values["persist-to"] !== undefined) target.persistTo = resolve(values["persist-to"]);
	return target;
}

/** Checks the command's options and returns the change to make: nothing reaches the database yet. */
function action(name: Command, values: Values, target: Target): () => string {
	/** The email of disable, enable and absent: must be there and well formed. */
	const email = () => {
		const checked = checkEmail(values.email);
		if (!checked.ok) throw new StaffError(checked.error);
		return checked.email;
	};
	switch (name) {
		case "list":
			return () => listStaff(target);
		case "add": {
			const checked = checkStaff(
				Object.fromEntries(COMMANDS.add.filter((k) => values[k] !== undefined).map((k) => [k, values[k]])),
				readContent(),
			);
			if (!checked.ok) throw new StaffError(checked.errors.join("\n"));
			return () => addStaff(target, checked.staff);
		}
		case "disable":
		case "enable": {
			const e = email();
			return () => setActive(target, e, name === "enable");
		}
		case "absent": {
			if (values.on === values.off) throw new StaffError("absent 要加 --on（标记离岗）或 --off（标记回岗），二选一。");
			const e = email();
			return () => setAbsent(target, e, values.on === true);
		}
		case "seed": {
			const content = readContent();
			return () => {
				const { before, inserted } = seedSample(target, content);
				if (before > 0 || inserted === 0)
					throw new StaffError(
						`名录里已经有 ${before} 人，seed 只往空的名录里载入示例，这次没有改动。要添加人请用 npm run staff -- add …；要从空库开始，删除本机数据库目录（默认 .wrangler/state）后运行 npm start。`,
					);
				return `已载入 ${inserted} 个示例工作人员（scripts/sample-staff.json，均为虚构）。用 npm run staff -- list 查看。`;
			};
		}
	}
}

/** parseArgs, with its English errors told in Chinese. */
function parseOrExplain(argv: string[]) {
	try {
		return parse(argv);
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		const option = /'(-{1,2}[^']+)'/.exec(message)?.[1];
		if (/Unknown option/.test(message)) throw new StaffError(`不认识的选项 ${option ?? ""}。运行 npm run staff -- --help 查看用法。`);
		if (/argument missing|argument is ambiguous/.test(message))
			throw new StaffError(`选项 ${option ?? ""} 后面要跟一个值。运行 npm run staff -- --help 查看用法。`);
		throw new StaffError(`选项写法不对（${message}）。运行 npm run staff -- --help 查看用法。`);
	}
}

function parse(argv: string[]) {
	return parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			help: { type: "boolean", short: "h" },
			local: { type: "boolean" },
			remote: { type: "boolean" },
			"persist-to": { type: "string" },
			email: { type: "string" },
			name: { type: "string" },
			role: { type: "string" },
			centre: { type: "string" },
			station: { type: "string" },
			window: { type: "string" },
			post: { type: "string" },
			on: { type: "boolean" },
			off: { type: "boolean" },
		},
	});
}

/** One command line as a shell sees it: what goes to stdout or stderr, and the exit code. */
export function main(argv: string[]): { status: number; stdout: string; stderr: string } {
	try {
		return { status: 0, stdout: run(argv), stderr: "" };
	} catch (err) {
		if (!(err instanceof StaffError)) throw err;
		return { status: 1, stdout: "", stderr: `✖ ${err.message}` };
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { status, stdout, stderr } = main(process.argv.slice(2));
	if (status === 0) console.log(stdout);
	else console.error(stderr);
	process.exitCode = status;
}
