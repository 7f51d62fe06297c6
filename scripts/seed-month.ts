// npm run seed:month -- --month 2026-03 [--seed 1]: a deterministic, realistic month of sample cases across the
// sample centres — online and 全程代办 applications, 补正, 不予受理, 挂起, 延长, on-time and late 办结 (a few past the
// legal limit), withdrawals, cases still running at month end, 好差评 with their 差评 follow-ups, 投诉建议 and 本页有用吗.
// The rows are the ones the Worker writes for the same steps (worker/src/db/applications.ts insertCase and
// answerCorrection, db/cases.ts applyChange and markPaperForwarded, db/ratings.ts, db/complaints.ts): the same
// columns, timeline kinds and notes (core/zh-CN.ts), audit actions and before/after, dates on the legal clock.
//
// Deterministic: one seeded PRNG (mulberry32) from --month and --seed draws everything, tracking numbers included.
// Only the ciphertexts differ between runs: AES-GCM must never reuse an IV, so encrypt() draws real random IVs.
//
// Seeded rows are recognisable without a schema change: a case's idempotency_key and a complaint's request_hash
// are `seed-<month>-s<seed>-…` (the Worker stores a client's key there, and its own hashes are hex). Every run also
// writes one audit entry (action `seed.month`, subject the month). The timelines and the audit log are append-only
// (migrations 0001, 0002, 0008), so a seeded month cannot be taken out again: a second run for a month already
// seeded refuses and changes nothing (or, with --if-absent, says so and exits 0, which is what npm start uses).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { idNumberIndexText, phoneIndexText } from "../core/blind-index";
import { CalendarYearSchema, WorkingCalendar, addDays, chinaDate, stepDays } from "../core/calendar";
import { type Action, type CaseStatus, type CorrectionItem, DELIVERIES, EVENT_OF, type Outcome, TRANSITIONS } from "../core/case";
import { CentreSchema, StationSchema } from "../core/centre";
import { caseClock, deadlineFrom, deemedAccepted } from "../core/clock";
import { COMPLAINT_TYPES, type ComplaintType, type ComplaintVerdict, type ReplyRating, complaintClock } from "../core/complaint";
import type { FormField } from "../core/form";
import { idCardCheckChar } from "../core/idcard";
import { type Deadline, type Item, ItemSchema, acceptanceRuleOf, extensionOf, isStatutory, suspensionReasonsOf } from "../core/item";
import { MANDATE_BASES } from "../core/mandate";
import {
	DEFAULT_FOLLOW_UP,
	type FollowUpFinding,
	type RatingChannel,
	type RatingLevel,
	dimensionsOf,
	followUpDue,
	isBadRating,
} from "../core/rating";
import { TRACKING_ALPHABET } from "../core/tracking";
import { t } from "../core/zh-CN";
import { loadContent } from "./content-files";
import { StaffError, type Target, execute, readContent, seedSample, sql, table } from "./staff";
import { toolsEnv } from "./tools-env.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");

/**
 * The Worker's own encryption and blind indexes (worker/src/lib/crypto.ts: HKDF keys from PII_KEY, AES-GCM,
 * HMAC-SHA-256), so seeded rows decrypt and match as the Worker's do. Imported by path at run time: that file is
 * type-checked with the Workers types (tsc -p worker), which the Node-side check of scripts/ does not load.
 */
interface Keys {
	cipher: CryptoKey;
	index: CryptoKey;
	fingerprint: CryptoKey;
}
interface WorkerCrypto {
	keysFrom: (secret: string | undefined) => Promise<Keys> | undefined;
	encrypt: (key: CryptoKey, plain: string) => Promise<string>;
	decrypt: (key: CryptoKey, sealed: string) => Promise<string | undefined>;
	hmacHex: (key: CryptoKey, text: string) => Promise<string>;
}
const CRYPTO_MODULE = "../worker/src/lib/crypto.ts";
export const workerCrypto = (await import(CRYPTO_MODULE)) as WorkerCrypto;
const { encrypt, hmacHex, keysFrom } = workerCrypto;

/** A problem the person running the command can fix: printed as it is, exit code 1. */
export class SeedError extends Error {}

// ── the PRNG ────────────────────────────────────────────────────────────────────────────────────

/** mulberry32: a small, fast 32-bit generator; plenty for sample data, and the same everywhere. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let x = a;
		x = Math.imul(x ^ (x >>> 15), x | 1);
		x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	};
}

class Random {
	readonly next: () => number;
	constructor(seed: number) {
		this.next = mulberry32(seed);
	}
	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	pick<T>(list: readonly T[]): T {
		return list[Math.floor(this.next() * list.length)];
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	/** One of the keys, each with its weight. */
	weighted<K extends string>(weights: Record<K, number>): K {
		const entries = Object.entries(weights) as [K, number][];
		let r = this.next() * entries.reduce((s, [, w]) => s + w, 0);
		for (const [k, w] of entries) if ((r -= w) < 0) return k;
		return entries[entries.length - 1][0];
	}
	/** A tracking number in core/tracking.ts's alphabet and form, drawn from this generator. */
	trackingNo(): string {
		const c = () => TRACKING_ALPHABET[Math.floor(this.next() * TRACKING_ALPHABET.length)];
		return `${c()}${c()}${c()}${c()}-${c()}${c()}${c()}${c()}`;
	}
}

/** A 32-bit seed from the month and --seed (FNV-1a), so each month of one seed differs too. */
function seedOf(month: string, seed: number): number {
	let h = 0x811c9dc5;
	for (const ch of `${month}/${seed}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
	return h;
}

// ── content ─────────────────────────────────────────────────────────────────────────────────────

interface OfferedItem {
	item: Item;
	window: string;
}
export interface SeedContent {
	calendar: WorkingCalendar;
	centres: { slug: string; name: string; items: OfferedItem[]; stations: { slug: string; items: string[] }[] }[];
}

/** The sample centres, their stations and the items with an online form each offers, from content/. */
export function readSeedContent(root = ROOT): SeedContent {
	const items = loadContent(root, "items", ItemSchema, [".md"]);
	const centres = loadContent(root, "centres", CentreSchema, [".yaml"]);
	const stations = loadContent(root, "stations", StationSchema, [".yaml"]);
	const calendar = loadContent(root, "calendar", CalendarYearSchema, [".yaml"]);
	const errors = [...items.errors, ...centres.errors, ...stations.errors, ...calendar.errors];
	if (errors.length > 0)
		throw new SeedError(
			`content/ 里有文件不对，请先改正（npm run check:content 会列出全部问题）：\n${errors.map((e) => `  - ${e}`).join("\n")}`,
		);
	const withForm = items.entries.map((e) => e.data).filter((i) => i.form);
	return {
		calendar: new WorkingCalendar(calendar.entries.map((e) => e.data)),
		centres: centres.entries.map((c) => ({
			slug: c.id,
			name: c.data.name,
			items: withForm.flatMap((item) => {
				const offer = c.data.items.find((o) => o.code === item.code);
				return offer ? [{ item, window: offer.window ?? item.department }] : [];
			}),
			stations: stations.entries.filter((s) => s.data.centre === c.id).map((s) => ({ slug: s.id, items: s.data.items })),
		})),
	};
}

// ── staff ───────────────────────────────────────────────────────────────────────────────────────

export interface StaffRow {
	id: number;
	email: string;
	name: string;
	role: string;
	centre_slug: string | null;
	station_slug: string | null;
	window_department: string | null;
	post: string | null;
}

interface People {
	head: StaffRow;
	/** The A post of a window, where the centre has one; the head acts on the other windows' cases. */
	clerk: (window: string) => StaffRow;
	agent: (station: string) => StaffRow | undefined;
}

function peopleOf(staff: StaffRow[], centre: string): People {
	const active = staff.filter((s) => s.centre_slug === centre);
	const head = active.find((s) => s.role === "head");
	if (!head) throw new SeedError(`名录里没有 ${centre} 的中心负责人。示例办件要用示例工作人员：先运行 npm run staff -- seed（空名录时）。`);
	return {
		head,
		clerk: (window) => active.find((s) => s.role === "clerk" && s.window_department === window && s.post === "A") ?? head,
		agent: (station) => active.find((s) => s.role === "agent" && s.station_slug === station),
	};
}

// ── the people who apply (all fictional) ────────────────────────────────────────────────────────

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐".split("");
const GIVEN = [
	"秀英",
	"桂英",
	"建国",
	"德明",
	"玉兰",
	"海燕",
	"志强",
	"春梅",
	"国华",
	"丽娟",
	"永刚",
	"红霞",
	"文军",
	"小燕",
	"明亮",
	"淑珍",
	"家豪",
	"金凤",
	"长林",
	"晓东",
	"兰芳",
	"大勇",
	"翠花",
	"子涵",
];
/** A region code already used by the tests (北京市西城区), never a real person's. */
const REGION = "110105";

function person(r: Random, birthFrom: number, birthTo: number) {
	const birth = `${r.int(birthFrom, birthTo)}${String(r.int(1, 12)).padStart(2, "0")}${String(r.int(1, 28)).padStart(2, "0")}`;
	const first17 = `${REGION}${birth}${String(r.int(1, 999)).padStart(3, "0")}`;
	return {
		name: r.pick(SURNAMES) + r.pick(GIVEN),
		idNumber: first17 + idCardCheckChar(first17),
		phone: `139${String(r.int(0, 99_999_999)).padStart(8, "0")}`,
	};
}

/** The form's answers, each field given a plausible value of its type. */
function answersFor(r: Random, fields: FormField[], applicant: { idNumber: string; phone: string }, station: string, day: string) {
	const answers: Record<string, string | number | string[]> = {};
	for (const f of fields) {
		if (f.type === "select" || f.type === "radio") answers[f.name] = r.pick(f.options ?? []);
		else if (f.type === "checkboxes") answers[f.name] = [(f.options ?? [])[0]];
		else if (f.type === "number") answers[f.name] = r.int(f.min ?? 0, f.max ?? 0);
		else if (f.type === "idcard") answers[f.name] = applicant.idNumber;
		else if (f.type === "phone") answers[f.name] = applicant.phone;
		else if (f.type === "village") answers[f.name] = station;
		else if (f.type === "date") answers[f.name] = f.when === "future" ? addDays(day, r.int(7, 60)) : addDays(day, -r.int(7, 400));
		else if (f.type === "textarea") answers[f.name] = "情况见所附材料。";
		else answers[f.name] = "见所附材料";
	}
	return answers;
}

// ── time ────────────────────────────────────────────────────────────────────────────────────────

/** An ISO instant (UTC, with milliseconds, as the Worker's toISOString) at a China date and minute of the day. */
const instant = (day: string, minute: number, r: Random) =>
	new Date(Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000 + r.int(0, 59_999)).toISOString();

/** A minute within the centres' hours (8:30–12:00, 14:00–17:30), no earlier than `after`. */
function officeMinute(r: Random, after = 0): number {
	const slots = [
		[510, 715],
		[840, 1045],
	].filter(([, to]) => to > after);
	if (slots.length === 0) return Math.min(after + 5, 1439);
	const [from, to] = r.pick(slots);
	return r.int(Math.max(from, after + 3), Math.max(to, after + 3));
}

// ── the plan of a month ─────────────────────────────────────────────────────────────────────────

/** One write, in the order the Worker would have made it. */
interface Op {
	at: string;
	sql: string;
}

type Fate = "ontime" | "late" | "overLegal" | "refuse" | "correction" | "suspend" | "extend" | "withdraw" | "denied";

export interface PlanSummary {
	centre: string;
	cases: number;
	byAgent: number;
	completed: number;
	late: number;
	refused: number;
	withdrawn: number;
	running: number;
	corrections: number;
	ratings: number;
	badRatings: number;
	complaints: number;
}

interface Ctx {
	r: Random;
	keys: Keys;
	calendar: WorkingCalendar;
	ops: Op[];
	monthEnd: string;
	marker: string;
	overdueColumn: boolean;
	taken: Set<string>;
	/**
	 * Whether the month has its late follow-up and its 申诉 yet: the first 差评 with time left in the month to
	 * finish late is followed up late, the next appealed, the rest in time.
	 */
	followUps: { late: boolean; appeal: boolean };
}

const json = (value: unknown) => JSON.stringify(value);
const AUDIT = "INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id, before_json, after_json)";
const caseId = (trackingNo: string) => `(SELECT id FROM applications WHERE tracking_no = ${sql(trackingNo)})`;
const complaintId = (trackingNo: string) => `(SELECT id FROM complaints WHERE tracking_no = ${sql(trackingNo)})`;
const isWorking = (calendar: WorkingCalendar) => (d: string) => calendar.estimateWorkingDay(d).working;

function freshTrackingNo(ctx: Ctx): string {
	let no = ctx.r.trackingNo();
	while (ctx.taken.has(no)) no = ctx.r.trackingNo();
	ctx.taken.add(no);
	return no;
}

const OUTCOME_OF: Record<Item["type"], Outcome> = {
	行政许可: "approved",
	行政确认: "approved",
	行政给付: "approved",
	行政奖励: "approved",
	行政备案: "done",
	其他行政权力: "done",
	公共服务: "done",
};
const REFUSE_REASONS = [
	"申请事项不属于本中心的受理范围，请到户籍所在地的便民服务中心申请。",
	"申请人不符合申请条件（年龄未达到规定）。",
	"同一事项已在办理中，请勿重复申请。",
];
const OVERDUE_REASONS = [
	"材料需要县级部门核实，核实用时超过预计。",
	"窗口人员集中下村入户核查，办理顺延。",
	"系统对接故障，数据两天无法上传。",
];
const WITHDRAW_REASONS = ["申请人来电要求撤回申请。", "申请人已到窗口当场办理，网上申请撤回。"];

type Centre = SeedContent["centres"][number];
type SuspensionRow = { from: string; to: string | null; procedure: string; basis: string; expectedBy: string };

/**
 * One case from submission to where it stands at month end: every step a staff member or the applicant
 * takes, as the Worker writes it. Steps after the month's last day do not happen (the case is still running).
 */
class CaseRun {
	readonly r: Random;
	readonly working: (d: string) => boolean;
	readonly item: Item;
	readonly window: string;
	readonly station: Centre["stations"][number];
	readonly agent: StaffRow | null;
	readonly clerk: StaffRow;
	readonly trackingNo: string;
	readonly submittedOn: string;
	readonly submittedAt: string;
	readonly fate: Fate;
	status = "submitted" as CaseStatus;
	version = 1;
	updatedAt: string;
	firstHandler: number | null = null;
	acceptedOn: string | null = null;
	closedAt: string | null = null;
	outcome: Outcome | null = null;
	overdueReason: string | null = null;
	extension: { days: number; unit: Deadline["unit"]; basis: string; reason: string } | null = null;
	paperForwardedAt: string | null = null;
	suspensions: SuspensionRow[] = [];
	noticeSentOn: string | null = null;
	corrected = false;
	cursor: { day: string; minute: number };
	readonly later: Op[] = [];

	constructor(
		readonly ctx: Ctx,
		readonly centre: Centre,
		readonly people: People,
	) {
		const r = (this.r = ctx.r);
		this.working = isWorking(ctx.calendar);
		({ item: this.item, window: this.window } = r.pick(centre.items));
		const item = this.item;
		const agentStations = centre.stations.filter((s) => item.agent.allowed && s.items.includes(item.code) && people.agent(s.slug));
		const byAgent = agentStations.length > 0 && r.chance(0.3);
		this.station = byAgent ? r.pick(agentStations) : r.pick(centre.stations);
		this.agent = byAgent ? people.agent(this.station.slug)! : null;
		this.clerk = people.clerk(this.window);
		this.submittedOn = r.pick(monthDays(ctx.monthEnd).filter(this.working));
		this.submittedAt = this.updatedAt = instant(this.submittedOn, officeMinute(r), r);
		this.cursor = { day: this.submittedOn, minute: minutesOf(this.submittedAt) };
		this.trackingNo = freshTrackingNo(ctx);
		const promised = item.promisedDeadline;
		const legal = this.legal();
		const fates: Partial<Record<Fate, number>> = { ontime: 58, late: 10, refuse: 8, correction: 10, withdraw: 1, denied: 3 };
		if (legal && legal.unit === promised.unit && legal.days > promised.days) fates.overLegal = 4;
		if (suspensionReasonsOf(item).length > 0) fates.suspend = 25;
		if (extensionOf(item)) fates.extend = 12;
		this.fate = r.weighted(fates as Record<Fate, number>);
	}

	legal(): Deadline | undefined {
		return isStatutory(this.item.legalDeadline.source) ? this.item.legalDeadline : undefined;
	}

	/** The clock as of `today`, on the promise (or another limit), as worker/src/services/case-clock.ts runs it. */
	clock(today: string, limit: Deadline = this.item.promisedDeadline) {
		const ext = this.extension;
		const days = ext && ext.unit === limit.unit ? limit.days + ext.days : limit.days;
		const startsOn = this.acceptedOn ?? today;
		const input = {
			acceptedOn: startsOn,
			promised: { days, unit: limit.unit },
			suspensions: this.suspensions,
			today: today < startsOn ? startsOn : today,
		};
		return caseClock(input, this.ctx.calendar);
	}

	next(day: string, min: number, max: number): string {
		return stepDays(day, this.r.int(min, max), this.working);
	}

	/** One staff change, as applyChange writes it; false (and nothing written) once past the month. */
	step(action: Action, by: { id: number }, day: string, note: string, set: Record<string, string | null>, detail: Record<string, unknown>) {
		if (day > this.ctx.monthEnd) return false;
		const to = TRANSITIONS[action].to;
		if (!(TRANSITIONS[action].from as readonly CaseStatus[]).includes(this.status))
			throw new Error(`seed plan: ${action} from ${this.status}`);
		const minute = officeMinute(this.r, day === this.cursor.day ? this.cursor.minute : 0);
		this.cursor = { day, minute };
		const at = instant(day, minute, this.r);
		const id = caseId(this.trackingNo);
		const ops = [];
		if (action === "request_correction")
			ops.push(
				`INSERT INTO corrections (application_id, requested_at, requested_by, respond_by, items_json) VALUES (${id}, ${sql(at)}, ${sql(`staff:${by.id}`)}, ${sql(detail.respondBy as string)}, ${sql(json(detail.items))})`,
			);
		ops.push(
			`INSERT INTO application_events (application_id, created_at, kind, status, actor, note, staff_id) VALUES (${id}, ${sql(at)}, ${sql(EVENT_OF[action])}, ${sql(to)}, 'staff', ${sql(note)}, ${by.id})`,
			`${AUDIT} VALUES (${sql(at)}, ${sql(`staff:${by.id}`)}, ${sql(`application.${EVENT_OF[action]}`)}, 'application', ${sql(this.trackingNo)}, json_object('status', ${sql(this.status)}, 'version', ${this.version}), json(${sql(json({ status: to, ...detail }))}))`,
		);
		this.later.push({ at, sql: ops.join(";\n") });
		this.status = to;
		this.version++;
		this.updatedAt = at;
		this.firstHandler ??= by.id;
		if ("accepted_on" in set) this.acceptedOn = set.accepted_on;
		if ("closed_at" in set) this.closedAt = at;
		if ("outcome" in set) this.outcome = set.outcome as Outcome;
		if ("overdue_reason" in set) this.overdueReason = set.overdue_reason;
		return true;
	}

	/** 全程代办: the agent takes the paper forms to the centre the same or the next working day (markPaperForwarded). */
	forwardPaper(agent: StaffRow): void {
		const day = this.next(this.submittedOn, 0, 1);
		if (day > this.ctx.monthEnd) return;
		const at =
			day === this.submittedOn
				? new Date(Date.parse(this.submittedAt) + this.r.int(30, 180) * 60_000).toISOString()
				: instant(day, officeMinute(this.r), this.r);
		this.paperForwardedAt = this.updatedAt = at;
		this.cursor = { day, minute: minutesOf(at) };
		this.later.push({
			at,
			sql: [
				`INSERT INTO application_events (application_id, created_at, kind, status, actor, note, staff_id) VALUES (${caseId(this.trackingNo)}, ${sql(at)}, 'paper_forwarded', 'submitted', 'staff', ${sql(t("case.note.paperForwarded"))}, ${agent.id})`,
				`${AUDIT} VALUES (${sql(at)}, ${sql(`staff:${agent.id}`)}, 'application.paper_forwarded', 'application', ${sql(this.trackingNo)}, NULL, NULL)`,
			].join(";\n"),
		});
	}

	/** 补正: one notice, and the applicant's answer a few working days later (answerCorrection). */
	correction(day: string): void {
		const items: CorrectionItem[] = [
			{ id: "c1", name: this.r.pick(this.item.materials).name, reason: "复印件不清楚，请补交清晰的复印件或原件。" },
		];
		const respondBy = deadlineFrom(day, { days: 15, unit: "工作日" }, this.ctx.calendar).dueOn;
		const note = t("case.note.correction", { items: items.map((i) => i.name).join("、"), date: respondBy });
		if (!this.step("request_correction", this.clerk, day, note, {}, { items, respondBy })) return;
		this.noticeSentOn = day;
		const answerOn = this.next(day, 1, 4);
		if (answerOn > this.ctx.monthEnd) {
			this.cursor = { day: answerOn, minute: 0 };
			return;
		}
		const at = instant(answerOn, officeMinute(this.r), this.r);
		this.cursor = { day: answerOn, minute: minutesOf(at) };
		const id = caseId(this.trackingNo);
		const supplied = sql(json(items.map((i) => i.id)));
		const names = items.map((i) => i.name).join("、");
		this.later.push({
			at,
			sql: [
				`UPDATE corrections SET answered_at = ${sql(at)}, supplied_json = ${supplied}, answer_note = NULL WHERE application_id = ${id} AND answered_at IS NULL`,
				`INSERT INTO application_events (application_id, created_at, kind, status, actor, note) VALUES (${id}, ${sql(at)}, 'correction_answered', 'submitted', 'citizen', ${sql(t("case.event.correction_answered", { items: names }))})`,
				`${AUDIT} VALUES (${sql(at)}, 'citizen', 'application.correction_answered', 'application', ${sql(this.trackingNo)}, json_object('status', 'correction'), json_object('status', 'submitted', 'supplied', json(${supplied})))`,
			].join(";\n"),
		});
		this.status = "submitted";
		this.version++;
		this.updatedAt = at;
		this.corrected = true;
	}

	/** 受理 (with the promise and its date in the note) and 开始办理. */
	accept(day: string): void {
		const promised = this.item.promisedDeadline;
		const { submittedOn, noticeSentOn } = this;
		const deemed = deemedAccepted(
			{ submittedOn, noticeSentOn, acceptedOn: null, today: day },
			acceptanceRuleOf(this.item),
			this.ctx.calendar,
		);
		const startsOn = deemed ? submittedOn : day;
		const due = caseClock({ acceptedOn: startsOn, promised, suspensions: [], today: startsOn }, this.ctx.calendar).dueOn;
		const words = { days: promised.days, unit: promised.unit, due, received: submittedOn };
		if (this.step("accept", this.clerk, day, t(deemed ? "case.note.accept.deemed" : "case.note.accept", words), { accepted_on: day }, {}))
			this.step("start", this.clerk, day, t("case.note.start"), {}, {});
	}

	/** 延长, once, by the centre head. */
	extend(): void {
		const rule = extensionOf(this.item)!;
		const reason = "需要到经营场所实地核查，核查人员本周下村。";
		const ext = { days: rule.days, unit: rule.unit, basis: rule.basis, reason };
		const previous = this.extension;
		this.extension = ext;
		const due = this.clock(this.acceptedOn!).dueOn;
		this.extension = previous;
		const note = t("case.note.extend", { days: rule.days, unit: rule.unit, basis: rule.basis, reason, due });
		if (this.step("extend", this.people.head, this.next(this.cursor.day, 0, 1), note, { extension_json: json(ext) }, { extension: ext }))
			this.extension = ext;
	}

	/** 挂起 for one of the item's procedures from the next working day, and 恢复 a few working days later. */
	suspend(): void {
		const procedure = this.r.pick(suspensionReasonsOf(this.item));
		const day = this.next(this.cursor.day, 1, 2);
		const from = stepDays(day, 1, this.working);
		const expectedBy = stepDays(from, 5, this.working);
		const reason = `${procedure.name}期间，结果出来后继续办理。`;
		const open = { from, to: null, procedure: procedure.name, basis: procedure.basis, expectedBy };
		const note = t("case.note.suspend", { procedure: procedure.name, basis: procedure.basis, expectedBy, reason });
		const detail = { procedure: procedure.name, expectedBy, reason };
		if (!this.step("suspend", this.clerk, day, note, { suspensions_json: json([...this.suspensions, open]) }, detail)) return;
		this.suspensions.push(open);
		const back = stepDays(from, this.r.int(3, 6), this.working);
		const resumed = this.suspensions.map((s) => (s.to === null ? { ...s, to: back < s.from ? s.from : back } : s));
		const due = caseClock(
			{ acceptedOn: this.acceptedOn!, promised: this.item.promisedDeadline, suspensions: resumed, today: back },
			this.ctx.calendar,
		).dueOn;
		if (this.step("resume", this.clerk, back, t("case.note.resume.due", { due }), { suspensions_json: json(resumed) }, { dueOn: due }))
			this.suspensions = resumed;
	}

	/** 办结: in time for most, past the promise (or the legal limit) for the late ones, with the 超期原因 where the table has it. */
	complete(): void {
		const { r, fate, item } = this;
		const dueOn = this.clock(this.cursor.day).dueOn;
		const legal = this.legal();
		let day: string;
		if (fate === "late") day = stepDays(dueOn, r.int(1, 3), this.working);
		else if (fate === "overLegal" && legal) day = stepDays(this.clock(this.cursor.day, legal).dueOn, r.int(1, 2), this.working);
		else {
			const room = countWorking(this.cursor.day, dueOn, this.working);
			day = stepDays(this.cursor.day, r.int(0, Math.max(0, Math.min(room, 6))), this.working);
			if (day > dueOn) day = dueOn < this.cursor.day ? this.cursor.day : dueOn;
		}
		const out: Outcome = fate === "denied" && OUTCOME_OF[item.type] === "approved" ? "denied" : OUTCOME_OF[item.type];
		const result =
			out === "denied" ? "经核查不符合条件，不予批准，理由见书面决定。" : out === "approved" ? "审核通过，已批准。" : "已办理完毕。";
		const delivery = this.agent ? "代办员送达" : r.pick(DELIVERIES.filter((d) => d !== "代办员送达"));
		const note = t("case.note.complete", { result, delivery: t(`case.delivered.${delivery}`) });
		const late = day <= this.ctx.monthEnd && this.clock(day).colour === "red";
		const reason = late ? r.pick(OVERDUE_REASONS) : null;
		const withReason = this.ctx.overdueColumn;
		const set: Record<string, string | null> = { closed_at: "", outcome: out, ...(withReason ? { overdue_reason: reason } : {}) };
		const detail = { outcome: out, delivery, ...(withReason && reason ? { overdueReason: reason } : {}) };
		this.step("complete", this.clerk, day, note, set, detail);
	}

	/** Everything that happens to the case in the month, in order. */
	play(): void {
		if (this.agent) this.forwardPaper(this.agent);
		const firstAnswerOn = this.next(this.cursor.day, 0, 1);
		if (this.fate === "withdraw") {
			const reason = this.r.pick(WITHDRAW_REASONS);
			this.step(
				"withdraw",
				this.clerk,
				this.next(this.cursor.day, 1, 3),
				t("case.note.withdraw", { reason }),
				{ closed_at: "" },
				{ reason },
			);
			return;
		}
		if (this.fate === "refuse") {
			const reason = this.r.pick(REFUSE_REASONS);
			this.step("refuse", this.clerk, firstAnswerOn, t("case.note.refuse", { reason }), { closed_at: "" }, { reason });
			return;
		}
		if (this.fate === "correction" && this.item.materials.length > 0) this.correction(firstAnswerOn);
		if (this.status === "submitted" && this.cursor.day <= this.ctx.monthEnd)
			this.accept(this.corrected ? this.next(this.cursor.day, 0, 1) : firstAnswerOn);
		if (this.status === "in_progress" && this.fate === "extend") this.extend();
		if (this.status === "in_progress" && this.fate === "suspend") this.suspend();
		if (this.status === "in_progress") this.complete();
	}

	/** The case row (its state at month end), its first timeline event and audit row, as insertCase writes them. */
	async write(n: number): Promise<void> {
		const { ctx, item, centre, station, agent, submittedAt } = this;
		const who = person(this.r, item.code === "gaoling-jintie" ? 1931 : 1950, item.code === "gaoling-jintie" ? 1945 : 2004);
		const application = {
			item: item.code,
			centre: centre.slug,
			applicant: { ...who, village: station.slug },
			answers: answersFor(this.r, item.form!.fields, who, station.slug, this.submittedOn),
			consent: true as const,
		};
		const signedOn = addDays(this.submittedOn, -this.r.int(0, 5));
		const mandate = agent ? { basis: this.r.pick(MANDATE_BASES), signedOn, agent: agent.name, recordedAt: submittedAt } : null;
		const columns: Record<string, string | number | null> = {
			tracking_no: this.trackingNo,
			idempotency_key: `${ctx.marker}-${String(n).padStart(4, "0")}`,
			request_hash: await hmacHex(ctx.keys.fingerprint, json(agent ? { application, mandate, agent: agent.id } : application)),
			item_code: item.code,
			centre_slug: centre.slug,
			station_slug: station.slug,
			status: this.status,
			version: this.version,
			applicant_name: who.name,
			applicant_phone: who.phone,
			applicant_id_cipher: await encrypt(ctx.keys.cipher, who.idNumber),
			applicant_id_index: await hmacHex(ctx.keys.index, idNumberIndexText(who.idNumber) ?? who.idNumber),
			applicant_phone_index: await hmacHex(ctx.keys.index, phoneIndexText(who.phone) ?? who.phone),
			answers_cipher: await encrypt(ctx.keys.cipher, json(application.answers)),
			consented_at: submittedAt,
			submitted_at: submittedAt,
			updated_at: this.updatedAt,
			window_department: this.window,
			first_handler_id: this.firstHandler,
			accepted_on: this.acceptedOn,
			suspensions_json: json(this.suspensions),
			outcome: this.outcome,
			closed_at: this.closedAt,
			agent_id: agent?.id ?? null,
			mandate_cipher: mandate ? await encrypt(ctx.keys.cipher, json(mandate)) : null,
			paper_forwarded_at: this.paperForwardedAt,
			extension_json: this.extension ? json(this.extension) : null,
			...(ctx.overdueColumn ? { overdue_reason: this.overdueReason } : {}),
		};
		const submittedNote = t(agent ? "case.event.submittedByAgent" : "case.event.submitted", { centre: centre.name });
		ctx.ops.push({
			at: submittedAt,
			sql: [
				`INSERT INTO applications (${Object.keys(columns).join(", ")}) VALUES (${Object.values(columns).map(sql).join(", ")})`,
				`INSERT INTO application_events (application_id, created_at, kind, status, actor, note) VALUES (${caseId(this.trackingNo)}, ${sql(submittedAt)}, 'submitted', 'submitted', 'citizen', ${sql(submittedNote)})`,
				`${AUDIT} VALUES (${sql(submittedAt)}, ${sql(agent ? `staff:${agent.id}` : "citizen")}, 'application.submit', 'application', ${sql(this.trackingNo)}, NULL, json_object('status', 'submitted', 'item', ${sql(item.code)}, 'centre', ${sql(centre.slug)}))`,
			].join(";\n"),
		});
		ctx.ops.push(...this.later);
	}
}

async function planCase(ctx: Ctx, centre: Centre, people: People, n: number): Promise<Partial<PlanSummary>> {
	const c = new CaseRun(ctx, centre, people);
	c.play();
	await c.write(n);
	const summary: Partial<PlanSummary> = { cases: 1, byAgent: c.agent ? 1 : 0, corrections: c.noticeSentOn ? 1 : 0 };
	if (c.status === "completed") {
		summary.completed = 1;
		if (c.closedAt && c.clock(chinaDate(new Date(c.closedAt))).colour === "red") summary.late = 1;
	} else if (c.status === "not_accepted") summary.refused = 1;
	else if (c.status === "withdrawn") summary.withdrawn = 1;
	else summary.running = 1;
	if ((c.status === "completed" || c.status === "not_accepted") && c.closedAt && ctx.r.chance(0.62)) {
		const rated = await planRating(ctx, {
			trackingNo: c.trackingNo,
			status: c.status,
			closedAt: c.closedAt,
			agent: c.agent,
			clerk: c.clerk,
			head: people.head,
		});
		summary.ratings = rated.count;
		summary.badRatings = rated.bad;
	}
	return summary;
}

const minutesOf = (iso: string) => {
	const d = new Date(Date.parse(iso) + 8 * 3_600_000);
	return d.getUTCHours() * 60 + d.getUTCMinutes();
};

function countWorking(from: string, to: string, working: (d: string) => boolean): number {
	let n = 0;
	for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (working(d)) n++;
	return n;
}

function monthDays(monthEnd: string): string[] {
	const days: string[] = [];
	for (let d = `${monthEnd.slice(0, 8)}01`; d <= monthEnd; d = addDays(d, 1)) days.push(d);
	return days;
}

async function planRating(
	ctx: Ctx,
	c: { trackingNo: string; status: CaseStatus; closedAt: string; agent: StaffRow | null; clerk: StaffRow; head: StaffRow },
): Promise<{ count: number; bad: number }> {
	const { r, calendar } = ctx;
	const working = isWorking(calendar);
	const closedOn = chinaDate(new Date(c.closedAt));
	const day = stepDays(closedOn, r.int(0, 2), working);
	if (day > ctx.monthEnd) return { count: 0, bad: 0 };
	const at = instant(
		day,
		Math.max(officeMinute(r, day === closedOn ? minutesOf(c.closedAt) : 0), day === closedOn ? minutesOf(c.closedAt) + 2 : 0),
		r,
	);
	const channel: RatingChannel =
		c.agent && r.chance(0.5) ? "otherTerminal" : r.weighted({ mobile: 5, pc: 2, hallTablet: 3 } as Record<RatingChannel, number>);
	const enteredBy = channel === "otherTerminal" ? c.agent : channel === "hallTablet" ? c.clerk : null;
	const level: RatingLevel = r.weighted({ 非常满意: 44, 满意: 38, 基本满意: 11, 不满意: 5, 非常不满意: 2 });
	const bad = isBadRating(level);
	const problems = bad ? [r.pick(dimensionsOf(channel).slice(1))] : [];
	const anonymous = bad ? false : r.chance(0.05);
	const text = bad ? "等了很久，电话也没人接。" : r.chance(0.2) ? "工作人员很耐心，谢谢。" : null;
	const due = bad ? followUpDue(new Date(at), DEFAULT_FOLLOW_UP, calendar) : null;
	const id = caseId(c.trackingNo);
	const actor = enteredBy ? `staff:${enteredBy.id}` : "citizen";
	const note = t(enteredBy ? "rating.event.entered" : "rating.event.rated", { level });
	const textCipher = text ? await encrypt(ctx.keys.cipher, text) : null;
	const ops = [
		`INSERT INTO ratings (application_id, assess_number, level, channel, problems_json, text_cipher, anonymous, entered_by, created_at) VALUES (${id}, 1, ${sql(level)}, ${sql(channel)}, ${sql(json(problems))}, ${sql(textCipher)}, ${anonymous ? 1 : 0}, ${enteredBy?.id ?? "NULL"}, ${sql(at)})`,
	];
	if (due)
		ops.push(
			`INSERT INTO rating_followups (rating_id, application_id, opened_at, contact_by, fix_by, cap_by) VALUES ((SELECT id FROM ratings WHERE application_id = ${id} AND assess_number = 1), ${id}, ${sql(at)}, ${sql(anonymous ? null : due.contactBy)}, ${sql(due.fixBy)}, ${sql(due.capBy)})`,
		);
	ops.push(
		`INSERT INTO application_events (application_id, created_at, kind, status, actor, note, staff_id) VALUES (${id}, ${sql(at)}, 'rated', ${sql(c.status)}, ${sql(enteredBy ? "staff" : "citizen")}, ${sql(note)}, ${enteredBy?.id ?? "NULL"})`,
		`${AUDIT} VALUES (${sql(at)}, ${sql(actor)}, 'rating.create', 'application', ${sql(c.trackingNo)}, NULL, json_object('assessNumber', 1, 'level', ${sql(level)}, 'channel', ${sql(channel)}))`,
	);
	ctx.ops.push({ at, sql: ops.join(";\n") });
	if (!due) return { count: 1, bad: 0 };
	await planFollowUp(ctx, c, at, due);
	return { count: 1, bad: 1 };
}

/** A 差评's follow-up (changeFollowUp): the call within a working day, then the finding, the fix and the reply. */
async function planFollowUp(
	ctx: Ctx,
	c: { trackingNo: string; status: CaseStatus; clerk: StaffRow; head: StaffRow },
	at: string,
	due: { contactBy: string; fixBy: string },
): Promise<void> {
	const { r } = ctx;
	const working = isWorking(ctx.calendar);
	const id = caseId(c.trackingNo);
	const roomy = stepDays(chinaDate(new Date(due.fixBy)), 2, working) <= ctx.monthEnd;
	const kind = roomy && !ctx.followUps.late ? "late" : roomy && !ctx.followUps.appeal ? "appeal" : "inTime";
	if (kind !== "inTime") ctx.followUps[kind] = true;
	const followUp = `(SELECT id FROM rating_followups WHERE application_id = ${id})`;
	const caller = c.clerk;
	const contactAt =
		kind === "late"
			? new Date(Date.parse(due.contactBy) + 26 * 3_600_000).toISOString()
			: new Date(Date.parse(at) + r.int(60, 300) * 60_000).toISOString();
	if (chinaDate(new Date(contactAt)) > ctx.monthEnd) return;
	const contactNote = await encrypt(ctx.keys.cipher, "已电话联系申请人，了解了情况。");
	ctx.ops.push({
		at: contactAt,
		sql: [
			`UPDATE rating_followups SET contacted_at = ${sql(contactAt)}, contacted_by = ${caller.id}, contact_note_cipher = ${sql(contactNote)}, version = version + 1 WHERE id = ${followUp}`,
			`${AUDIT} VALUES (${sql(contactAt)}, ${sql(`staff:${caller.id}`)}, 'rating.followup.contact', 'application', ${sql(c.trackingNo)}, json_object('version', 1), json('{}'))`,
		].join(";\n"),
	});
	const resolveDay =
		kind === "late" ? stepDays(chinaDate(new Date(due.fixBy)), 2, working) : stepDays(chinaDate(new Date(contactAt)), r.int(1, 3), working);
	if (resolveDay > ctx.monthEnd) return;
	const resolveAt = instant(resolveDay, officeMinute(r, resolveDay === chinaDate(new Date(contactAt)) ? minutesOf(contactAt) : 0), r);
	const finding: FollowUpFinding = kind === "appeal" ? "申诉" : r.pick(["情况属实", "解释说明"] as const);
	const resolver = finding === "申诉" ? c.head : caller;
	const fixNote =
		finding === "申诉"
			? "经核实，评价针对的是县级部门的审批时限，不属于本中心的服务，申请不计入差评。"
			: finding === "情况属实"
				? "已安排窗口电话专人接听，午间逢场天照常有人值守。"
				: "已向申请人说明办理时限和需要核查的原因。";
	const reply = finding === "申诉" ? "您反映的审批时限由县级部门确定，我们已转达您的意见。" : "感谢您的反馈，我们已经改进，欢迎再次评价。";
	ctx.ops.push({
		at: resolveAt,
		sql: [
			`UPDATE rating_followups SET finding = ${sql(finding)}, fix_note = ${sql(fixNote)}, reply = ${sql(reply)}, resolved_at = ${sql(resolveAt)}, resolved_by = ${resolver.id}, version = version + 1 WHERE id = ${followUp}`,
			`INSERT INTO application_events (application_id, created_at, kind, status, actor, note, staff_id) VALUES (${id}, ${sql(resolveAt)}, 'rating_replied', ${sql(c.status)}, 'staff', ${sql(t("rating.event.replied", { reply }))}, ${resolver.id})`,
			`${AUDIT} VALUES (${sql(resolveAt)}, ${sql(`staff:${resolver.id}`)}, 'rating.followup.resolve', 'application', ${sql(c.trackingNo)}, json_object('version', 2), json(${sql(json({ finding }))}))`,
		].join(";\n"),
	});
}

const COMPLAINT_TEXTS: Record<ComplaintType, { title: string; content: string; reply: string; verdict: ComplaintVerdict }> = {
	投诉: {
		title: "窗口中午没人",
		content: "逢场天中午去办医保，窗口没有人，等了一个多小时。",
		reply: "已核实，当天值班人员临时外出，已批评教育并调整值班安排。",
		verdict: "支持",
	},
	建议: {
		title: "希望增加周末办理",
		content: "在外打工的人平时回不来，希望每月有一个周六能办事。",
		reply: "感谢建议，中心将在每月第一个周六上午安排值班窗口。",
		verdict: "支持",
	},
	咨询: {
		title: "高龄津贴多久发",
		content: "老人上个月申请了高龄津贴，想问什么时候能到账。",
		reply: "审核通过后次月起按月发放到社会保障卡，请留意。",
		verdict: "解释说明",
	},
	求助: {
		title: "不会用手机申请",
		content: "家里老人不会用手机，想请人帮忙申请。",
		reply: "可以找本村代办员全程代办，电话见村站页面。",
		verdict: "解释说明",
	},
};

type ComplaintKind = "petition" | "extended" | "late" | "inTime";

/** One 投诉建议 through the back office's actions (changeComplaint), as far as the month goes. */
class ComplaintRun {
	version = 1;
	status = "received";
	readonly set: Record<string, string | number | null> = {};
	readonly ops: Op[] = [];
	readonly dates: { asPetition: boolean; filedOn: string; acknowledgedOn: string | null; extended: boolean; repliedOn: string | null };
	readonly working: (d: string) => boolean;

	constructor(
		readonly ctx: Ctx,
		readonly trackingNo: string,
		readonly kind: ComplaintKind,
		readonly handler: StaffRow,
		readonly filedAt: string,
	) {
		this.working = isWorking(ctx.calendar);
		this.dates = {
			asPetition: kind === "petition",
			filedOn: chinaDate(new Date(filedAt)),
			acknowledgedOn: null,
			extended: false,
			repliedOn: null,
		};
	}

	change(
		at: string,
		kind: string,
		values: Record<string, string | number | null>,
		note: string | null,
		detail: Record<string, unknown>,
	): void {
		const by = this.handler;
		this.ops.push({
			at,
			sql: [
				`INSERT INTO complaint_events (complaint_id, created_at, kind, actor, staff_id, note) VALUES (${complaintId(this.trackingNo)}, ${sql(at)}, ${sql(kind)}, 'staff', ${by.id}, ${sql(note)})`,
				`${AUDIT} VALUES (${sql(at)}, ${sql(`staff:${by.id}`)}, ${sql(`complaint.${kind}`)}, 'complaint', ${sql(this.trackingNo)}, json_object('version', ${this.version}), json(${sql(json(detail))}))`,
			].join(";\n"),
		});
		Object.assign(this.set, values);
		this.version++;
	}

	/** 确认收到 (a 信访 受理 within 15 days), by the first to act, who becomes its owner (首问负责); then 延期 and 答复. */
	play(words: (typeof COMPLAINT_TEXTS)[ComplaintType]): void {
		const { ctx, kind, dates } = this;
		const r = ctx.r;
		const ackDay = dates.asPetition
			? addDays(dates.filedOn, r.int(2, 6))
			: stepDays(dates.filedOn, kind === "late" ? 1 : r.int(0, 1), this.working);
		if (ackDay > ctx.monthEnd) return;
		const ackAt = instant(ackDay, officeMinute(r, ackDay === dates.filedOn ? minutesOf(this.filedAt) : 0), r);
		const ackBy = complaintClock({ ...dates, acknowledgedOn: ackDay }, ackDay, ctx.calendar).answerBy;
		const note = t(dates.asPetition ? "complaint.event.acknowledgedPetition" : "complaint.event.acknowledged", { date: ackBy });
		this.change(
			ackAt,
			"acknowledged",
			{ status: "acknowledged", acknowledged_at: ackAt, handler_id: this.handler.id, handled_at: ackAt },
			note,
			{},
		);
		this.status = "acknowledged";
		dates.acknowledgedOn = ackDay;
		let last = ackDay;
		if (kind === "extended") {
			const day = stepDays(ackDay, 2, this.working);
			if (day > ctx.monthEnd) return;
			const reason = "需要向县医保局核实当天的系统记录。";
			const at = instant(day, officeMinute(r), r);
			const answerBy = complaintClock({ ...dates, extended: true }, day, ctx.calendar).answerBy;
			const values = { extended_at: at, extension_reason: reason };
			this.change(at, "extended", values, t("complaint.event.extended", { date: answerBy, reason }), { reason, answerBy });
			dates.extended = true;
			last = day;
		}
		if (dates.asPetition) return;
		const answerBy = complaintClock(dates, last, ctx.calendar).answerBy;
		const gap = kind === "late" ? undefined : kind === "extended" ? 4 : r.int(1, 3);
		const day = gap === undefined ? stepDays(answerBy, 2, this.working) : stepDays(last, gap, this.working);
		if (day > ctx.monthEnd) return;
		const at = instant(day, officeMinute(r), r);
		const overdueDays = complaintClock(dates, day, ctx.calendar).overdueDays;
		const values = { status: "replied", verdict: words.verdict, reply: words.reply, replied_at: at };
		this.change(at, "replied", values, t("complaint.event.replied", { verdict: words.verdict, reply: words.reply }), {
			verdict: words.verdict,
			overdueDays,
		});
		this.status = "replied";
		this.rate(day, at);
	}

	/** The person rates the answer (rateComplaintReply), most of the time. */
	rate(day: string, repliedAt: string): void {
		const r = this.ctx.r;
		const rateDay = stepDays(day, r.int(0, 2), this.working);
		if (!r.chance(0.6) || rateDay > this.ctx.monthEnd) return;
		const rating: ReplyRating = this.kind === "late" ? "不满意" : r.pick(["满意", "满意", "基本满意"] as const);
		const at = instant(rateDay, Math.max(officeMinute(r), rateDay === day ? minutesOf(repliedAt) + 5 : 0), r);
		this.ops.push({
			at,
			sql: [
				`INSERT INTO complaint_events (complaint_id, created_at, kind, actor, note) VALUES (${complaintId(this.trackingNo)}, ${sql(at)}, 'reply_rated', 'citizen', ${sql(t("complaint.event.replyRated", { rating }))})`,
				`${AUDIT} VALUES (${sql(at)}, 'citizen', 'complaint.reply_rated', 'complaint', ${sql(this.trackingNo)}, NULL, json_object('rating', ${sql(rating)}))`,
			].join(";\n"),
		});
		Object.assign(this.set, { reply_rating: rating, reply_rated_at: at });
		this.version++;
	}
}

/** A handful of 投诉建议 per centre: most acknowledged and answered in time, one extended, one late, one 信访. */
async function planComplaints(ctx: Ctx, centre: SeedContent["centres"][number], people: People, count: number): Promise<number> {
	const { r } = ctx;
	for (let i = 0; i < count; i++) {
		const kind: ComplaintKind = i === 0 ? "petition" : i === 1 ? "extended" : i === 2 ? "late" : "inTime";
		const type: ComplaintType = kind === "petition" ? "投诉" : r.pick(COMPLAINT_TYPES);
		const words = COMPLAINT_TEXTS[type];
		const at = instant(r.pick(monthDays(ctx.monthEnd).slice(0, 22)), r.int(420, 1320), r);
		const trackingNo = freshTrackingNo(ctx);
		const withName = r.chance(0.7) || kind === "petition";
		const who = person(r, 1950, 2000);
		const station = r.chance(0.3) ? r.pick(centre.stations).slug : null;
		const window = station ? null : r.pick(centre.items).window;
		const run = new ComplaintRun(ctx, trackingNo, kind, window ? people.clerk(window) : people.head, at);
		run.play(words);
		const row: Record<string, string | number | null> = {
			tracking_no: trackingNo,
			request_hash: `${ctx.marker}-k${centre.slug}-${i + 1}`,
			type,
			title: words.title,
			content_cipher: await encrypt(ctx.keys.cipher, words.content),
			name_cipher: withName ? await encrypt(ctx.keys.cipher, who.name) : null,
			phone_cipher: withName ? await encrypt(ctx.keys.cipher, who.phone) : null,
			reply_by_phone: withName && r.chance(0.5) ? 1 : 0,
			as_petition: kind === "petition" ? 1 : 0,
			centre_slug: centre.slug,
			station_slug: station,
			window_department: window,
			created_at: at,
			...run.set,
			status: run.status,
			version: run.version,
		};
		const filed = t(kind === "petition" ? "complaint.event.filedPetition" : "complaint.event.filed", { type });
		ctx.ops.push({
			at,
			sql: [
				`INSERT INTO complaints (${Object.keys(row).join(", ")}) VALUES (${Object.values(row).map(sql).join(", ")})`,
				`INSERT INTO complaint_events (complaint_id, created_at, kind, actor, note) VALUES (${complaintId(trackingNo)}, ${sql(at)}, 'filed', 'citizen', ${sql(filed)})`,
				`${AUDIT} VALUES (${sql(at)}, 'citizen', 'complaint.create', 'complaint', ${sql(trackingNo)}, NULL, json_object('type', ${sql(type)}, 'centre', ${sql(centre.slug)}))`,
			].join(";\n"),
		});
		ctx.ops.push(...run.ops);
	}
	return count;
}

const FEEDBACK = [
	{ useful: 1, reason: null, text: null },
	{ useful: 1, reason: null, text: null },
	{ useful: 1, reason: null, text: null },
	{ useful: 0, reason: "phone", text: "窗口电话上午打了三次都没人接。" },
	{ useful: 0, reason: "materials", text: null },
	{ useful: 0, reason: "unclear", text: "不知道代办要带什么。" },
] as const;

export interface Plan {
	ops: Op[];
	summary: PlanSummary[];
	feedback: number;
}

/** Everything one month and seed write, in the order the Worker would have written it. */
export async function planMonth(
	content: SeedContent,
	staff: StaffRow[],
	input: {
		month: string;
		seed: number;
		keys: Keys;
		overdueColumn: boolean;
		/** Tracking numbers already in use; a Set is added to, so several months can share one. */
		taken?: Iterable<string>;
		/** Cases per centre, drawn between the two (default 40–80). */
		perCentre?: [number, number];
	},
): Promise<Plan> {
	const r = new Random(seedOf(input.month, input.seed));
	const monthEnd = addDays(`${nextMonth(input.month)}-01`, -1);
	const ctx: Ctx = {
		r,
		keys: input.keys,
		calendar: content.calendar,
		ops: [],
		monthEnd,
		marker: `seed-${input.month}-s${input.seed}`,
		overdueColumn: input.overdueColumn,
		taken: input.taken instanceof Set ? (input.taken as Set<string>) : new Set(input.taken),
		followUps: { late: false, appeal: false },
	};
	const summary: PlanSummary[] = [];
	let n = 0;
	for (const centre of content.centres.filter((c) => c.items.length > 0 && c.stations.length > 0)) {
		const people = peopleOf(staff, centre.slug);
		const total: PlanSummary = {
			centre: centre.name,
			cases: 0,
			byAgent: 0,
			completed: 0,
			late: 0,
			refused: 0,
			withdrawn: 0,
			running: 0,
			corrections: 0,
			ratings: 0,
			badRatings: 0,
			complaints: 0,
		};
		const cases = r.int(...(input.perCentre ?? [40, 80]));
		for (let i = 0; i < cases; i++) {
			const s = await planCase(ctx, centre, people, ++n);
			for (const [k, v] of Object.entries(s)) (total[k as keyof PlanSummary] as number) += v as number;
		}
		total.complaints = await planComplaints(ctx, centre, people, r.int(4, 6));
		summary.push(total);
	}
	const items = content.centres.flatMap((c) => c.items.map((o) => o.item.code));
	const feedback = FEEDBACK.map((f) => {
		const at = instant(r.pick(monthDays(monthEnd)), r.int(360, 1380), r);
		return {
			at,
			sql: `INSERT INTO page_feedback (item_code, useful, reason, text, created_at) VALUES (${[r.pick(items), f.useful, f.reason, f.text, at].map(sql).join(", ")})`,
		};
	});
	ctx.ops.push(...feedback);
	// One order for the whole month: by time, and within an instant in the order each was planned.
	const ops = ctx.ops
		.map((op, i) => ({ op, i }))
		.sort((a, b) => (a.op.at < b.op.at ? -1 : a.op.at > b.op.at ? 1 : a.i - b.i))
		.map((x) => x.op);
	return { ops, summary, feedback: feedback.length };
}

const nextMonth = (month: string) => {
	const [y, m] = month.split("-").map(Number);
	return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};

// ── the command ─────────────────────────────────────────────────────────────────────────────────

export const USAGE = `用法：npm run seed:month -- --month 2026-03 [--seed 1] [--persist-to 目录 | --remote --yes-really] [--pii-key 密钥]

往数据库里写一个月的示例办件（全部虚构）：三个示例中心各 40—80 件，网上申请和村代办员全程代办，
有按时办结、超期办结（少数超过法定时限）、不予受理、补正、挂起、延长、撤回和月底仍在办理的；
还有好差评（差评有回访整改）、投诉建议和本页有用吗。同样的 --month 和 --seed 总是写出同样的数据
（只有加密后的密文每次不同）。同一个月只能写一次：办件进程和审计日志只能追加，不能删除。

选项：
  --month YYYY-MM        哪个月（必填），工作日历（content/calendar/）要有这一年
  --seed 数字            随机种子（默认 1）
  --persist-to 目录      本机数据库所在的目录（默认 .wrangler/state，npm start 用的那一个）
  --remote --yes-really  写进线上的 D1（只用于演示环境：这是示例数据）
  --pii-key 密钥         加密身份证号用的 PII_KEY（默认读 .dev.vars，npm start 会生成）
  --if-absent            这个月已经写过时不报错，直接退出（npm start 用）`;

function parse(argv: string[]) {
	try {
		return parseArgs({
			args: argv,
			strict: true,
			options: {
				help: { type: "boolean", short: "h" },
				month: { type: "string" },
				seed: { type: "string" },
				"persist-to": { type: "string" },
				remote: { type: "boolean" },
				"yes-really": { type: "boolean" },
				"pii-key": { type: "string" },
				"if-absent": { type: "boolean" },
			},
		}).values;
	} catch (err) {
		throw new SeedError(
			`选项写法不对（${err instanceof Error ? err.message : String(err)}）。运行 npm run seed:month -- --help 查看用法。`,
		);
	}
}

/** PII_KEY from --pii-key, or from .dev.vars as npm start writes it. */
function piiKey(given: string | undefined): string {
	if (given) return given;
	const file = join(ROOT, ".dev.vars");
	const line = existsSync(file) ? /^PII_KEY=(.*)$/m.exec(readFileSync(file, "utf8")) : null;
	if (line) return line[1].trim();
	throw new SeedError("没有找到加密个人信息的密钥 PII_KEY：.dev.vars 里没有（先运行一次 npm start 会生成），也没有用 --pii-key 给出。");
}

/** Runs wrangler on a SQL file (the month is too long for one command line). */
function executeFile(target: Target, statements: string): void {
	const dir = mkdtempSync(join(tmpdir(), "bianmin-seed-"));
	try {
		const file = join(dir, "month.sql");
		writeFileSync(file, statements);
		const args = ["d1", "execute", "DB", target.remote ? "--remote" : "--local", "--yes"];
		if (target.persistTo) args.push("--persist-to", target.persistTo);
		args.push(`--file=${file}`);
		const result = spawnSync(WRANGLER, args, {
			cwd: ROOT,
			env: toolsEnv(),
			encoding: "utf8",
			stdio: ["ignore", "pipe", "pipe"],
			maxBuffer: 64 * 1024 * 1024,
		});
		if (result.status !== 0)
			throw new SeedError(`写入数据库没有成功：${(result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n")}`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

function actor(): string {
	let user = "";
	try {
		user = userInfo().username;
	} catch {
		// no account name (some containers)
	}
	return /^[\w.-]{1,64}$/.test(user) ? `cli:${user}` : "cli";
}

/** Runs one command line and returns what to print; a SeedError for anything the user can fix. */
export async function run(argv: string[]): Promise<string> {
	const values = parse(argv);
	if (values.help) return USAGE;
	if (values.remote && !values["yes-really"])
		throw new SeedError(
			"--remote 会把虚构的示例办件写进线上数据库，和真实办件混在一起、不能删除。只有演示环境才这样做；确定的话，再加上 --yes-really。",
		);
	if (values.remote && values["persist-to"]) throw new SeedError("--persist-to 只用于本机数据库，不能和 --remote 一起用。");
	const month = values.month ?? "";
	if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
		throw new SeedError(`请用 --month 给出月份，写成 YYYY-MM，例如 --month 2026-03${month ? `（收到「${month}」）` : ""}。`);
	const seed = Number(values.seed ?? "1");
	if (!Number.isSafeInteger(seed) || seed < 0) throw new SeedError(`--seed 要是非负整数，收到「${values.seed}」。`);
	const content = readSeedContent();
	if (!content.calendar.covers(`${month}-01`))
		throw new SeedError(`工作日历没有 ${month.slice(0, 4)} 年的数据：请先在 content/calendar/ 里添加，示例办件要按工作日计时。`);
	const keys = await keysFrom(piiKey(values["pii-key"]));
	if (!keys) throw new SeedError("PII_KEY 不对：要是 32 个随机字节的 base64（例如 openssl rand -base64 32 生成的）。");
	const target: Target = { remote: values.remote === true, ...(values["persist-to"] ? { persistTo: resolve(values["persist-to"]) } : {}) };

	const marker = `seed-${month}-`;
	const staffQuery = `SELECT id, email, name, role, centre_slug, station_slug, window_department, post FROM staff WHERE active = 1 ORDER BY id`;
	const [seeded = [], columns = [], found = []] = execute(
		target,
		`SELECT (SELECT count(*) FROM applications WHERE idempotency_key LIKE ${sql(`${marker}%`)}) AS n, (SELECT idempotency_key FROM applications WHERE idempotency_key LIKE ${sql(`${marker}%`)} LIMIT 1) AS k; ` +
			`SELECT name FROM pragma_table_info('applications'); ${staffQuery}`,
	);
	const already = Number(seeded[0]?.n ?? 0);
	if (already > 0) {
		const seenSeed = /-s(\d+)-/.exec(String(seeded[0]?.k))?.[1];
		const message = `这个数据库里已经有 ${month} 的示例办件（${already} 件，--seed ${seenSeed}），这次没有改动。办件进程和审计日志只能追加、不能删除，所以同一个月不能重写；要重来，删除本机数据库目录（默认 .wrangler/state）后再运行 npm start 或 npm run db:migrate，然后重新生成。`;
		if (values["if-absent"]) return message;
		throw new SeedError(message);
	}
	// An empty local directory gets the sample staff first, as npm start loads them: the cases need their clerks and agents.
	let staff = found;
	if (staff.length === 0 && !target.remote) {
		seedSample(target, readContent());
		[staff = []] = execute(target, staffQuery);
	}
	const plan = await planMonth(content, staff as unknown as StaffRow[], {
		month,
		seed,
		keys,
		overdueColumn: columns.some((c) => c.name === "overdue_reason"),
	});
	const cases = plan.summary.reduce((s, c) => s + c.cases, 0);
	const record = `${AUDIT} VALUES (${sql(new Date().toISOString())}, ${sql(actor())}, 'seed.month', 'seed', ${sql(month)}, NULL, ${sql(json({ seed, cases, complaints: plan.summary.reduce((s, c) => s + c.complaints, 0), pageFeedback: plan.feedback }))})`;
	executeFile(target, [...plan.ops.map((op) => op.sql), record].join(";\n") + ";\n");
	return [
		`已写入 ${month} 的示例数据（--seed ${seed}，全部虚构）：`,
		"",
		table([
			["中心", "办件", "代办", "办结", "其中超期", "不予受理", "撤回", "月底在办", "补正", "评价", "差评", "投诉建议"],
			...plan.summary.map((s) =>
				[
					s.centre,
					s.cases,
					s.byAgent,
					s.completed,
					s.late,
					s.refused,
					s.withdrawn,
					s.running,
					s.corrections,
					s.ratings,
					s.badRatings,
					s.complaints,
				].map(String),
			),
		]),
		"",
		`另有本页有用吗 ${plan.feedback} 条。办件的 idempotency_key、投诉建议的 request_hash 以 ${marker}s${seed}- 开头；审计日志里有一条 seed.month。`,
	].join("\n");
}

export async function main(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
	try {
		return { status: 0, stdout: await run(argv), stderr: "" };
	} catch (err) {
		if (!(err instanceof SeedError) && !(err instanceof StaffError)) throw err;
		return { status: 1, stdout: "", stderr: `✖ ${err.message}` };
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { status, stdout, stderr } = await main(process.argv.slice(2));
	if (status === 0) console.log(stdout);
	else console.error(stderr);
	process.exitCode = status;
}
