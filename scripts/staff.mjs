// @ts-check
// npm run staff -- <command>: the staff directory (工作人员名录), who may use the back office, in which
// role and where. Runs `wrangler d1 execute` against the local D1 (default) or, with --remote, the
// deployed one. Every value is checked first (format, and against content/ for centres, stations and
// windows), then written into the SQL as a quoted literal; a change and its audit entry go in one command.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { userInfo } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { toolsEnv } from "./tools-env.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
export const SAMPLE_FILE = join(ROOT, "scripts/sample-staff.json");

/** @typedef {"agent" | "clerk" | "head" | "admin"} Role */
/**
 * @typedef {{ email: string, name: string, role: Role, centre: string | null, station: string | null,
 *   window: string | null, post: "A" | "B" | null }} StaffInput
 */
/** @typedef {{ remote: boolean, persistTo?: string }} Target */
/**
 * @typedef {{ centres: Map<string, { name: string, windows: string[] }>,
 *   stations: Map<string, { name: string, centre: string }>, departments: Map<string, string> }} Content
 */

/** The same names as core/staff.ts (e2e/staff-script.test.ts checks they agree). */
export const ROLE_NAMES = /** @type {const} */ ({ agent: "代办员", clerk: "窗口工作人员", head: "中心负责人", admin: "市级管理员" });
const ROLES = /** @type {Role[]} */ (Object.keys(ROLE_NAMES));
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Letters, digits and . _ % + - ' before the @ (O'Brien's address is real); a host name after it. */
const EMAIL = /^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
/** A Chinese name (with the 间隔号 of minority and foreign names), or Latin letters in words. */
const CHINESE_NAME = /^\p{Script=Han}+(·\p{Script=Han}+)*$/u;
const LATIN_NAME = /^[A-Za-z]+([ '-][A-Za-z]+)*$/;
const FIELDS = ["email", "name", "role", "centre", "station", "window", "post"];

/** A problem the person running the command can fix: printed as it is, exit code 1. */
export class StaffError extends Error {}
/** The email is in the directory already (the UNIQUE column). */
class DuplicateEmail extends StaffError {}

// ── content/ ────────────────────────────────────────────────────────────────────────────────────

/** @param {string} dir @returns {[string, Record<string, unknown>][]} slug and parsed YAML of each file */
function readYamlDir(dir) {
	return readdirSync(dir)
		.filter((f) => f.endsWith(".yaml"))
		.sort()
		.map((f) => [basename(f, ".yaml"), /** @type {Record<string, unknown>} */ (parseYaml(readFileSync(join(dir, f), "utf8")) ?? {})]);
}

/** A text field of content/ YAML, or the fallback. @param {unknown} value @param {string} fallback */
const str = (value, fallback) => (typeof value === "string" ? value : fallback);

/** Centres with their windows, stations with their centre, and department names, from content/. */
export function readContent(root = ROOT) {
	/** @type {Content} */
	const content = { centres: new Map(), stations: new Map(), departments: new Map() };
	for (const [slug, data] of readYamlDir(join(root, "content/departments")))
		content.departments.set(slug, str(data.name, slug).replace(/（.*）$/, ""));
	for (const [slug, data] of readYamlDir(join(root, "content/centres"))) {
		const windows = Array.isArray(data.windows)
			? data.windows.map((/** @type {{ department?: unknown }} */ w) => str(w.department, ""))
			: [];
		content.centres.set(slug, { name: str(data.name, slug), windows });
	}
	for (const [slug, data] of readYamlDir(join(root, "content/stations")))
		content.stations.set(slug, { name: str(data.name, slug), centre: str(data.centre, "") });
	return content;
}

// ── checking ────────────────────────────────────────────────────────────────────────────────────

/**
 * An email as Cloudflare Access sends it: lower case (full-width characters from a Chinese input method made ASCII).
 * @param {unknown} value @returns {{ ok: true, email: string } | { ok: false, error: string }}
 */
export function checkEmail(value) {
	if (value === undefined || value === null || value === "")
		return { ok: false, error: "缺少邮箱：请用 --email 填写这个人登录用的邮箱（与 Cloudflare Access 里的邮箱一致）。" };
	if (typeof value !== "string") return { ok: false, error: "email 必须是文字。" };
	const email = value.normalize("NFKC").trim().toLowerCase();
	if (email.length > 254 || !EMAIL.test(email))
		return { ok: false, error: `邮箱「${value}」格式不对，请填写完整的邮箱，例如 zhangsan@example.gov.cn。` };
	return { ok: true, email };
}

/** @param {string[]} slugs @param {(slug: string) => string} label */
const choices = (slugs, label) => slugs.map((s) => `${s}（${label(s)}）`).join("、");

/**
 * Checks one staff member as given on the command line or in the sample file, against the formats and
 * the staff table's rules (migration 0003) and against content/. Returns the cleaned values, or every
 * problem at once, each in Chinese with what to do.
 * @param {Record<string, unknown>} raw @param {Content} content
 * @returns {{ ok: true, staff: StaffInput } | { ok: false, errors: string[] }}
 */
export function checkStaff(raw, content) {
	/** @type {string[]} */
	const errors = [];
	for (const key of Object.keys(raw)) if (!FIELDS.includes(key)) errors.push(`不认识的字段「${key}」，只能有：${FIELDS.join("、")}。`);
	/** @param {string} key @returns {string | null} */
	const text = (key) => {
		const value = raw[key];
		if (value === undefined || value === null || value === "") return null;
		if (typeof value !== "string") {
			errors.push(`${key} 必须是文字。`);
			return null;
		}
		return value.trim();
	};

	const checkedEmail = checkEmail(raw.email);
	const email = checkedEmail.ok ? checkedEmail.email : null;
	if (!checkedEmail.ok) errors.push(checkedEmail.error);

	const nameGiven = text("name");
	const name =
		nameGiven === null
			? null
			: nameGiven
					.normalize("NFC")
					.replace(/[・•‧]/g, "·")
					.replace(/\s+/g, " ");
	if (name === null) errors.push("缺少姓名：请用 --name 填写，例如 --name 张三。");
	else if ([...name].length > 30 || !(CHINESE_NAME.test(name) || LATIN_NAME.test(name)))
		errors.push(`姓名「${nameGiven}」不对：请用中文姓名（少数民族姓名可用间隔号“·”）或英文字母（可含空格、撇号、连字符），1—30 个字。`);

	const roleGiven = text("role");
	const roleList = ROLES.map((r) => `${r}（${ROLE_NAMES[r]}）`).join("、");
	const role = /** @type {Role | null} */ (roleGiven !== null && ROLES.includes(/** @type {Role} */ (roleGiven)) ? roleGiven : null);
	if (roleGiven === null) errors.push(`缺少角色：请用 --role 填写，可选：${roleList}。`);
	else if (role === null) errors.push(`角色「${roleGiven}」不对，可选：${roleList}。`);

	const centreList = () => choices([...content.centres.keys()], (s) => content.centres.get(s)?.name ?? s);
	let centre = text("centre");
	if (centre !== null && (!SLUG.test(centre) || !content.centres.has(centre))) {
		errors.push(`中心「${centre}」不存在。可用的中心：${centreList()}。`);
		centre = null;
	}
	const centreData = centre === null ? undefined : content.centres.get(centre);

	let station = text("station");
	if (station !== null) {
		const stationData = SLUG.test(station) ? content.stations.get(station) : undefined;
		const stationsOf = [...content.stations.keys()].filter((s) => centre === null || content.stations.get(s)?.centre === centre);
		const where = centreData ? `${centreData.name}的村站` : "可用的村站";
		if (!stationData) {
			errors.push(`村站「${station}」不存在。${where}：${choices(stationsOf, (s) => content.stations.get(s)?.name ?? s)}。`);
			station = null;
		} else if (centre !== null && stationData.centre !== centre) {
			errors.push(
				`村站「${station}」（${stationData.name}）属于中心 ${stationData.centre}，不属于 ${centre}。${where}：${choices(stationsOf, (s) => content.stations.get(s)?.name ?? s)}。`,
			);
			station = null;
		}
	}

	let window = text("window");
	if (window !== null && centreData && (!SLUG.test(window) || !centreData.windows.includes(window))) {
		errors.push(
			`${centreData.name}没有「${window}」窗口。这个中心的窗口：${choices(centreData.windows, (s) => content.departments.get(s) ?? s)}。`,
		);
		window = null;
	} else if (window !== null && !SLUG.test(window)) {
		errors.push(`窗口「${window}」格式不对：窗口用部门编码，只有小写字母、数字和连字符，例如 minzheng。`);
		window = null;
	}

	const postGiven = text("post");
	const post = postGiven === "A" || postGiven === "B" ? postGiven : null;
	if (postGiven !== null && post === null) errors.push(`岗位「${postGiven}」不对，只能是 A（主岗）或 B（备岗，A 岗离岗时接手）。`);

	// What each role needs and must not have (the CHECK in migration 0003_staff.sql).
	if (role !== null) {
		const label = `${ROLE_NAMES[role]}（${role}）`;
		/** @param {string} key */
		const given = (key) => text(key) !== null;
		/** @param {string[]} keys */
		const need = (keys) => {
			const missing = keys.filter((k) => !given(k));
			if (missing.length > 0)
				errors.push(`${label}需要 ${keys.map((k) => `--${k}`).join("、")}，缺少 ${missing.map((k) => `--${k}`).join("、")}。`);
		};
		/** @param {string[]} keys @param {string} why */
		const refuse = (keys, why) => {
			const extra = keys.filter(given);
			if (extra.length > 0) errors.push(`${label}${why}，请去掉 ${extra.map((k) => `--${k}`).join("、")}。`);
		};
		if (role === "admin") refuse(["centre", "station", "window", "post"], "管全市，不属于某个中心、村站或窗口");
		if (role === "head") {
			need(["centre"]);
			refuse(["station", "window", "post"], "管整个中心，不属于某个村站或窗口");
		}
		if (role === "clerk") {
			need(["centre", "window", "post"]);
			refuse(["station"], "在中心的窗口工作，不属于村站");
		}
		if (role === "agent") {
			need(["centre", "station"]);
			refuse(["window", "post"], "在村站代办，没有窗口和岗位");
		}
	}

	if (errors.length > 0 || email === null || name === null || role === null) return { ok: false, errors };
	return { ok: true, staff: { email, name, role, centre, station, window, post } };
}

// ── the database ────────────────────────────────────────────────────────────────────────────────

/** A SQL literal: NULL, or the text in single quotes with each single quote doubled. */
export function sql(/** @type {string | number | null} */ value) {
	if (value === null) return "NULL";
	if (typeof value === "number") {
		if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
		return String(value);
	}
	if (value.includes("\0")) throw new Error("NUL in a SQL literal");
	return `'${value.replaceAll("'", "''")}'`;
}

/** Who made a change, for the audit log: the operating-system account that ran the script. */
function actor() {
	let user = "";
	try {
		user = userInfo().username;
	} catch {
		// no account name (some containers)
	}
	return /^[\w.-]{1,64}$/.test(user) ? `cli:${user}` : "cli";
}

/** @param {Target} target */
function migrateHint(target) {
	if (target.remote) return "npx wrangler d1 migrations apply DB --remote";
	if (target.persistTo) return `npx wrangler d1 migrations apply DB --local --persist-to ${target.persistTo}`;
	return "npm run db:migrate（或 npm start）";
}

/**
 * Runs SQL (one or more statements) with wrangler and returns each statement's rows.
 * @param {Target} target @param {string} command
 * @returns {Record<string, unknown>[][]}
 */
export function execute(target, command) {
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
	/** @type {unknown} */
	let output;
	const start = result.stdout.search(/^[[{]/m);
	try {
		output = start < 0 ? undefined : JSON.parse(result.stdout.slice(start));
	} catch {
		output = undefined;
	}
	if (result.status === 0 && Array.isArray(output))
		return output.map((/** @type {{ results?: Record<string, unknown>[] }} */ statement) => statement.results ?? []);
	const reason =
		/** @type {{ error?: { text?: string } } | undefined} */ (output)?.error?.text ?? (result.stderr.trim() || result.stdout.trim());
	if (/no such table: staff/.test(reason))
		throw new StaffError(`数据库里还没有工作人员表（staff）。请先运行数据库迁移：${migrateHint(target)}`);
	if (/UNIQUE constraint failed: staff\.email/.test(reason)) throw new DuplicateEmail(reason);
	const login = target.remote ? "如果还没有登录 Cloudflare，请先运行 npx wrangler login；" : "";
	throw new StaffError(`数据库操作没有成功：${reason.split("\n").slice(-5).join("\n")}\n${login}请按上面的提示处理后再试。`);
}

// ── the commands ────────────────────────────────────────────────────────────────────────────────

const COLUMNS = "email, name, role, centre_slug, station_slug, window_department, post, absent, active, created_at, updated_at";

/** @param {StaffInput} s @param {string} now */
const rowValues = (s, now) =>
	[s.email, s.name, s.role, s.centre, s.station, s.window, s.post, 0, 1, now, now]
		.map((v) => sql(/** @type {string | number | null} */ (v)))
		.join(", ");

/** @param {{ role: Role, centre?: unknown, station?: unknown, window?: unknown, post?: unknown }} s */
export function place(s) {
	if (s.role === "admin") return "全市";
	if (s.role === "agent") return `${String(s.centre)} · ${String(s.station)}`;
	if (s.role === "clerk") return `${String(s.centre)} · ${String(s.window)} 窗口 ${String(s.post)} 岗`;
	return String(s.centre);
}

/** @param {Target} target @param {StaffInput} staff */
export function addStaff(target, staff) {
	const now = new Date().toISOString();
	const email = sql(staff.email);
	try {
		execute(
			target,
			`INSERT INTO staff (${COLUMNS}) VALUES (${rowValues(staff, now)}); ` +
				`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json) ` +
				`SELECT ${sql(now)}, ${sql(actor())}, 'staff.add', 'staff', id, NULL, ${sql(JSON.stringify(staff))} FROM staff WHERE email = ${email}`,
		);
	} catch (err) {
		if (err instanceof DuplicateEmail)
			throw new StaffError(`邮箱 ${staff.email} 已经在名录里，不能重复添加。用 npm run staff -- list 查看；停用的人用 enable 重新启用。`);
		throw err;
	}
	return `已添加：${staff.name}（${ROLE_NAMES[staff.role]}，${place(staff)}），登录邮箱 ${staff.email}。`;
}

/** @param {Target} target @param {string} email @param {boolean} active */
export function setActive(target, email, active) {
	const now = new Date().toISOString();
	const e = sql(email);
	const from = active ? 0 : 1;
	const to = active ? 1 : 0;
	const [found, , changed] = execute(
		target,
		`SELECT name FROM staff WHERE email = ${e}; ` +
			`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json) ` +
			`SELECT ${sql(now)}, ${sql(actor())}, ${sql(active ? "staff.enable" : "staff.disable")}, 'staff', id, '{"active":${from}}', '{"active":${to}}' ` +
			`FROM staff WHERE email = ${e} AND active = ${from}; ` +
			`UPDATE staff SET active = ${to}, updated_at = ${sql(now)} WHERE email = ${e} AND active = ${from} RETURNING id`,
	);
	const person = found?.[0];
	if (!person) throw new StaffError(`名录里没有邮箱 ${email}。用 npm run staff -- list 查看所有人。`);
	const who = `${String(person.name)}（${email}）`;
	if (!changed?.length) return `${who}已经是${active ? "启用" : "停用"}状态，没有改动。`;
	return active ? `已启用：${who}，现在可以进入后台。` : `已停用：${who}。从下一次请求起不能再进入后台，经手的办件记录保留。`;
}

/** @param {Target} target @param {string} email @param {boolean} absent */
export function setAbsent(target, email, absent) {
	const now = new Date().toISOString();
	const e = sql(email);
	const from = absent ? 0 : 1;
	const to = absent ? 1 : 0;
	const [found, backups, , changed] = execute(
		target,
		`SELECT name, role, centre_slug, window_department, post FROM staff WHERE email = ${e}; ` +
			`SELECT b.name FROM staff b JOIN staff a ON a.email = ${e} AND b.centre_slug = a.centre_slug AND b.window_department = a.window_department ` +
			`WHERE b.role = 'clerk' AND b.post = 'B' AND b.active = 1 ORDER BY b.name; ` +
			`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json) ` +
			`SELECT ${sql(now)}, ${sql(actor())}, ${sql(absent ? "staff.absent" : "staff.back")}, 'staff', id, '{"absent":${from}}', '{"absent":${to}}' ` +
			`FROM staff WHERE email = ${e} AND role = 'clerk' AND post = 'A' AND absent = ${from}; ` +
			`UPDATE staff SET absent = ${to}, updated_at = ${sql(now)} WHERE email = ${e} AND role = 'clerk' AND post = 'A' AND absent = ${from} RETURNING id`,
	);
	const person = found?.[0];
	if (!person) throw new StaffError(`名录里没有邮箱 ${email}。用 npm run staff -- list 查看所有人。`);
	const who = `${String(person.name)}（${email}）`;
	if (person.role !== "clerk" || person.post !== "A") {
		const is = person.role === "clerk" ? "是 B 岗" : `是${ROLE_NAMES[/** @type {Role} */ (person.role)] ?? String(person.role)}`;
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
 * @param {Target} target @param {Content} content
 * @returns {{ before: number, inserted: number }}
 */
export function seedSample(target, content) {
	const staff = readSample(content);
	const now = new Date().toISOString();
	const empty = "NOT EXISTS (SELECT 1 FROM staff)";
	const [count, , inserted] = execute(
		target,
		`SELECT count(*) AS n FROM staff; ` +
			`INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json) ` +
			`SELECT ${sql(now)}, ${sql(actor())}, 'staff.seed', 'staff', 'scripts/sample-staff.json', NULL, ${sql(JSON.stringify({ count: staff.length }))} WHERE ${empty}; ` +
			`INSERT INTO staff (${COLUMNS}) SELECT * FROM (VALUES ${staff.map((s) => `(${rowValues(s, now)})`).join(", ")}) WHERE ${empty} RETURNING id`,
	);
	return { before: Number(count?.[0]?.n ?? 0), inserted: inserted?.length ?? 0 };
}

/** The sample staff, each checked like `add` checks its options. @param {Content} content @returns {StaffInput[]} */
export function readSample(content) {
	/** @type {unknown} */
	let data;
	try {
		data = JSON.parse(readFileSync(SAMPLE_FILE, "utf8"));
	} catch (err) {
		throw new StaffError(`读不了示例文件 scripts/sample-staff.json：${err instanceof Error ? err.message : String(err)}`);
	}
	const list = /** @type {{ staff?: unknown }} */ (data)?.staff;
	if (!Array.isArray(list) || list.length === 0) throw new StaffError("scripts/sample-staff.json 里要有一个 staff 列表，至少一个人。");
	/** @type {string[]} */
	const errors = [];
	/** @type {StaffInput[]} */
	const staff = [];
	const seen = new Set();
	list.forEach((/** @type {unknown} */ entry, i) => {
		const checked = checkStaff(typeof entry === "object" && entry !== null ? /** @type {Record<string, unknown>} */ (entry) : {}, content);
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

/** Terminal columns: CJK and full-width characters take two. @param {string} text */
function width(text) {
	let w = 0;
	for (const ch of text)
		w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch)
			? 2
			: 1;
	return w;
}

/** @param {string[][]} rows the first is the header */
export function table(rows) {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
	const line = (/** @type {string[]} */ r) =>
		r
			.map((cell, i) => cell + " ".repeat(widths[i] - width(cell)))
			.join("  ")
			.trimEnd();
	return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** @param {Target} target */
export function listStaff(target) {
	const [rows = []] = execute(
		target,
		`SELECT ${COLUMNS} FROM staff ORDER BY centre_slug IS NOT NULL, centre_slug, ` +
			`CASE role WHEN 'admin' THEN 0 WHEN 'head' THEN 1 WHEN 'clerk' THEN 2 ELSE 3 END, window_department, station_slug, post, name, id`,
	);
	if (rows.length === 0) return "名录里还没有人。用 npm run staff -- add … 添加，或在本机用 npm run staff -- seed 载入示例工作人员。";
	const cell = (/** @type {unknown} */ v) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
	const active = rows.filter((r) => r.active === 1).length;
	return [
		table([
			["邮箱", "姓名", "角色", "中心", "村站", "窗口/岗位", "离岗", "状态"],
			...rows.map((r) => [
				cell(r.email),
				cell(r.name),
				ROLE_NAMES[/** @type {Role} */ (r.role)] ?? cell(r.role),
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

export const USAGE = `用法：npm run staff -- <命令> [选项]

管理后台的工作人员名录：谁能登录后台（/staff/），以什么角色，在哪个中心、村站或窗口。
默认操作本机的数据库（.wrangler/state，npm start 用的那一个）。

命令：
  list                                  列出所有工作人员（包括已停用的）
  add --email 邮箱 --name 姓名 --role 角色 …
                                        添加一个人。角色和它需要的选项：
                                          agent  代办员        --centre 中心 --station 村站
                                          clerk  窗口工作人员  --centre 中心 --window 窗口 --post A|B
                                          head   中心负责人    --centre 中心
                                          admin  市级管理员    （不填中心）
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
const COMMANDS = /** @type {const} */ ({
	list: [],
	add: ["email", "name", "role", "centre", "station", "window", "post"],
	disable: ["email"],
	enable: ["email"],
	absent: ["email", "on", "off"],
	seed: [],
});

/** @param {string[]} argv @returns {string} what to print */
export function run(argv) {
	/** @type {ReturnType<typeof parse>} */
	let parsed;
	try {
		parsed = parse(argv);
	} catch (err) {
		const message = err instanceof Error ? err.message : String(err);
		const option = /'(-{1,2}[^']+)'/.exec(message)?.[1];
		if (/Unknown option/.test(message)) throw new StaffError(`不认识的选项 ${option ?? ""}。运行 npm run staff -- --help 查看用法。`);
		if (/argument missing|argument is ambiguous/.test(message))
			throw new StaffError(`选项 ${option ?? ""} 后面要跟一个值。运行 npm run staff -- --help 查看用法。`);
		throw new StaffError(`选项写法不对（${message}）。运行 npm run staff -- --help 查看用法。`);
	}
	const { values, positionals } = parsed;
	if (values.help) return USAGE;
	const [command, ...extra] = positionals;
	if (!command) throw new StaffError(`请给出一个命令。\n\n${USAGE}`);
	if (!Object.hasOwn(COMMANDS, command))
		throw new StaffError(
			`不认识的命令「${command}」，可用的命令：${Object.keys(COMMANDS).join("、")}。运行 npm run staff -- --help 查看用法。`,
		);
	const name = /** @type {keyof typeof COMMANDS} */ (command);
	if (extra.length > 0) throw new StaffError(`多余的参数：${extra.join(" ")}。选项要写成 --名称 值，例如 --name 张三。`);
	const allowed = new Set([...COMMANDS[name], "local", "remote", "persist-to", "help"]);
	const unused = Object.keys(values).filter((k) => !allowed.has(k));
	if (unused.length > 0)
		throw new StaffError(`${name} 命令不用 ${unused.map((k) => `--${k}`).join("、")}。运行 npm run staff -- --help 查看用法。`);

	if (values.local && values.remote) throw new StaffError("--local 和 --remote 只能选一个。");
	if (values.remote && values["persist-to"] !== undefined) throw new StaffError("--persist-to 只用于本机数据库，不能和 --remote 一起用。");
	/** @type {Target} */
	const target = { remote: values.remote === true };
	if (values["persist-to"] !== undefined) target.persistTo = resolve(values["persist-to"]);

	const content = readContent();
	/** The email of disable, enable and absent: must be there and well formed. */
	const email = () => {
		const checked = checkEmail(values.email);
		if (!checked.ok) throw new StaffError(checked.error);
		return checked.email;
	};
	if (name === "seed" && target.remote)
		throw new StaffError("示例工作人员是虚构的，不能载入线上数据库。线上请用 npm run staff -- add … --remote 逐个添加真实的工作人员。");
	// Check everything before warning about --remote, so a typo costs nothing.
	/** @type {() => string} */
	let action;
	if (name === "list") action = () => listStaff(target);
	else if (name === "add") {
		const checked = checkStaff(Object.fromEntries(COMMANDS.add.filter((k) => values[k] !== undefined).map((k) => [k, values[k]])), content);
		if (!checked.ok) throw new StaffError(checked.errors.join("\n"));
		action = () => addStaff(target, checked.staff);
	} else if (name === "disable" || name === "enable") {
		const e = email();
		action = () => setActive(target, e, name === "enable");
	} else if (name === "absent") {
		if (values.on === values.off) throw new StaffError("absent 要加 --on（标记离岗）或 --off（标记回岗），二选一。");
		const e = email();
		action = () => setAbsent(target, e, values.on === true);
	} else {
		action = () => {
			const { before, inserted } = seedSample(target, content);
			if (before > 0 || inserted === 0)
				throw new StaffError(
					`名录里已经有 ${before} 人，seed 只往空的名录里载入示例，这次没有改动。要添加人请用 npm run staff -- add …；要从空库开始，删除本机数据库目录（默认 .wrangler/state）后运行 npm start。`,
				);
			return `已载入 ${inserted} 个示例工作人员（scripts/sample-staff.json，均为虚构）。用 npm run staff -- list 查看。`;
		};
	}
	if (target.remote) console.error("⚠ 注意：--remote 直接读写线上（Cloudflare）的 D1 数据库 bianmin，改动立即对后台生效，不能撤销。\n");
	return action();
}

/** @param {string[]} argv */
function parse(argv) {
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		console.log(run(process.argv.slice(2)));
	} catch (err) {
		if (!(err instanceof StaffError)) throw err;
		console.error(`✖ ${err.message}`);
		process.exitCode = 1;
	}
}
