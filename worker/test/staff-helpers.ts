import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { addDays, chinaDate } from "../../core/calendar";
import { type Action, type CaseStatus, TRANSITIONS } from "../../core/case";
import { idCardCheckChar } from "../../core/idcard";
import type { Role } from "../../core/staff";
import worker from "../src/index";
import { STAFF_COOKIE, sessionKeyFrom, signSession } from "../src/lib/staff-session";
import { BASE, type Receipt, submitted, validApplication } from "./helpers";

/**
 * The back office in tests: a staff directory with every role at two centres, callers that ask the
 * Worker as one of those people (the development sign-in's cookie), and cases driven into any state.
 */

/** A developer's machine with the development sign-in on: the only way a cookie identifies anyone. */
export const DEV_VARS: Record<string, string> = { ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "", DEV_SIGN_IN: "true" };

export type Centre = "qingshi" | "baihe";
export const CENTRES: readonly Centre[] = ["qingshi", "baihe"];
/** The village station each centre's agent serves, and where the test applicants live. */
export const STATION: Record<Centre | "heba", string> = { qingshi: "shiqiao", baihe: "songlin", heba: "dongba" };
/** gaoling-jintie's department: the window its cases go to at both centres. */
export const WINDOW = "minzheng";

interface StaffSpec {
	role: Role;
	name: string;
	centre: string | null;
	station?: string;
	window?: string;
	post?: "A" | "B";
}

/** Everyone the tests sign in as. */
export const STAFF = {
	admin: { role: "admin", name: "市管理员", centre: null },
	"qingshi.head": { role: "head", name: "青石主任", centre: "qingshi" },
	"qingshi.clerkA": { role: "clerk", name: "青石民政A", centre: "qingshi", window: WINDOW, post: "A" },
	"qingshi.clerkB": { role: "clerk", name: "青石民政B", centre: "qingshi", window: WINDOW, post: "B" },
	"qingshi.agent": { role: "agent", name: "石桥代办", centre: "qingshi", station: "shiqiao" },
	"baihe.head": { role: "head", name: "白鹤主任", centre: "baihe" },
	"baihe.clerkA": { role: "clerk", name: "白鹤民政A", centre: "baihe", window: WINDOW, post: "A" },
	"baihe.clerkB": { role: "clerk", name: "白鹤民政B", centre: "baihe", window: WINDOW, post: "B" },
	"baihe.agent": { role: "agent", name: "松林代办", centre: "baihe", station: "songlin" },
	/** Same centre, another window (医保), post A. */
	"qingshi.otherWindowA": { role: "clerk", name: "青石医保A", centre: "qingshi", window: "yibao", post: "A" },
	/** Same centre, another station (刘家村). */
	"qingshi.otherAgent": { role: "agent", name: "刘家代办", centre: "qingshi", station: "liujia" },
	/** A third centre, where no case is ever submitted in these tests. */
	"heba.head": { role: "head", name: "河坝主任", centre: "heba" },
	/** A centre only cases written straight into the database belong to: deadline-board counts nothing else disturbs. */
	"board.head": { role: "head", name: "看板主任", centre: "boardtown" },
} as const satisfies Record<string, StaffSpec>;

export type Who = keyof typeof STAFF;
export const WHO = Object.keys(STAFF) as Who[];

/** Whose cases each person may see, written out by hand (not derived from core/staff.ts). */
export const SEES: Record<Who, Centre[]> = {
	admin: ["qingshi", "baihe"],
	"qingshi.head": ["qingshi"],
	"qingshi.clerkA": ["qingshi"],
	"qingshi.clerkB": [],
	"qingshi.agent": ["qingshi"],
	"baihe.head": ["baihe"],
	"baihe.clerkA": ["baihe"],
	"baihe.clerkB": [],
	"baihe.agent": ["baihe"],
	"qingshi.otherWindowA": [],
	"qingshi.otherAgent": [],
	"heba.head": [],
	"board.head": [],
};

/**
 * Inserts the directory (idempotent: the emails are unique per `tag`) and answers each person's id.
 * `tag` keeps two test files apart should they ever share a database.
 */
export async function seedStaff(tag: string): Promise<Record<Who, number>> {
	const at = new Date().toISOString();
	const email = (who: Who) => `${tag}.${who}@example.gov.cn`.toLowerCase();
	await env.DB.batch(
		WHO.map((who) => {
			const s: StaffSpec = STAFF[who];
			return env.DB.prepare(
				`INSERT INTO staff (email, name, role, centre_slug, station_slug, window_department, post, absent, active, created_at, updated_at)
				 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 1, ?8, ?8) ON CONFLICT (email) DO NOTHING`,
			).bind(email(who), s.name, s.role, s.centre, s.station ?? null, s.window ?? null, s.post ?? null, at);
		}),
	);
	const ids = {} as Record<Who, number>;
	for (const who of WHO) {
		const row = await env.DB.prepare("SELECT id FROM staff WHERE email = ?1").bind(email(who)).first<{ id: number }>();
		ids[who] = row!.id;
	}
	return ids;
}

/** Marks a staff member absent (AB岗) or back. */
export async function setAbsent(id: number, absent: boolean): Promise<void> {
	await env.DB.prepare("UPDATE staff SET absent = ?2 WHERE id = ?1")
		.bind(id, absent ? 1 : 0)
		.run();
}

/** Calls the Worker the way a browser on the developer's machine would, with `vars` over the test env. */
export async function fetchApp(path: string, init: RequestInit = {}, vars: Record<string, string> = DEV_VARS): Promise<Response> {
	const ctx = createExecutionContext();
	const res = await worker.fetch(new Request(`${BASE}${path}`, { redirect: "manual", ...init }), { ...env, ...vars }, ctx);
	await waitOnExecutionContext(ctx);
	return res;
}

/** A session cookie value for a staff id, as the development sign-in signs it (optionally as of `now`). */
export async function sessionFor(staffId: number, now?: Date): Promise<string> {
	return signSession(await sessionKeyFrom(env.PII_KEY)!, staffId, now);
}

export type Caller = (path: string, init?: RequestInit) => Promise<Response>;

/** A caller that sends `cookie` (a full `name=value`, or null for none) with every request. */
export function callerWith(cookie: string | null, vars: Record<string, string> = DEV_VARS): Caller {
	return (path, init = {}) => {
		const headers = new Headers(init.headers);
		if (cookie !== null) headers.set("Cookie", cookie);
		return fetchApp(path, { ...init, headers }, vars);
	};
}

/** A caller signed in as this staff member (a freshly signed session cookie). */
export async function as(staffId: number): Promise<Caller> {
	return callerWith(`${STAFF_COOKIE}=${await sessionFor(staffId)}`);
}

/** Signs in through the development sign-in form itself and answers a caller with the cookie it set. */
export async function signInThroughForm(staffId: number): Promise<Caller> {
	const res = await fetchApp("/staff/sign-in/", {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
		body: new URLSearchParams([["staff", String(staffId)]]).toString(),
	});
	if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
	return callerWith(res.headers.get("Set-Cookie")!.split(";")[0]);
}

// --- the case API ------------------------------------------------------------------------------

export interface CaseSummary {
	trackingNo: string;
	item: { code: string; name: string };
	centre: string;
	station: string;
	window: string;
	status: CaseStatus;
	statusCode: string;
	acceptedOn: string | null;
	clockStartsOn: string | null;
	clock: {
		kind: "answer" | "finish";
		unit: string;
		dueOn: string;
		remaining: number;
		colour: "green" | "yellow" | "red";
		paused: boolean;
		provisional: boolean;
		legal: { dueOn: string; overdue: boolean } | null;
	} | null;
	deemedAccepted: boolean;
	firstHandler: { id: number; name: string } | null;
	version?: number;
}

export interface CaseDetail extends CaseSummary {
	version: number;
	applicant: { name: string; phone: string; idNumber: string };
	timeline: { at: string; kind: string; status: CaseStatus; actor: string; staff: string | null; note: string | null }[];
}

export interface CaseList {
	cases: CaseSummary[];
	counts: { green: number; yellow: number; red: number; legal: number };
	/** 视为受理 and not yet 受理 by a clerk (the board's 视为受理 count). */
	deemedAccepted: number;
}

export interface Envelope {
	errors: { code: string; message: string; field?: string }[];
}

export const listPath = (query: Record<string, string> = {}) => {
	const q = new URLSearchParams(query).toString();
	return `/api/staff/cases${q ? `?${q}` : ""}`;
};

export const casePath = (trackingNo: string) => `/api/staff/cases/${encodeURIComponent(trackingNo)}`;

export const postJsonInit = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
	method: "POST",
	headers: { "Content-Type": "application/json", Origin: BASE, ...headers },
	body: typeof body === "string" ? body : JSON.stringify(body),
});

export const act = (caller: Caller, trackingNo: string, body: unknown, headers: Record<string, string> = {}) =>
	caller(`${casePath(trackingNo)}/actions`, postJsonInit(body, headers));

export const reveal = (caller: Caller, trackingNo: string, headers: Record<string, string> = {}) =>
	caller(`${casePath(trackingNo)}/reveal-id`, { method: "POST", headers: { Origin: BASE, ...headers } });

/** The detail as the staff member sees it; throws unless 200. */
export async function detail(caller: Caller, trackingNo: string): Promise<CaseDetail> {
	const res = await caller(casePath(trackingNo));
	if (res.status !== 200) throw new Error(`detail answered ${res.status}: ${await res.text()}`);
	return res.json<CaseDetail>();
}

/** POST /api/staff/cases/search with the filter as JSON. */
export const search = (caller: Caller, query: Record<string, string>) =>
	caller("/api/staff/cases/search", {
		method: "POST",
		headers: { "Content-Type": "application/json", Origin: BASE },
		body: JSON.stringify(query),
	});

/** The list as the staff member sees it; throws unless 200. */
export async function list(caller: Caller, query: Record<string, string> = {}): Promise<CaseList> {
	// A search by phone or ID number goes by POST: personal data never travels in the address.
	const res = query.q ? await search(caller, query) : await caller(listPath(query));
	if (res.status !== 200) throw new Error(`list answered ${res.status}: ${await res.text()}`);
	return res.json<CaseList>();
}

/** A valid command for `action` with the input it needs. */
export function commandFor(action: Action, version: number): Record<string, unknown> {
	switch (action) {
		case "accept":
		case "start":
		case "resume":
			return { action, version };
		case "request_correction":
			return { action, version, items: [{ name: "户口簿复印件", reason: "上传的照片看不清户主页" }] };
		case "refuse":
			return { action, version, reason: "申请人未满80周岁" };
		case "withdraw":
			return { action, version, reason: "申请人电话要求撤回" };
		case "suspend":
			// 鉴定: one of 行政许可法第四十五条's procedures, so only a 行政许可 item's case takes it.
			return { action, version, procedure: "鉴定", expectedBy: addDays(chinaDate(new Date()), 20), reason: "需要入户核查" };
		case "extend":
			return { action, version, reason: "需要到县里调取经营场所的产权档案" };
		case "complete":
			return { action, version, outcome: "approved", result: "经审核符合条件，予以批准", delivery: "代办员送达" };
		case "forward":
			return { action, version, to: "县民政局" };
		case "answer_correction":
			return { action, version };
	}
}

/** The staff actions that lead from `submitted` to each state (answer_correction is the applicant's). */
export const PATH_TO: Record<CaseStatus, Action[]> = {
	submitted: [],
	accepted: ["accept"],
	correction: ["request_correction"],
	not_accepted: ["refuse"],
	withdrawn: ["withdraw"],
	in_progress: ["accept", "start"],
	suspended: ["accept", "start", "suspend"],
	completed: ["accept", "start", "complete"],
	forwarded: ["accept", "start", "forward"],
};

/** A state from which `action` is allowed. */
export const fromState = (action: Action): CaseStatus => TRANSITIONS[action].from[0];

export interface TestCase extends Receipt {
	id: number;
	idNumber: string;
	phone: string;
}

let sequence = 0;

/** A valid ID number of someone born in 1940 with a sequence number of our choosing. */
export function idNumberFor(n: number): string {
	const first17 = `11010519400512${String(n % 1000).padStart(3, "0")}`;
	return first17 + idCardCheckChar(first17);
}

/** A mobile number no other case in the file shares (unless asked for). */
export const uniquePhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

/**
 * A 行政许可 application (个体工商户登记, getihu-dengji), whose acceptance 行政许可法第三十二条 times; the
 * default application (高龄津贴, 行政给付) has no such rule.
 */
export function permitApplication(): ReturnType<typeof validApplication> {
	return {
		...validApplication(),
		item: "getihu-dengji",
		answers: {
			registrationType: "新办营业执照",
			organisation: "个人经营",
			premisesAddress: "石桥村村口12号",
			premisesUse: "自己的房屋",
			businessScope: "日用百货零售",
		} as unknown as ReturnType<typeof validApplication>["answers"],
	};
}

/** Submits an application (高龄津贴 unless told) at `centre` and answers the receipt with the row id. */
export async function newCase(
	centre: Centre | "heba" = "qingshi",
	applicant: { phone?: string; idNumber?: string } = {},
	body = validApplication(),
): Promise<TestCase> {
	body.centre = centre;
	body.applicant.village = STATION[centre];
	const phone = applicant.phone ?? body.applicant.phone;
	const idNumber = applicant.idNumber ?? idNumberFor(++sequence);
	body.applicant.phone = phone;
	body.applicant.idNumber = idNumber;
	const receipt = await submitted(body);
	const row = await env.DB.prepare("SELECT id FROM applications WHERE tracking_no = ?1").bind(receipt.trackingNo).first<{ id: number }>();
	return { ...receipt, id: row!.id, idNumber, phone };
}

/** Drives a case from submitted to `status` through the API, as `caller`; throws on any refusal. */
export async function driveTo(caller: Caller, trackingNo: string, status: CaseStatus): Promise<void> {
	const { item } = (await env.DB.prepare("SELECT item_code AS item FROM applications WHERE tracking_no = ?1").bind(trackingNo).first<{
		item: string;
	}>())!;
	// 高龄津贴 has no procedure its law leaves out of the limit, so nobody may suspend it: a case of it is put
	// into 挂起 the way a suspension would leave it, for the tests of what follows (恢复办理, the board).
	const arranged = status === "suspended" && item !== "getihu-dengji";
	for (const action of arranged ? PATH_TO.in_progress : PATH_TO[status]) {
		const { version } = await row(trackingNo);
		const res = await act(caller, trackingNo, commandFor(action, version));
		if (res.status !== 200) throw new Error(`${action} answered ${res.status}: ${await res.text()}`);
	}
	if (arranged)
		await env.DB.prepare(
			"UPDATE applications SET status = 'suspended', version = version + 1, suspensions_json = ?2 WHERE tracking_no = ?1",
		)
			.bind(trackingNo, JSON.stringify([{ from: chinaDate(new Date()), to: null }]))
			.run();
}

// --- the database, read directly ---------------------------------------------------------------

export interface CaseRow {
	id: number;
	status: CaseStatus;
	version: number;
	first_handler_id: number | null;
	accepted_on: string | null;
	suspensions_json: string;
	outcome: string | null;
	closed_at: string | null;
}

export async function row(trackingNo: string): Promise<CaseRow> {
	const r = await env.DB.prepare(
		`SELECT id, status, version, first_handler_id, accepted_on, suspensions_json, outcome, closed_at FROM applications WHERE tracking_no = ?1`,
	)
		.bind(trackingNo)
		.first<CaseRow>();
	if (!r) throw new Error(`no case ${trackingNo}`);
	return r;
}

export async function eventCount(caseId: number): Promise<number> {
	const r = await env.DB.prepare("SELECT count(*) AS n FROM application_events WHERE application_id = ?1")
		.bind(caseId)
		.first<{ n: number }>();
	return r!.n;
}

export interface AuditRow {
	id: number;
	created_at: string;
	actor: string;
	action: string;
	subject_type: string;
	subject_id: string;
	before_json: string | null;
	after_json: string | null;
}

/** The audit rows about a case, oldest first, optionally of one action. */
export async function auditRows(trackingNo: string, action?: string): Promise<AuditRow[]> {
	const { results } = await env.DB.prepare(
		`SELECT * FROM audit_entries WHERE subject_type = 'application' AND subject_id = ?1 AND (?2 IS NULL OR action = ?2) ORDER BY id`,
	)
		.bind(trackingNo, action ?? null)
		.all<AuditRow>();
	return results;
}

/** Everything a refused command must leave alone. */
export async function snapshot(c: { id: number; trackingNo: string }) {
	const r = await row(c.trackingNo);
	return {
		status: r.status,
		version: r.version,
		firstHandler: r.first_handler_id,
		events: await eventCount(c.id),
		audit: (await auditRows(c.trackingNo)).length,
		corrections: (await env.DB.prepare("SELECT count(*) AS n FROM corrections WHERE application_id = ?1")
			.bind(c.id)
			.first<{ n: number }>())!.n,
	};
}

// --- the citizen's side ------------------------------------------------------------------------

export interface CitizenView {
	status: string;
	next: string;
	answerBy: string | null;
	timeline: { at: string; status: string; statusLabel: string; note: string | null }[];
	correction: { respondBy: string; items: { id: string; name: string; reason: string }[] } | null;
}

/** POST /api/applications/lookup as the applicant; throws unless 200. */
export async function lookup(c: Receipt): Promise<CitizenView> {
	const res = await fetchApp("/api/applications/lookup", postJsonInit({ trackingNo: c.trackingNo, queryCode: c.queryCode }), {});
	if (res.status !== 200) throw new Error(`lookup answered ${res.status}: ${await res.text()}`);
	return res.json<CitizenView>();
}

/** The applicant answers the open 补正 notice, supplying every listed item. */
export async function answerCorrection(c: Receipt): Promise<Response> {
	const view = await lookup(c);
	const supplied = view.correction?.items.map((i) => i.id) ?? ["c1"];
	return fetchApp("/api/applications/correction", postJsonInit({ trackingNo: c.trackingNo, queryCode: c.queryCode, supplied }), {});
}
