import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { BASE } from "./helpers";
import { type Caller, WHO, type Who, as, callerWith, fetchApp, postJsonInit, seedStaff } from "./staff-helpers";

/**
 * 投诉建议 in the back office: who sees which complaint (role × centre × window/station), 首问负责 (the
 * first to open one owns it), the actions (确认收到, one 延期, 答复, 转交) by JSON and by plain form,
 * refusals that write nothing, the clock on real 2026 dates, the board's counts and the audit trail.
 */

let ids: Record<Who, number>;
let callers: Record<Who, Caller>;
beforeAll(async () => {
	ids = await seedStaff("complaints");
	callers = {} as Record<Who, Caller>;
	for (const who of WHO) callers[who] = await as(ids[who]);
});
afterEach(() => void vi.useRealTimers());

interface Filed {
	trackingNo: string;
	queryCode: string;
}

let sequence = 0;

/** Files a complaint through the citizen's route; each one's words differ, so none is taken for a double post. */
async function file(over: Record<string, unknown> = {}): Promise<Filed> {
	const n = ++sequence;
	const body = {
		type: "投诉",
		centre: "qingshi",
		title: `中午窗口没人办理${n}`,
		content: `3月2日中午去办高龄津贴，民政窗口一直没有人。第${n}次`,
		replyByPhone: false,
		asPetition: false,
		consent: true,
		...over,
	};
	const res = await fetchApp("/api/complaints", postJsonInit(body), {});
	if (res.status !== 201) throw new Error(`filing answered ${res.status}: ${await res.text()}`);
	return res.json<Filed>();
}

/** The four places a complaint may name in the matrix. */
const PLACES = {
	qingshiWindow: { centre: "qingshi", station: "shiqiao", window: "minzheng" },
	qingshiCentre: { centre: "qingshi" },
	baiheWindow: { centre: "baihe", station: "songlin", window: "minzheng" },
	baiheCentre: { centre: "baihe" },
} as const;
type Place = keyof typeof PLACES;
const PLACE_NAMES = Object.keys(PLACES) as Place[];

/** Which complaints each person sees, written out by hand (not derived from the service). */
const SEES: Record<Who, Place[]> = {
	admin: ["qingshiWindow", "qingshiCentre", "baiheWindow", "baiheCentre"],
	"qingshi.head": ["qingshiWindow", "qingshiCentre"],
	"qingshi.clerkA": ["qingshiWindow"],
	"qingshi.clerkB": ["qingshiWindow"],
	"qingshi.agent": ["qingshiWindow"],
	"baihe.head": ["baiheWindow", "baiheCentre"],
	"baihe.clerkA": ["baiheWindow"],
	"baihe.clerkB": ["baiheWindow"],
	"baihe.agent": ["baiheWindow"],
	"qingshi.otherWindowA": [],
	"qingshi.otherAgent": [],
	"heba.head": [],
	"board.head": [],
};
const AGENTS: Who[] = ["qingshi.agent", "baihe.agent", "qingshi.otherAgent"];

const path = (no: string) => `/api/staff/complaints/${no}`;

interface Detail {
	trackingNo: string;
	status: string;
	version: number;
	handler: { id: number; name: string } | null;
	phone: string | null;
	name: string | null;
	content: string;
	actions: string[];
	clock: { acknowledgeBy: string; answerBy: string; overdueDays: number; late: boolean; unit: string; basis: string };
	escalated: boolean;
	extensionReason: string | null;
	timeline: { kind: string; note: string | null; staff: string | null }[];
}

async function open(caller: Caller, no: string): Promise<Detail> {
	const res = await caller(path(no));
	if (res.status !== 200) throw new Error(`detail answered ${res.status}: ${await res.text()}`);
	return res.json<Detail>();
}

const act = (caller: Caller, no: string, body: unknown, headers: Record<string, string> = {}) =>
	caller(`${path(no)}/actions`, postJsonInit(body, headers));

const postForm = (caller: Caller, url: string, entries: [string, string][], headers: Record<string, string> = {}) =>
	caller(url, {
		method: "POST",
		headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...headers },
		body: new URLSearchParams(entries).toString(),
	});

const actForm = (caller: Caller, no: string, entries: [string, string][]) => postForm(caller, `/staff/complaints/${no}/actions/`, entries);

async function row(no: string) {
	return (await env.DB.prepare("SELECT id, status, version, handler_id, extended_at FROM complaints WHERE tracking_no = ?1")
		.bind(no)
		.first<{
			id: number;
			status: string;
			version: number;
			handler_id: number | null;
			extended_at: string | null;
		}>())!;
}

async function audit(no: string) {
	const { results } = await env.DB.prepare(
		"SELECT actor, action, before_json, after_json FROM audit_entries WHERE subject_type = 'complaint' AND subject_id = ?1 ORDER BY id",
	)
		.bind(no)
		.all<{ actor: string; action: string; before_json: string | null; after_json: string | null }>();
	return results;
}

/** Everything a refused action must leave alone. */
async function snapshot(no: string) {
	const r = await row(no);
	const events = await env.DB.prepare("SELECT count(*) AS n FROM complaint_events WHERE complaint_id = ?1")
		.bind(r.id)
		.first<{ n: number }>();
	return { ...r, events: events!.n, audit: (await audit(no)).length };
}

const codes = async (res: Response) => (await res.json<{ errors: { code: string; field?: string }[] }>()).errors;

describe("who sees and handles which complaint (role × centre × window/station)", () => {
	const all: Record<Place, Filed> = {} as Record<Place, Filed>;
	beforeAll(async () => {
		for (const p of PLACE_NAMES) all[p] = await file(PLACES[p]);
	});

	it.each(WHO)("%s: the list (JSON and page) holds exactly the complaints in scope", async (who) => {
		const res = await callers[who]("/api/staff/complaints");
		expect(res.status).toBe(200);
		const list = await res.json<{ complaints: { trackingNo: string }[]; counts: { open: number; late: number; replied: number } }>();
		const ours = new Set(PLACE_NAMES.map((p) => all[p].trackingNo));
		const seen = list.complaints.map((c) => c.trackingNo).filter((no) => ours.has(no));
		expect(seen.sort()).toEqual(SEES[who].map((p) => all[p].trackingNo).sort());
		const page = await callers[who]("/staff/complaints/");
		expect(page.status).toBe(200);
		const html = await page.text();
		for (const p of PLACE_NAMES) expect(html.includes(`/staff/complaints/${all[p].trackingNo}/`)).toBe(SEES[who].includes(p));
		expect(html).toContain('content="noindex, nofollow"');
	});

	it.each(WHO)("%s: the detail and an action (JSON and plain form) on a fresh complaint at each place", async (who) => {
		for (const place of PLACE_NAMES) {
			const sees = SEES[who].includes(place);
			const byJson = await file(PLACES[place]);
			const byForm = await file(PLACES[place]);
			const detail = await callers[who](path(byJson.trackingNo));
			expect(detail.status, `${who} GET ${place}`).toBe(sees ? 200 : 404);
			const page = await callers[who](`/staff/complaints/${byForm.trackingNo}/`);
			expect(page.status, `${who} page ${place}`).toBe(sees ? 200 : 404);
			const before = await snapshot(byJson.trackingNo);
			const json = await act(callers[who], byJson.trackingNo, { action: "acknowledge", version: before.version });
			const form = await actForm(callers[who], byForm.trackingNo, [
				["action", "acknowledge"],
				["version", String((await row(byForm.trackingNo)).version)],
			]);
			const expected = !sees ? 404 : AGENTS.includes(who) ? 403 : 200;
			expect(json.status, `${who} acts on ${place}`).toBe(expected);
			expect(form.status, `${who} form on ${place}`).toBe(expected === 200 ? 303 : expected);
			if (expected === 200) {
				// The first to open it owns it (首问负责), and acknowledged it.
				expect(await row(byJson.trackingNo)).toMatchObject({ status: "acknowledged", handler_id: ids[who] });
				expect(form.headers.get("Location")).toBe(`/staff/complaints/${byForm.trackingNo}/?done=acknowledge`);
			} else {
				expect(await snapshot(byJson.trackingNo)).toEqual(before);
				expect((await row(byForm.trackingNo)).status).toBe("received");
			}
			if (expected === 404) expect((await codes(json))[0].code).toBe("not_found");
		}
	});

	it("an unknown number and one outside the scope answer the same bytes", async () => {
		const baihe = all.baiheCentre.trackingNo;
		const outside = await callers["qingshi.head"](path(baihe));
		const unknown = await callers["qingshi.head"](path("ZZZZ-ZZZZ"));
		expect(outside.status).toBe(404);
		expect(await outside.text()).toBe(await unknown.text());
	});

	it("an agent reads the station's complaint without becoming its owner", async () => {
		const c = await file(PLACES.qingshiWindow);
		const d = await open(callers["qingshi.agent"], c.trackingNo);
		expect(d.handler).toBeNull();
		expect(d.actions).toEqual([]);
		const page = await (await callers["qingshi.agent"](`/staff/complaints/${c.trackingNo}/`)).text();
		expect(page).toContain("代办员可以查看本村的投诉建议");
		expect(page).toMatch(/id="complaint-action-acknowledge"[^>]*hidden/);
		// The head opening the same complaint becomes its owner and gets the form.
		const head = await (await callers["qingshi.head"](`/staff/complaints/${c.trackingNo}/`)).text();
		expect(head).not.toMatch(/id="complaint-action-acknowledge"[^>]*hidden/);
		expect(head).toContain(`action="/staff/complaints/${c.trackingNo}/actions/"`);
	});
});

describe("首问负责 and 转交", () => {
	it("reading changes nothing; the first clerk who acts owns it; a second clerk cannot act (403); the head hands it over, audited", async () => {
		const c = await file(PLACES.qingshiWindow);
		// Reading is no claim (state never changes on GET): both clerks and the head may read it.
		for (const who of ["qingshi.clerkB", "qingshi.head", "qingshi.clerkA"] as const)
			expect((await open(callers[who], c.trackingNo)).handler).toBeNull();
		const read = await open(callers["qingshi.clerkA"], c.trackingNo);
		const first = await act(callers["qingshi.clerkA"], c.trackingNo, { action: "acknowledge", version: read.version });
		expect(first.status).toBe(200);
		expect((await first.json<Detail>()).handler).toEqual({ id: ids["qingshi.clerkA"], name: "青石民政A" });
		expect(await audit(c.trackingNo)).toContainEqual(
			expect.objectContaining({ actor: `staff:${ids["qingshi.clerkA"]}`, action: "complaint.acknowledged" }),
		);
		const second = await open(callers["qingshi.clerkB"], c.trackingNo);
		expect(second.handler?.id).toBe(ids["qingshi.clerkA"]);
		expect(second.actions).toEqual([]);

		const before = await snapshot(c.trackingNo);
		const refused = await act(callers["qingshi.clerkB"], c.trackingNo, { action: "extend", version: before.version, reason: "要核实" });
		expect(refused.status).toBe(403);
		expect((await codes(refused))[0].code).toBe("forbidden");
		expect(await snapshot(c.trackingNo)).toEqual(before);
		const page = await (await callers["qingshi.clerkB"](`/staff/complaints/${c.trackingNo}/`)).text();
		expect(page).toContain("承办人是青石民政A（首问负责）");
		const pageRefused = await actForm(callers["qingshi.clerkB"], c.trackingNo, [
			["action", "extend"],
			["version", String(before.version)],
			["reason", "要核实"],
		]);
		expect(pageRefused.status).toBe(403);
		expect(await pageRefused.text()).toContain("由承办人（首问负责）处理");

		const handed = await act(callers["qingshi.head"], c.trackingNo, {
			action: "handover",
			version: before.version,
			to: ids["qingshi.otherWindowA"],
		});
		expect(handed.status).toBe(200);
		expect((await handed.json<Detail>()).handler?.id).toBe(ids["qingshi.otherWindowA"]);
		const entry = (await audit(c.trackingNo)).find((a) => a.action === "complaint.handed_over")!;
		expect(entry.actor).toBe(`staff:${ids["qingshi.head"]}`);
		expect(JSON.parse(entry.after_json!)).toEqual({ from: ids["qingshi.clerkA"], to: ids["qingshi.otherWindowA"] });
		// Handed to another window's clerk, who now sees and answers it; the first owner no longer acts.
		const now = await row(c.trackingNo);
		expect((await act(callers["qingshi.clerkA"], c.trackingNo, { action: "extend", version: now.version, reason: "要核实" })).status).toBe(
			403,
		);
		expect((await open(callers["qingshi.otherWindowA"], c.trackingNo)).actions).toContain("reply");
		expect(
			(await act(callers["qingshi.otherWindowA"], c.trackingNo, { action: "extend", version: now.version, reason: "要调取录像" })).status,
		).toBe(200);
	});

	it("the page's handover offers the centre's heads and clerks, never an agent or another centre's staff", async () => {
		const c = await file(PLACES.qingshiWindow);
		const read = await open(callers["qingshi.clerkA"], c.trackingNo);
		await act(callers["qingshi.clerkA"], c.trackingNo, { action: "acknowledge", version: read.version });
		const html = await (await callers["qingshi.head"](`/staff/complaints/${c.trackingNo}/`)).text();
		const offered = [...html.matchAll(/name="to" value="(\d+)"/g)].map((m) => Number(m[1]));
		expect(offered).toContain(ids["qingshi.head"]);
		expect(offered).toContain(ids["qingshi.otherWindowA"]);
		// clerkA acted first and owns it: not offered to themself.
		expect(offered).not.toContain(ids["qingshi.clerkA"]);
		for (const who of ["qingshi.agent", "baihe.clerkA", "baihe.head", "admin"] as const) expect(offered).not.toContain(ids[who]);
	});

	it.each([
		["an agent", "qingshi.agent"],
		["another centre's clerk", "baihe.clerkA"],
		["the admin", "admin"],
	] as const)("refuses a handover to %s (422 on to), writing nothing", async (_, who) => {
		const c = await file(PLACES.qingshiWindow);
		await open(callers["qingshi.head"], c.trackingNo);
		const before = await snapshot(c.trackingNo);
		const res = await act(callers["qingshi.head"], c.trackingNo, { action: "handover", version: before.version, to: ids[who] });
		expect(res.status).toBe(422);
		expect((await codes(res)).map((e) => e.field)).toEqual(["to"]);
		expect(await snapshot(c.trackingNo)).toEqual(before);
	});
});

describe("确认收到 → 延期 once → 答复", () => {
	it("runs the whole way, each step on the timeline and in the audit log; a second 延期 is 409, and nothing follows the answer", async () => {
		const c = await file(PLACES.qingshiWindow);
		const clerk = callers["qingshi.clerkA"];
		let d = await open(clerk, c.trackingNo);
		expect(d.actions).toEqual(["acknowledge", "handover"]);
		let res = await act(clerk, c.trackingNo, { action: "acknowledge", version: d.version, note: "已联系窗口负责人核实" });
		expect(res.status).toBe(200);
		d = await res.json<Detail>();
		expect(d.status).toBe("acknowledged");
		expect(d.actions).toEqual(["extend", "reply", "handover"]);
		res = await act(clerk, c.trackingNo, { action: "extend", version: d.version, reason: "需要调取当天的监控录像" });
		expect(res.status).toBe(200);
		d = await res.json<Detail>();
		expect(d.extensionReason).toBe("需要调取当天的监控录像");
		expect(d.actions).toEqual(["reply", "handover"]);
		const before = await snapshot(c.trackingNo);
		const again = await act(clerk, c.trackingNo, { action: "extend", version: d.version, reason: "还要再核实" });
		expect(again.status).toBe(409);
		expect((await codes(again))[0].code).toBe("complaint_state");
		expect(await snapshot(c.trackingNo)).toEqual(before);
		res = await act(clerk, c.trackingNo, {
			action: "reply",
			version: d.version,
			verdict: "支持",
			reply: "已批评教育当班人员，今后中午安排专人值守。",
		});
		expect(res.status).toBe(200);
		d = await res.json<Detail>();
		expect(d.status).toBe("replied");
		expect(d.actions).toEqual([]);
		expect((await act(clerk, c.trackingNo, { action: "handover", version: d.version, to: ids["qingshi.clerkB"] })).status).toBe(409);
		expect(d.timeline.map((e) => e.kind)).toEqual(["filed", "acknowledged", "extended", "replied"]);
		expect(d.timeline.at(-1)?.note).toBe("答复（支持）：已批评教育当班人员，今后中午安排专人值守。");
		const actions = (await audit(c.trackingNo)).map((a) => [a.actor, a.action]);
		const staff = `staff:${ids["qingshi.clerkA"]}`;
		expect(actions).toEqual([
			["citizen", "complaint.create"],
			[staff, "complaint.acknowledged"],
			[staff, "complaint.extended"],
			[staff, "complaint.replied"],
		]);
		const page = await (await clerk(`/staff/complaints/${c.trackingNo}/`)).text();
		expect(page).toContain("已批评教育当班人员");
		expect(page).toContain("需要调取当天的监控录像");
		expect(page).toContain("没有可以做的处理");
	});

	it("refuses a stale version (two clerks at once) with 409, writing nothing", async () => {
		const c = await file(PLACES.qingshiWindow);
		const d = await open(callers["qingshi.head"], c.trackingNo);
		expect((await act(callers["qingshi.head"], c.trackingNo, { action: "acknowledge", version: d.version })).status).toBe(200);
		const before = await snapshot(c.trackingNo);
		const stale = await act(callers.admin, c.trackingNo, { action: "extend", version: d.version, reason: "需要调取录像" });
		expect(stale.status).toBe(409);
		expect((await codes(stale))[0].code).toBe("stale");
		expect(await snapshot(c.trackingNo)).toEqual(before);
		const page = await actForm(callers["qingshi.head"], c.trackingNo, [
			["action", "extend"],
			["version", String(d.version)],
			["reason", "需要调取录像"],
		]);
		expect(page.status).toBe(409);
		expect(await snapshot(c.trackingNo)).toEqual(before);
	});
});

describe("bad action bodies: 422, nothing written", () => {
	const cases: [string, (version: number, staff: Record<Who, number>) => unknown, string][] = [
		["an empty body", () => ({}), "action"],
		["an unknown action", (v) => ({ action: "close", version: v }), "action"],
		["an unknown key", (v) => ({ action: "acknowledge", version: v, status: "replied" }), "status"],
		["a server-owned key", (v) => ({ action: "acknowledge", version: v, handler: 1 }), "handler"],
		["__proto__", (v) => `{"action":"acknowledge","version":${v},"__proto__":{"x":1}}`, "__proto__"],
		["a version that is text", () => ({ action: "acknowledge", version: "abc" }), "version"],
		["a version that is a boolean", () => ({ action: "acknowledge", version: true }), "version"],
		["a version that is a decimal", (v) => ({ action: "acknowledge", version: v + 0.5 }), "version"],
		["a note that is a number", (v) => ({ action: "acknowledge", version: v, note: 5 }), "note"],
		["a note with markup", (v) => ({ action: "acknowledge", version: v, note: "<script>alert(1)</script>" }), "note"],
		["a note that starts a formula", (v) => ({ action: "acknowledge", version: v, note: "=HYPERLINK(1)" }), "note"],
		["a note with a control character", (v) => ({ action: "acknowledge", version: v, note: "已收到\u0000" }), "note"],
		["a note of 1,001 characters", (v) => ({ action: "acknowledge", version: v, note: "字".repeat(1001) }), "note"],
		["a handover to an agent", (v, s) => ({ action: "handover", version: v, to: s["qingshi.agent"] }), "to"],
		["a handover to another centre's head", (v, s) => ({ action: "handover", version: v, to: s["baihe.head"] }), "to"],
		["a handover to nobody", (v) => ({ action: "handover", version: v, to: "" }), "to"],
		["a handover to an array", (v) => ({ action: "handover", version: v, to: [1] }), "to"],
		["the action as an array", (v) => ({ action: ["handover"], version: v, to: 1 }), "action"],
	];
	it.each(cases)("%s", async (_, body, field) => {
		const c = await file(PLACES.qingshiWindow);
		const d = await open(callers["qingshi.head"], c.trackingNo);
		const before = await snapshot(c.trackingNo);
		const res = await act(callers["qingshi.head"], c.trackingNo, body(d.version, ids));
		expect(res.status).toBe(422);
		expect((await codes(res)).map((e) => e.field)).toContain(field);
		expect(await snapshot(c.trackingNo)).toEqual(before);
	});

	const acknowledged: [string, (version: number) => unknown, string][] = [
		["an empty 延期 reason", (v) => ({ action: "extend", version: v, reason: "" }), "reason"],
		["a 延期 reason of spaces", (v) => ({ action: "extend", version: v, reason: "   " }), "reason"],
		["a 延期 without a reason", (v) => ({ action: "extend", version: v }), "reason"],
		["a 延期 reason with markup", (v) => ({ action: "extend", version: v, reason: '"><img src=x onerror=alert(1)>' }), "reason"],
		["a verdict not in the list", (v) => ({ action: "reply", version: v, verdict: "同意", reply: "已处理" }), "verdict"],
		["a verdict that is a number", (v) => ({ action: "reply", version: v, verdict: 1, reply: "已处理" }), "verdict"],
		["an empty answer", (v) => ({ action: "reply", version: v, verdict: "支持", reply: "" }), "reply"],
		["an answer that starts a formula", (v) => ({ action: "reply", version: v, verdict: "支持", reply: "+86 已回电" }), "reply"],
	];
	it.each(acknowledged)("%s", async (_, body, field) => {
		const c = await file(PLACES.qingshiWindow);
		const d = await open(callers["qingshi.head"], c.trackingNo);
		expect((await act(callers["qingshi.head"], c.trackingNo, { action: "acknowledge", version: d.version })).status).toBe(200);
		const before = await snapshot(c.trackingNo);
		const res = await act(callers["qingshi.head"], c.trackingNo, body(before.version));
		expect(res.status).toBe(422);
		expect((await codes(res)).map((e) => e.field)).toContain(field);
		expect(await snapshot(c.trackingNo)).toEqual(before);
	});

	it("the page shows the form again with the error on its field and what was typed (422)", async () => {
		const c = await file(PLACES.qingshiWindow);
		const d = await open(callers["qingshi.head"], c.trackingNo);
		await act(callers["qingshi.head"], c.trackingNo, { action: "acknowledge", version: d.version });
		const before = await snapshot(c.trackingNo);
		const res = await actForm(callers["qingshi.head"], c.trackingNo, [
			["action", "reply"],
			["version", String(before.version)],
			["verdict", "解释说明"],
			["reply", "<b>已处理</b>"],
		]);
		expect(res.status).toBe(422);
		const html = await res.text();
		expect(html).toMatch(/<title>错误：/);
		expect(html).toContain('href="#f-reply-reply"');
		expect(html).toMatch(/<textarea[^>]*id="f-reply-reply"[^>]*aria-invalid="true"[^>]*>&lt;b&gt;已处理&lt;\/b&gt;<\/textarea>/);
		expect(html).toMatch(/id="f-verdict-reply-2"[^>]*value="解释说明"[^>]*checked/);
		expect(html).not.toContain("<b>已处理</b>");
		expect(await snapshot(c.trackingNo)).toEqual(before);
	});

	it("an empty 延期 reason on the page: 422 on the reason", async () => {
		const c = await file(PLACES.qingshiWindow);
		const d = await open(callers["qingshi.head"], c.trackingNo);
		await act(callers["qingshi.head"], c.trackingNo, { action: "acknowledge", version: d.version });
		const before = await snapshot(c.trackingNo);
		const res = await actForm(callers["qingshi.head"], c.trackingNo, [
			["action", "extend"],
			["version", String(before.version)],
			["reason", ""],
		]);
		expect(res.status).toBe(422);
		expect(await res.text()).toContain('href="#f-reason-extend"');
		expect(await snapshot(c.trackingNo)).toEqual(before);
	});
});

describe("the guards", () => {
	it("refuses a cross-site post (API and page) with 403, writing nothing", async () => {
		const c = await file(PLACES.qingshiWindow);
		const d = await open(callers["qingshi.head"], c.trackingNo);
		const before = await snapshot(c.trackingNo);
		for (const headers of [{ Origin: "https://evil.example" }, { Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }] as Record<
			string,
			string
		>[]) {
			const res = await act(callers["qingshi.head"], c.trackingNo, { action: "acknowledge", version: d.version }, headers);
			expect(res.status).toBe(403);
			expect((await codes(res))[0].code).toBe("cross_site");
			const page = await postForm(
				callers["qingshi.head"],
				`/staff/complaints/${c.trackingNo}/actions/`,
				[
					["action", "acknowledge"],
					["version", String(d.version)],
				],
				headers,
			);
			expect(page.status).toBe(403);
		}
		expect(await snapshot(c.trackingNo)).toEqual(before);
	});

	it("refuses personal data in the address (400) and answers 401 without a session", async () => {
		expect((await callers.admin("/api/staff/complaints?phone=13812345678")).status).toBe(400);
		expect((await callers.admin("/staff/complaints/?q=13812345678")).status).toBe(400);
		const nobody = callerWith(null);
		expect((await nobody("/api/staff/complaints")).status).toBe(401);
		const c = await file(PLACES.qingshiWindow);
		expect((await nobody(path(c.trackingNo))).status).toBe(401);
		expect((await row(c.trackingNo)).handler_id).toBeNull();
	});

	it("the complaint shell alone is the 404 page; a complaint's page is never indexed", async () => {
		expect((await callers.admin("/staff/complaint/")).status).toBe(404);
		const c = await file(PLACES.qingshiWindow);
		const html = await (await callers.admin(`/staff/complaints/${c.trackingNo}/`)).text();
		expect(html).toContain('content="noindex, nofollow"');
	});
});

describe("personal data on the complaint's page", () => {
	it("shows the phone masked unless the person asked for a reply by phone", async () => {
		const masked = await file({ ...PLACES.qingshiWindow, name: "李四", phone: "13812345678" });
		let html = await (await callers["qingshi.head"](`/staff/complaints/${masked.trackingNo}/`)).text();
		expect(html).toContain("138****5678");
		expect(html).not.toContain("13812345678");
		expect(html).toContain("3月2日中午去办高龄津贴");
		const byPhone = await file({ ...PLACES.qingshiWindow, name: "李四", phone: "13812345678", replyByPhone: true });
		html = await (await callers["qingshi.head"](`/staff/complaints/${byPhone.trackingNo}/`)).text();
		expect(html).toContain("13812345678");
		expect(html).toContain("要求电话或短信答复");
		// The content is stored encrypted.
		const stored = await env.DB.prepare("SELECT content_cipher FROM complaints WHERE tracking_no = ?1").bind(byPhone.trackingNo).first<{
			content_cipher: string;
		}>();
		expect(stored!.content_cipher).not.toContain("高龄津贴");
	});
});

describe("the clock on real 2026 dates", () => {
	const at = (iso: string) => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date(iso));
	};

	it("a complaint filed on Friday 2026-03-06: 确认 by Monday 03-09, answer by 03-13; 延期 to 03-20; late after that, with 超期天数 in working days", async () => {
		at("2026-03-06T10:00:00+08:00");
		const c = await file({ centre: "heba", station: "dongba" });
		const head = callers["heba.head"];
		let d = await open(head, c.trackingNo);
		expect(d.clock).toMatchObject({ acknowledgeBy: "2026-03-09", answerBy: "2026-03-13", overdueDays: 0, late: false, unit: "工作日" });
		at("2026-03-09T09:00:00+08:00");
		d = (await (await act(head, c.trackingNo, { action: "acknowledge", version: d.version })).json<Detail>())!;
		d = await (await act(head, c.trackingNo, { action: "extend", version: d.version, reason: "需要到县里核实" })).json<Detail>();
		expect(d.clock.answerBy).toBe("2026-03-20");
		expect(d.timeline.at(-1)?.note).toBe("情况比较复杂，答复期限延长到2026-03-20。原因：需要到县里核实");
		at("2026-03-20T17:00:00+08:00");
		expect((await open(head, c.trackingNo)).clock.late).toBe(false);
		// Monday 03-23: one working day past Friday 03-20 (the weekend does not count).
		at("2026-03-23T09:00:00+08:00");
		d = await open(head, c.trackingNo);
		expect(d.clock).toMatchObject({ late: true, overdueDays: 1 });
		expect(d.escalated).toBe(true);
		const page = await (await head(`/staff/complaints/${c.trackingNo}/`)).text();
		expect(page).toContain("已超期，提请市级督办");
		expect(page).toContain("1个工作日");
	});

	it("a 信访 runs in calendar days: notice within 15, finished within 60 of acceptance, once 30 more", async () => {
		at("2026-03-06T10:00:00+08:00");
		const c = await file({ centre: "heba", asPetition: true, name: "王五", phone: "13900001111" });
		const head = callers["heba.head"];
		let d = await open(head, c.trackingNo);
		// Until accepted, the 60 days count from the last day the notice may go out.
		expect(d.clock).toMatchObject({ acknowledgeBy: "2026-03-21", answerBy: "2026-05-20", unit: "自然日" });
		expect(d.clock.basis).toContain("信访工作条例");
		// A 信访's phone is how the notice reaches the person: shown whole.
		expect(d.phone).toBe("13900001111");
		at("2026-03-10T10:00:00+08:00");
		d = await (await act(head, c.trackingNo, { action: "acknowledge", version: d.version })).json<Detail>();
		expect(d.clock.answerBy).toBe("2026-05-09");
		d = await (await act(head, c.trackingNo, { action: "extend", version: d.version, reason: "需要多个部门会商" })).json<Detail>();
		expect(d.clock.answerBy).toBe("2026-06-08");
		const page = await (await head(`/staff/complaints/${c.trackingNo}/`)).text();
		expect(page).toContain("《信访工作条例》第二十三条、第三十四条");
		// Sunday 06-14: six calendar days late.
		at("2026-06-14T10:00:00+08:00");
		expect((await open(head, c.trackingNo)).clock).toMatchObject({ late: true, overdueDays: 6 });
	});
});

describe("the board", () => {
	it("counts open and late complaints on /staff/ and /staff/complaints/, and marks the late row", async () => {
		const head = callers["board.head"];
		// board.head's centre has no complaints; the counts are 河坝's, with complaints filed here at known dates.
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-04-20T10:00:00+08:00"));
		const board = (html: string, id: string) => html.match(new RegExp(`id="${id}"[^>]*>\\s*(\\d+)`))?.[1];
		const before = await (
			await callers["heba.head"]("/api/staff/complaints")
		).json<{ counts: { open: number; late: number; replied: number } }>();
		vi.setSystemTime(new Date("2026-04-01T10:00:00+08:00"));
		const late = await file({ centre: "heba", station: "hexi" });
		vi.setSystemTime(new Date("2026-04-20T10:00:00+08:00"));
		const fresh = await file({ centre: "heba", station: "hexi" });
		const replied = await file({ centre: "heba", station: "hexi" });
		const h = callers["heba.head"];
		let d = await open(h, replied.trackingNo);
		d = await (await act(h, replied.trackingNo, { action: "acknowledge", version: d.version })).json<Detail>();
		await act(h, replied.trackingNo, { action: "reply", version: d.version, verdict: "解释说明", reply: "已向您说明办理流程。" });
		const after = await (await h("/api/staff/complaints")).json<{ counts: { open: number; late: number; replied: number } }>();
		expect(after.counts).toEqual({ open: before.counts.open + 2, late: before.counts.late + 1, replied: before.counts.replied + 1 });
		const staffPage = await (await h("/staff/")).text();
		expect(board(staffPage, "board-complaints")).toBe(String(after.counts.open));
		expect(board(staffPage, "board-complaints-late")).toBe(String(after.counts.late));
		expect(staffPage).toContain('href="/staff/complaints/"');
		const listPage = await (await h("/staff/complaints/")).text();
		expect(board(listPage, "complaints-late")).toBe(String(after.counts.late));
		expect(listPage).toMatch(new RegExp(`<tr data-late="true"><th scope="row"><a href="/staff/complaints/${late.trackingNo}/">`));
		expect(listPage).not.toMatch(new RegExp(`<tr data-late="true"><th scope="row"><a href="/staff/complaints/${fresh.trackingNo}/">`));
		// Nobody's board shows complaints out of scope.
		const empty = await (await head("/staff/")).text();
		expect(board(empty, "board-complaints")).toBe("0");
		expect(board(empty, "board-complaints-late")).toBe("0");
	});
});
