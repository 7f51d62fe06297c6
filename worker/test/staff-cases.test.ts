import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type CalendarYear, WorkingCalendar, addDays, chinaDate } from "../../core/calendar";
import { type Action, type CaseStatus, TRANSITIONS } from "../../core/case";
import { caseClock } from "../../core/clock";
import { STAFF_COOKIE, SESSION_SECONDS } from "../src/lib/staff-session";
import { validApplication } from "./helpers";
import {
	type Caller,
	type CaseDetail,
	type Centre,
	type Envelope,
	type Who,
	CENTRES,
	SEES,
	WHO,
	act,
	answerCorrection,
	as,
	auditRows,
	callerWith,
	casePath,
	commandFor,
	detail,
	driveTo,
	fromState,
	idNumberFor,
	list,
	listPath,
	lookup,
	newCase,
	permitApplication,
	reveal,
	search,
	row,
	seedStaff,
	sessionFor,
	setAbsent,
	signInThroughForm,
	snapshot,
	uniquePhone,
} from "./staff-helpers";

/**
 * The back office's case API (/api/staff/cases): who may see and do what (BAD-INPUTS 25), the state
 * machine with the input each change needs (26), the clock and its time edges (27), search, the
 * audited ID reveal and the deadline board (视为受理 and the legal clock: legal-clock.test.ts).
 */

let ids: Record<Who, number>;
const callers = {} as Record<Who, Caller>;
let calendar: WorkingCalendar;
const today = () => chinaDate(new Date());

beforeAll(async () => {
	ids = await seedStaff("cases");
	for (const who of WHO) callers[who] = await as(ids[who]);
	const res = await env.ASSETS.fetch(new Request("http://assets.local/calendar.json"));
	calendar = new WorkingCalendar(await res.json<CalendarYear[]>());
});

afterEach(async () => {
	vi.useRealTimers();
	// AB岗 tests mark people absent; nobody stays absent for the next test.
	await env.DB.prepare("UPDATE staff SET absent = 0 WHERE absent = 1").run();
});

/** The answer is JSON with this status and error code, and a Chinese message. */
async function refused(res: Response, status: number, code?: string, chinese = true): Promise<Envelope["errors"][number]> {
	const text = await res.text();
	expect(res.status, text).toBe(status);
	expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
	expect(res.headers.get("Cache-Control")).toBe("no-store");
	const body = JSON.parse(text) as Envelope;
	expect(body.errors.length).toBeGreaterThan(0);
	// Whether a 422's wording is Chinese is checked once for all of them below, so each bad input tests its refusal alone.
	if (chinese) for (const e of body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
	expect(text).not.toMatch(/SQLITE|D1_|stack|TypeError/);
	if (code !== undefined) expect(body.errors.map((e) => e.code)).toContain(code);
	return body.errors[0];
}

async function ok<T>(res: Response, status = 200): Promise<T> {
	const text = await res.text();
	expect(res.status, text).toBe(status);
	return JSON.parse(text) as T;
}

/** A case at `centre` brought to `status` by the city admin. */
async function caseIn(
	status: CaseStatus,
	centre: Centre | "heba" = "qingshi",
	applicant: { phone?: string; idNumber?: string } = {},
	body = validApplication(),
) {
	const c = await newCase(centre, applicant, body);
	await driveTo(callers.admin, c.trackingNo, status);
	return c;
}

// 延长 and 挂起 need an item whose law provides them (高龄津贴 has neither): legal-clock.test.ts tests them on their own.
const STAFF_ACTIONS = Object.keys(TRANSITIONS).filter((a) => !["answer_correction", "extend", "suspend"].includes(a)) as Action[];

const LONG = "理".repeat(5000);

/** 补正 notices that are not one (each from a submitted case). */
const BAD_CORRECTIONS: { name: string; body: Record<string, unknown> }[] = [
	{ name: "no items key", body: { action: "request_correction", version: 1 } },
	{ name: "an empty list", body: { action: "request_correction", version: 1, items: [] } },
	{ name: "an item without a reason", body: { action: "request_correction", version: 1, items: [{ name: "户口簿" }] } },
	{ name: "an item with an empty name", body: { action: "request_correction", version: 1, items: [{ name: " ", reason: "看不清楚" }] } },
	{
		name: "a reason of 5,000 characters",
		body: { action: "request_correction", version: 1, items: [{ name: "户口簿", reason: "看".repeat(5000) }] },
	},
	{
		name: "31 items",
		body: {
			action: "request_correction",
			version: 1,
			items: Array.from({ length: 31 }, (_, i) => ({ name: `材料${i}`, reason: "没有提供" })),
		},
	},
	{ name: "items that are not a list", body: { action: "request_correction", version: 1, items: "户口簿" } },
	{ name: "respondWithinDays of 0", body: { ...commandFor("request_correction", 1), respondWithinDays: 0 } },
];

/** Commands missing the input their change needs, or no command at all (each from a state where the action is allowed). */
const BAD_COMMANDS: { name: string; from: CaseStatus; body: Record<string, unknown>; field: string | undefined }[] = [
	{ name: "refuse without a reason", from: "submitted", body: { action: "refuse" }, field: "reason" },
	{ name: "refuse with a blank reason", from: "submitted", body: { action: "refuse", reason: "   " }, field: "reason" },
	{ name: "refuse with a reason of one character", from: "submitted", body: { action: "refuse", reason: "否" }, field: "reason" },
	{ name: "refuse with a reason of 5,000 characters", from: "submitted", body: { action: "refuse", reason: LONG }, field: "reason" },
	{ name: "refuse with a reason that is a number", from: "submitted", body: { action: "refuse", reason: 12345 }, field: "reason" },
	{ name: "withdraw without a reason", from: "submitted", body: { action: "withdraw" }, field: "reason" },
	{ name: "withdraw with a reason of 5,000 characters", from: "submitted", body: { action: "withdraw", reason: LONG }, field: "reason" },
	{ name: "suspend without a reason", from: "in_progress", body: { action: "suspend" }, field: "reason" },
	{ name: "suspend with a reason of 5,000 characters", from: "in_progress", body: { action: "suspend", reason: LONG }, field: "reason" },
	{ name: "forward without `to`", from: "in_progress", body: { action: "forward" }, field: "to" },
	{ name: "forward with `to` of 5,000 characters", from: "in_progress", body: { action: "forward", to: LONG }, field: "to" },
	{
		name: "complete without an outcome",
		from: "in_progress",
		body: { action: "complete", result: "已批准", delivery: "邮寄" },
		field: "outcome",
	},
	{
		name: "complete with an unknown outcome",
		from: "in_progress",
		body: { action: "complete", outcome: "maybe", result: "已批准", delivery: "邮寄" },
		field: "outcome",
	},
	{
		name: "complete without a result",
		from: "in_progress",
		body: { action: "complete", outcome: "approved", delivery: "邮寄" },
		field: "result",
	},
	{
		name: "complete with a result of 5,000 characters",
		from: "in_progress",
		body: { action: "complete", outcome: "approved", result: LONG, delivery: "邮寄" },
		field: "result",
	},
	{
		name: "complete without a delivery",
		from: "in_progress",
		body: { action: "complete", outcome: "approved", result: "已批准" },
		field: "delivery",
	},
	{
		name: "complete with an unknown delivery",
		from: "in_progress",
		body: { action: "complete", outcome: "approved", result: "已批准", delivery: "飞鸽传书" },
		field: "delivery",
	},
	{ name: "an unknown action", from: "submitted", body: { action: "fly" }, field: "action" },
	{ name: "the applicant's own answer_correction", from: "correction", body: { action: "answer_correction" }, field: "action" },
	{ name: "an action that is not a string", from: "submitted", body: { action: ["accept"] }, field: "action" },
	{ name: "an extra key", from: "submitted", body: { action: "accept", status: "completed" }, field: undefined },
];

/** Bodies that are not a command with a usable version. */
const BAD_ENVELOPES: { name: string; body: unknown }[] = [
	{ name: "no version", body: { action: "accept" } },
	{ name: "version as a string", body: { action: "accept", version: "1" } },
	{ name: "version 0", body: { action: "accept", version: 0 } },
	{ name: "version 1.5", body: { action: "accept", version: 1.5 } },
	{ name: "a JSON array", body: [{ action: "accept", version: 1 }] },
	{ name: "JSON null", body: "null" },
];

// =============================================================================================
describe("authorization matrix (BAD-INPUTS 25)", () => {
	/** Whose cases each person sees: written out here, not derived from core/staff.ts. */
	const DECIDES: Record<Who, boolean> = {
		admin: true,
		"qingshi.head": true,
		"qingshi.clerkA": true,
		"qingshi.clerkB": true,
		"qingshi.agent": false,
		"baihe.head": true,
		"baihe.clerkA": true,
		"baihe.clerkB": true,
		"baihe.agent": false,
		"qingshi.otherWindowA": true,
		"qingshi.otherAgent": false,
		"heba.head": true,
		"board.head": true,
	};

	const cells = WHO.flatMap((who) => CENTRES.map((centre) => ({ who, centre, sees: SEES[who].includes(centre) })));

	it.each(cells)("list: $who, case of $centre → listed $sees", async ({ who, centre, sees }) => {
		const c = await newCase(centre);
		const all = await list(callers[who]);
		expect(all.cases.some((x) => x.trackingNo === c.trackingNo)).toBe(sees);
		const found = await list(callers[who], { q: c.trackingNo });
		expect(found.cases.map((x) => x.trackingNo)).toEqual(sees ? [c.trackingNo] : []);
		// Every qingshi or baihe case listed is one the person may see.
		for (const x of all.cases) if ((CENTRES as string[]).includes(x.centre)) expect(SEES[who], x.trackingNo).toContain(x.centre);
	});

	it.each(cells.map((c) => ({ ...c, expected: c.sees ? 200 : 404 })))(
		"detail: $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const c = await newCase(centre);
			const res = await callers[who](casePath(c.trackingNo));
			if (expected === 200) {
				const body = await ok<CaseDetail>(res);
				expect(body.trackingNo).toBe(c.trackingNo);
				expect(body.centre).toBe(centre);
			} else {
				const error = await refused(res, 404, "not_found");
				// The same answer as for a number that does not exist: existence is not revealed.
				const unknown = await refused(await callers[who](casePath("3333-3333")), 404, "not_found");
				expect(error).toEqual(unknown);
			}
		},
	);

	// Agents see their station's cases but not full ID numbers: that is for the window that decides.
	it.each(cells.map((c) => ({ ...c, expected: !c.sees ? 404 : c.who.endsWith("agent") ? 403 : 200 })))(
		"reveal-id: $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const c = await newCase(centre);
			const res = await reveal(callers[who], c.trackingNo);
			if (expected === 200) {
				expect(await ok<{ idNumber: string }>(res)).toEqual({ idNumber: c.idNumber });
				expect(await auditRows(c.trackingNo, "application.reveal_id")).toHaveLength(1);
			} else if (expected === 403) {
				await refused(res, 403, "forbidden");
				expect(await auditRows(c.trackingNo, "application.reveal_id")).toHaveLength(0);
			} else {
				await refused(res, 404, "not_found");
				expect(await auditRows(c.trackingNo, "application.reveal_id")).toHaveLength(0);
			}
		},
	);

	const actionCells = cells.flatMap((c) =>
		STAFF_ACTIONS.map((action) => ({ ...c, action, expected: !c.sees ? 404 : DECIDES[c.who] ? 200 : 403 })),
	);

	it.each(actionCells)("$action: $who, case of $centre → $expected", async ({ who, centre, action, expected }) => {
		// The case is where the action is allowed, so only who is asking can stop it.
		const from = fromState(action);
		const c = await caseIn(from, centre);
		const before = await snapshot(c);
		const res = await act(callers[who], c.trackingNo, commandFor(action, before.version));
		if (expected === 200) {
			const body = await ok<{ status: CaseStatus; version: number }>(res);
			expect(body.status).toBe(TRANSITIONS[action].to);
			expect(body.version).toBe(before.version + 1);
			const after = await snapshot(c);
			expect(after).toMatchObject({ status: TRANSITIONS[action].to, version: before.version + 1 });
			expect(after.events).toBe(before.events + 1);
			expect(after.audit).toBe(before.audit + 1);
		} else {
			await refused(res, expected, expected === 403 ? "forbidden" : "not_found");
			expect(await snapshot(c)).toEqual(before);
		}
	});

	const ROUTES = [
		{ route: "list", call: (k: Caller) => k(listPath()) },
		{ route: "detail", call: (k: Caller, t: string) => k(casePath(t)) },
		{ route: "reveal-id", call: (k: Caller, t: string) => reveal(k, t) },
		...STAFF_ACTIONS.map((action) => ({
			route: `actions ${action}`,
			call: (k: Caller, t: string) => act(k, t, commandFor(action, 1)),
		})),
	];

	const IDENTITIES: { identity: string; status: 401 | 403; caller: () => Promise<Caller> }[] = [
		{ identity: "no cookie", status: 401, caller: () => Promise.resolve(callerWith(null)) },
		{ identity: "garbage cookie", status: 401, caller: () => Promise.resolve(callerWith(`${STAFF_COOKIE}=garbage`)) },
		{
			identity: "a forged signature (admin's id, clerk's signature)",
			status: 401,
			caller: async () => {
				const [, signature] = (await sessionFor(ids["qingshi.clerkA"])).split(".");
				const payload = btoa(JSON.stringify({ s: ids.admin, e: Math.floor(Date.now() / 1000) + 3600 }))
					.replace(/=+$/, "")
					.replace(/\+/g, "-")
					.replace(/\//g, "_");
				return callerWith(`${STAFF_COOKIE}=${payload}.${signature}`);
			},
		},
		{
			identity: "an expired session",
			status: 401,
			caller: async () =>
				callerWith(`${STAFF_COOKIE}=${await sessionFor(ids.admin, new Date(Date.now() - (SESSION_SECONDS + 60) * 1000))}`),
		},
		{
			identity: "a valid cookie where the development sign-in is off",
			status: 401,
			caller: async () => callerWith(`${STAFF_COOKIE}=${await sessionFor(ids.admin)}`, { DEV_SIGN_IN: "", ACCESS_AUD: "" }),
		},
		{
			identity: "a session of someone no longer active",
			status: 403,
			caller: async () => {
				const id = (await env.DB.prepare(
					`INSERT INTO staff (email, name, role, centre_slug, station_slug, window_department, post, absent, active, created_at, updated_at)
						 VALUES ('gone@cases.test', '离职', 'admin', NULL, NULL, NULL, NULL, 0, 0, '2026-01-01', '2026-01-01')
						 ON CONFLICT (email) DO UPDATE SET active = 0 RETURNING id`,
				).first<{ id: number }>())!.id;
				return callerWith(`${STAFF_COOKIE}=${await sessionFor(id)}`);
			},
		},
	];

	it.each(IDENTITIES.flatMap((i) => ROUTES.map((r) => ({ ...i, ...r }))))(
		"$route with $identity → $status",
		async ({ call, caller, status }) => {
			const c = await newCase("qingshi");
			const before = await snapshot(c);
			await refused(await call(await caller(), c.trackingNo), status, status === 401 ? "unauthenticated" : "not_staff");
			expect(await snapshot(c)).toEqual(before);
		},
	);

	it("the development sign-in form's own cookie works on the case API", async () => {
		const c = await newCase("qingshi");
		const viaForm = await signInThroughForm(ids["qingshi.clerkA"]);
		expect((await detail(viaForm, c.trackingNo)).trackingNo).toBe(c.trackingNo);
	});

	it.each<{ headers: Record<string, string> }>([
		{ headers: { Origin: "https://evil.example" } },
		{ headers: { Origin: "null" } },
		{ headers: { "Sec-Fetch-Site": "cross-site" } },
	])("refuses a cross-site change ($headers) with 403, changing and auditing nothing", async ({ headers }) => {
		const c = await newCase("qingshi");
		const before = await snapshot(c);
		await refused(await act(callers.admin, c.trackingNo, commandFor("accept", 1), headers), 403, "cross_site");
		await refused(await reveal(callers.admin, c.trackingNo, headers), 403, "cross_site");
		expect(await snapshot(c)).toEqual(before);
	});

	it("changes nothing on GET to the action and reveal routes", async () => {
		const c = await newCase("qingshi");
		const before = await snapshot(c);
		for (const path of [`${casePath(c.trackingNo)}/actions`, `${casePath(c.trackingNo)}/reveal-id`])
			expect((await callers.admin(path)).status).toBe(404);
		expect(await snapshot(c)).toEqual(before);
	});

	it("answers 404 to a malformed tracking number in the address", async () => {
		for (const bad of ["%25", "AAAA-AAA", "x".repeat(1000), "' OR 1=1--"]) await refused(await callers.admin(casePath(bad)), 404);
	});
});

// =============================================================================================
describe("AB岗: the B post steps in only while the window's A post is absent", () => {
	it("B sees, lists and acts on A's cases only while A is marked absent", async () => {
		const c = await newCase("qingshi");
		const B = callers["qingshi.clerkB"];
		const inList = async () => (await list(B)).cases.some((x) => x.trackingNo === c.trackingNo);

		await refused(await B(casePath(c.trackingNo)), 404, "not_found");
		await refused(await act(B, c.trackingNo, commandFor("accept", 1)), 404, "not_found");
		await refused(await reveal(B, c.trackingNo), 404, "not_found");
		expect(await inList()).toBe(false);
		expect((await list(B, { q: c.trackingNo })).cases).toEqual([]);

		await setAbsent(ids["qingshi.clerkA"], true);
		expect((await detail(B, c.trackingNo)).trackingNo).toBe(c.trackingNo);
		expect(await inList()).toBe(true);
		expect((await list(B, { q: c.trackingNo })).cases.map((x) => x.trackingNo)).toEqual([c.trackingNo]);
		const accepted = await ok<{ status: string; firstHandler: { id: number } }>(await act(B, c.trackingNo, commandFor("accept", 1)));
		expect(accepted.status).toBe("accepted");
		expect(accepted.firstHandler.id).toBe(ids["qingshi.clerkB"]);

		// A is back: the case is A's again, and B no longer sees it.
		await setAbsent(ids["qingshi.clerkA"], false);
		await refused(await B(casePath(c.trackingNo)), 404, "not_found");
		await refused(await act(B, c.trackingNo, commandFor("start", 2)), 404, "not_found");
		expect(await inList()).toBe(false);
		expect((await detail(callers["qingshi.clerkA"], c.trackingNo)).status).toBe("accepted");
	});

	it.each<{ absent: Who; why: string }>([
		{ absent: "qingshi.otherWindowA", why: "an A post of another window" },
		{ absent: "baihe.clerkA", why: "the A post of the same window at another centre" },
		{ absent: "qingshi.clerkB", why: "the B post itself" },
	])("an absent $why does not let B in", async ({ absent }) => {
		const c = await newCase("qingshi");
		await setAbsent(ids[absent], true);
		await refused(await callers["qingshi.clerkB"](casePath(c.trackingNo)), 404, "not_found");
		expect((await list(callers["qingshi.clerkB"])).cases.some((x) => x.trackingNo === c.trackingNo)).toBe(false);
	});

	it("B of another centre stays out while qingshi's A is absent", async () => {
		const c = await newCase("qingshi");
		await setAbsent(ids["qingshi.clerkA"], true);
		await refused(await callers["baihe.clerkB"](casePath(c.trackingNo)), 404, "not_found");
		expect((await list(callers["baihe.clerkB"])).cases.some((x) => x.trackingNo === c.trackingNo)).toBe(false);
	});

	it("an absent A is not shut out of their own window's cases", async () => {
		const c = await newCase("qingshi");
		await setAbsent(ids["qingshi.clerkA"], true);
		expect((await detail(callers["qingshi.clerkA"], c.trackingNo)).trackingNo).toBe(c.trackingNo);
	});
});

// =============================================================================================
describe("changes of state with the input each needs (BAD-INPUTS 26)", () => {
	const clerk = () => callers["qingshi.clerkA"];

	/** Working days after `from` on the calendar, counted here without the clock module. */
	function workingDaysAfter(from: string, n: number): string {
		let d = from;
		for (let left = n; left > 0;) {
			d = addDays(d, 1);
			if (calendar.estimateWorkingDay(d).working) left--;
		}
		return d;
	}

	it("accept: sets acceptedOn to today in China, starts the clock (10 working days, green), the due date in the timeline", async () => {
		const c = await newCase("qingshi");
		const body = await ok<CaseDetail>(await act(clerk(), c.trackingNo, commandFor("accept", 1)));
		const due = workingDaysAfter(today(), 10);
		expect(body).toMatchObject({ status: "accepted", statusCode: "05", acceptedOn: today(), version: 2 });
		expect(body.clock).toEqual({
			kind: "finish",
			unit: "工作日",
			dueOn: due,
			remaining: 10,
			colour: "green",
			paused: false,
			provisional: due.slice(0, 4) !== today().slice(0, 4),
			// 高龄津贴's 20 working days are a 参考时限 (地方做法: no law sets one), so nothing can be 超法定时限.
			legal: null,
		});
		expect(await row(c.trackingNo)).toMatchObject({ accepted_on: today() });
		const view = await detail(clerk(), c.trackingNo);
		expect(view.timeline.at(-1)).toMatchObject({ kind: "accept", status: "accepted", actor: "staff", staff: "青石民政A" });
		expect(view.timeline.at(-1)!.note).toContain(`10个工作日`);
		expect(view.timeline.at(-1)!.note).toContain(due);
		expect(view.timeline.at(-1)!.note).toContain(due);
	});

	it("a case not yet accepted runs on the answer clock (受理期限, 5 working days promised); one with the applicant (补正) or closed on none", async () => {
		const c = await newCase("qingshi");
		const due = workingDaysAfter(today(), 5);
		expect((await detail(clerk(), c.trackingNo)).clock).toMatchObject({ kind: "answer", unit: "工作日", dueOn: due, remaining: 5 });
		await act(clerk(), c.trackingNo, commandFor("request_correction", 1));
		expect((await detail(clerk(), c.trackingNo)).clock).toBeNull();
		const other = await newCase("qingshi");
		await driveTo(callers.admin, other.trackingNo, "completed");
		expect((await detail(clerk(), other.trackingNo)).clock).toBeNull();
	});

	describe("request_correction (一次性告知)", () => {
		it.each(BAD_CORRECTIONS)("refuses $name with 422 and changes nothing", async ({ body }) => {
			const c = await newCase("qingshi");
			const before = await snapshot(c);
			await refused(await act(clerk(), c.trackingNo, body), 422, "invalid", false);
			expect(await snapshot(c)).toEqual(before);
		});

		it("sends one notice listing every item; the applicant sees it; a second notice is refused with 409 correction_once", async () => {
			const c = await newCase("qingshi");
			const items = [
				{ name: "户口簿复印件", reason: "上传的照片看不清户主页" },
				{ name: "社会保障卡复印件", reason: "没有提供" },
			];
			const body = await ok<{ status: string }>(await act(clerk(), c.trackingNo, { action: "request_correction", version: 1, items }));
			expect(body.status).toBe("correction");
			const view = await lookup(c);
			expect(view.status).toBe("correction");
			expect(view.correction!.items).toEqual([
				{ id: "c1", ...items[0] },
				{ id: "c2", ...items[1] },
			]);
			expect(view.timeline.at(-1)!.note).toContain("户口簿复印件、社会保障卡复印件");
			expect(view.timeline.at(-1)!.note).toContain(view.correction!.respondBy);
			expect(view.correction!.respondBy).toBe(workingDaysAfter(today(), 15));

			expect((await answerCorrection(c)).status).toBe(200);
			const again = await row(c.trackingNo);
			expect(again.status).toBe("submitted");
			const before = await snapshot(c);
			await refused(await act(clerk(), c.trackingNo, commandFor("request_correction", again.version)), 409, "correction_once");
			expect(await snapshot(c)).toEqual(before);
			// It can still be accepted.
			expect((await act(clerk(), c.trackingNo, commandFor("accept", again.version))).status).toBe(200);
		});
	});

	it.each(BAD_COMMANDS)("$name → 422, nothing changes", async ({ from, body, field }) => {
		const c = await caseIn(from);
		const before = await snapshot(c);
		const res = await act(clerk(), c.trackingNo, { version: before.version, ...body });
		const text = await res.clone().text();
		await refused(res, 422, "invalid", false);
		if (field) expect((JSON.parse(text) as Envelope).errors.map((e) => e.field)).toContain(field);
		expect(await snapshot(c)).toEqual(before);
	});

	it.each(BAD_ENVELOPES)("$name → 422", async ({ body }) => {
		const c = await newCase("qingshi");
		const before = await snapshot(c);
		await refused(await act(clerk(), c.trackingNo, body), 422, undefined, false);
		expect(await snapshot(c)).toEqual(before);
	});

	it("words every one of those refusals in Chinese (errors.ts: messages are plain Chinese that say what to do)", async () => {
		const english: string[] = [];
		const check = async (name: string, from: CaseStatus, body: unknown, withVersion = false) => {
			const c = await caseIn(from);
			const payload = withVersion ? { version: (await row(c.trackingNo)).version, ...(body as object) } : body;
			const { errors } = await (await act(clerk(), c.trackingNo, payload)).json<Envelope>();
			for (const e of errors)
				if (!/[\u4e00-\u9fff]/.test(e.message)) english.push(`${name}: ${e.field ?? ""} ${JSON.stringify(e.message)}`);
		};
		for (const { name, body } of BAD_CORRECTIONS) await check(name, "submitted", body);
		for (const { name, from, body } of BAD_COMMANDS) await check(name, from, body, true);
		for (const { name, body } of BAD_ENVELOPES) await check(name, "submitted", body);
		expect(english).toEqual([]);
	});

	it("refuses broken JSON with 400 and a body over the limit with 413", async () => {
		const c = await newCase("qingshi");
		const before = await snapshot(c);
		await refused(await act(clerk(), c.trackingNo, '{"action":'), 400);
		await refused(await act(clerk(), c.trackingNo, JSON.stringify({ ...commandFor("refuse", 1), reason: "理".repeat(200_000) })), 413);
		expect(await snapshot(c)).toEqual(before);
	});

	it.each([
		{ action: "complete", from: "submitted" },
		{ action: "accept", from: "accepted" },
		{ action: "start", from: "submitted" },
		{ action: "resume", from: "in_progress" },
		{ action: "request_correction", from: "accepted" },
		{ action: "refuse", from: "in_progress" },
		{ action: "accept", from: "completed" },
		{ action: "start", from: "not_accepted" },
		{ action: "suspend", from: "suspended" },
		{ action: "withdraw", from: "forwarded" },
	] as { action: Action; from: CaseStatus }[])("$action on a $from case → 409 illegal_transition", async ({ action, from }) => {
		const c = await caseIn(from);
		const before = await snapshot(c);
		const error = await refused(await act(clerk(), c.trackingNo, commandFor(action, before.version)), 409, "illegal_transition");
		expect(error.message).toContain("刷新");
		expect(await snapshot(c)).toEqual(before);
	});

	it("a stale version (two clerks at once) → 409 stale, nothing changes", async () => {
		const c = await caseIn("accepted");
		const before = await snapshot(c);
		expect(before.version).toBe(2);
		for (const version of [1, 3, 999]) await refused(await act(clerk(), c.trackingNo, commandFor("start", version)), 409, "stale");
		expect(await snapshot(c)).toEqual(before);
		expect((await act(clerk(), c.trackingNo, commandFor("start", 2))).status).toBe(200);
	});

	it("suspend pauses the clock from the next working day (the day itself still counts); resume the same day pauses nothing; recorded", async () => {
		// A 行政许可 case (鉴定 is one of its 第四十五条 procedures), as the city admin.
		const admin = callers.admin;
		const c = await caseIn("in_progress", "qingshi", {}, permitApplication());
		const running = await detail(admin, c.trackingNo);
		const suspended = await ok<CaseDetail>(await act(admin, c.trackingNo, commandFor("suspend", running.version)));
		expect(suspended.status).toBe("suspended");
		expect(suspended.clock).toMatchObject({ paused: false, remaining: running.clock!.remaining, colour: running.clock!.colour });
		const expectedBy = addDays(today(), 20);
		const what = { procedure: "鉴定", basis: "《中华人民共和国行政许可法》第四十五条", expectedBy };
		const from = workingDaysAfter(today(), 1);
		expect(JSON.parse((await row(c.trackingNo)).suspensions_json)).toEqual([{ from, to: null, ...what }]);
		const resumed = await ok<CaseDetail>(await act(admin, c.trackingNo, commandFor("resume", suspended.version)));
		expect(resumed.status).toBe("in_progress");
		expect(resumed.clock!.paused).toBe(false);
		expect(JSON.parse((await row(c.trackingNo)).suspensions_json)).toEqual([{ from, to: from, ...what }]);
		// Suspending and resuming on the same day pauses nothing.
		expect(resumed.clock!.dueOn).toBe(running.clock!.dueOn);
		const notes = (await detail(admin, c.trackingNo)).timeline.map((e) => e.note ?? "");
		expect(notes.at(-2)).toContain("需要入户核查");
		expect(notes.at(-2)).toContain("不计入办理时限");
		expect(notes.at(-1)).toContain("恢复办理");
	});

	it("a suspension of a week moves the due date on by its working days", async () => {
		const c = await caseIn("in_progress");
		const running = await detail(clerk(), c.trackingNo);
		// 高龄津贴 cannot be suspended through the API (no procedure its law leaves out): the state is arranged.
		await env.DB.prepare("UPDATE applications SET status = 'suspended', version = version + 1 WHERE tracking_no = ?1")
			.bind(c.trackingNo)
			.run();
		// Suspended 7 days ago (accepted before that), resumed today.
		const from = addDays(today(), -7);
		await env.DB.prepare("UPDATE applications SET accepted_on = ?2, suspensions_json = ?3 WHERE tracking_no = ?1")
			.bind(c.trackingNo, addDays(from, -1), JSON.stringify([{ from, to: null }]))
			.run();
		const resumed = await ok<CaseDetail>(await act(clerk(), c.trackingNo, commandFor("resume", running.version + 1)));
		let paused = 0;
		for (let d = from; d < today(); d = addDays(d, 1)) if (calendar.estimateWorkingDay(d).working) paused++;
		expect(resumed.clock!.dueOn).toBe(workingDaysAfter(addDays(from, -1), 10 + paused));
		expect((await detail(clerk(), c.trackingNo)).timeline.at(-1)!.note).toContain(resumed.clock!.dueOn);
	});

	it("refuse: closes the case; the note gives the reason and the right to 复议/诉讼, also to the applicant", async () => {
		const c = await newCase("qingshi");
		const body = await ok<CaseDetail>(await act(clerk(), c.trackingNo, { action: "refuse", version: 1, reason: "申请人未满80周岁" }));
		expect(body).toMatchObject({ status: "not_accepted", statusCode: "07", clock: null });
		expect((await row(c.trackingNo)).closed_at).not.toBeNull();
		const note = (await lookup(c)).timeline.at(-1)!.note!;
		expect(note).toContain("申请人未满80周岁");
		expect(note).toContain("行政复议");
		expect(note).toContain("行政诉讼");
	});

	it("complete: stores the outcome, closes the case, tells the applicant the result and how it is delivered", async () => {
		const c = await caseIn("in_progress");
		const { version } = await row(c.trackingNo);
		const body = await ok<CaseDetail>(
			await act(clerk(), c.trackingNo, { action: "complete", version, outcome: "denied", result: "家庭收入超过标准", delivery: "邮寄" }),
		);
		expect(body).toMatchObject({ status: "completed", statusCode: "10", clock: null });
		expect(await row(c.trackingNo)).toMatchObject({ outcome: "denied", closed_at: expect.any(String) as string });
		const note = (await lookup(c)).timeline.at(-1)!.note!;
		expect(note).toContain("家庭收入超过标准");
		expect(note).toContain("邮寄");
	});

	it("forward: to the named department, closing the case here", async () => {
		const c = await caseIn("in_progress");
		const { version } = await row(c.trackingNo);
		const body = await ok<CaseDetail>(await act(clerk(), c.trackingNo, { action: "forward", version, to: "县民政局社会救助股" }));
		expect(body).toMatchObject({ status: "forwarded", statusCode: "11" });
		expect((await lookup(c)).timeline.at(-1)!.note).toContain("县民政局社会救助股");
	});

	it("every change appends exactly one timeline event and one audit row (who, what, before/after); the applicant reads every note", async () => {
		const c = await newCase("qingshi");
		const steps: { action: Action | "answer"; kind: string; to: CaseStatus; phrase: string }[] = [
			{ action: "request_correction", kind: "correction_requested", to: "correction", phrase: "一次性告知" },
			{ action: "answer", kind: "correction_answered", to: "submitted", phrase: "户口簿复印件" },
			{ action: "accept", kind: "accept", to: "accepted", phrase: "10个工作日" },
			{ action: "start", kind: "start", to: "in_progress", phrase: "开始办理" },
			{ action: "complete", kind: "complete", to: "completed", phrase: "经审核符合条件，予以批准" },
		];
		for (const step of steps) {
			const before = await snapshot(c);
			if (step.action === "answer") expect((await answerCorrection(c)).status).toBe(200);
			else expect((await act(clerk(), c.trackingNo, commandFor(step.action, before.version))).status).toBe(200);
			const after = await snapshot(c);
			expect(after.events, step.kind).toBe(before.events + 1);
			expect(after.version).toBe(before.version + 1);
			expect(after.audit, step.kind).toBe(before.audit + 1);
			const audit = (await auditRows(c.trackingNo)).at(-1)!;
			const actor = step.action === "answer" ? "citizen" : `staff:${ids["qingshi.clerkA"]}`;
			expect(audit).toMatchObject({ actor, action: `application.${step.kind}`, subject_type: "application" });
			expect(JSON.parse(audit.before_json!)).toMatchObject({ status: before.status });
			if (step.action !== "answer") expect(JSON.parse(audit.before_json!)).toEqual({ status: before.status, version: before.version });
			expect(JSON.parse(audit.after_json!)).toMatchObject({ status: step.to });
		}
		const staffView = await detail(clerk(), c.trackingNo);
		expect(staffView.timeline.map((e) => e.kind)).toEqual(["submitted", ...steps.map((s) => s.kind)]);
		const citizen = await lookup(c);
		expect(citizen.timeline.map((e) => e.status)).toEqual(["submitted", ...steps.map((s) => s.to)]);
		expect(citizen.timeline.map((e) => e.note)).toEqual(staffView.timeline.map((e) => e.note));
		steps.forEach((s, i) => expect(citizen.timeline[i + 1].note, s.kind).toContain(s.phrase));
		// The applicant's timeline names no staff member.
		expect(JSON.stringify(citizen)).not.toContain("青石民政A");
	});

	it("the audit log refuses to be rewritten", async () => {
		const c = await caseIn("accepted");
		const [entry] = await auditRows(c.trackingNo, "application.accept");
		await expect(env.DB.prepare("UPDATE audit_entries SET actor = 'x' WHERE id = ?1").bind(entry.id).run()).rejects.toThrow(/append-only/);
		await expect(env.DB.prepare("DELETE FROM audit_entries WHERE id = ?1").bind(entry.id).run()).rejects.toThrow(/append-only/);
	});

	it("20 identical changes at once (same version): exactly one 200, nineteen 409, one event, one audit row", async () => {
		const c = await newCase("qingshi");
		const before = await snapshot(c);
		const answers = await Promise.all(Array.from({ length: 20 }, () => act(clerk(), c.trackingNo, commandFor("accept", 1))));
		const statuses = answers.map((r) => r.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(1);
		expect(statuses.filter((s) => s === 409)).toHaveLength(19);
		for (const r of answers.filter((x) => x.status === 409)) {
			const { errors } = await r.json<Envelope>();
			expect(["stale", "illegal_transition"]).toContain(errors[0].code);
		}
		const after = await snapshot(c);
		expect(after).toMatchObject({ status: "accepted", version: 2, events: before.events + 1, audit: before.audit + 1 });
	});

	it("20 different changes at once from different people: still exactly one lands", async () => {
		const c = await newCase("qingshi");
		const who: Who[] = ["admin", "qingshi.head", "qingshi.clerkA"];
		const actions: Action[] = ["accept", "request_correction", "refuse", "withdraw"];
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, i) => act(callers[who[i % who.length]], c.trackingNo, commandFor(actions[i % actions.length], 1))),
		);
		expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
		expect(answers.filter((r) => r.status === 409)).toHaveLength(19);
		const after = await snapshot(c);
		expect(after.version).toBe(2);
		expect(after.events).toBe(2);
		expect(after.audit).toBe(2);
		expect(after.corrections).toBe(after.status === "correction" ? 1 : 0);
	});
});

// =============================================================================================
describe("首问负责: the first staff member who acted owns the case", () => {
	it("stays the first who acted, whoever acts later", async () => {
		const c = await newCase("qingshi");
		expect((await detail(callers.admin, c.trackingNo)).firstHandler).toBeNull();
		// Each step must land: a refusal here says which one and why.
		for (const [who, action, version] of [
			["qingshi.clerkA", "accept", 1],
			["qingshi.head", "start", 2],
			["admin", "forward", 3],
		] as const) {
			const res = await act(callers[who], c.trackingNo, commandFor(action, version));
			expect(res.status, `${who} ${action}: ${await res.clone().text()}`).toBe(200);
		}
		const view = await detail(callers.admin, c.trackingNo);
		expect(view.version).toBe(4);
		expect(view.firstHandler).toEqual({ id: ids["qingshi.clerkA"], name: "青石民政A" });
		expect((await row(c.trackingNo)).first_handler_id).toBe(ids["qingshi.clerkA"]);
		// The timeline names who did each step.
		expect(view.timeline.slice(1).map((e) => e.staff)).toEqual(["青石民政A", "青石主任", "市管理员"]);
	});

	it("is not set by refused attempts, looking, or revealing the ID number", async () => {
		const c = await newCase("qingshi");
		await act(callers["qingshi.agent"], c.trackingNo, commandFor("accept", 1)); // 403
		await act(callers["baihe.head"], c.trackingNo, commandFor("accept", 1)); // 404
		await act(callers.admin, c.trackingNo, commandFor("accept", 7)); // stale
		await act(callers.admin, c.trackingNo, commandFor("complete", 1)); // illegal
		await act(callers.admin, c.trackingNo, { action: "refuse", version: 1 }); // 422
		await reveal(callers.admin, c.trackingNo);
		await detail(callers.admin, c.trackingNo);
		expect((await row(c.trackingNo)).first_handler_id).toBeNull();
		await act(callers["qingshi.head"], c.trackingNo, commandFor("accept", 1));
		expect((await detail(callers.admin, c.trackingNo)).firstHandler?.id).toBe(ids["qingshi.head"]);
	});
});

// =============================================================================================
describe("search (q) and filters", () => {
	it("finds a case by its tracking number, also typed in lower case, with spaces or without the dash", async () => {
		const c = await newCase("qingshi");
		for (const q of [c.trackingNo, c.trackingNo.toLowerCase(), ` ${c.trackingNo} `, c.trackingNo.replace("-", "")]) {
			const found = await list(callers["qingshi.head"], { q });
			expect(
				found.cases.map((x) => x.trackingNo),
				q,
			).toEqual([c.trackingNo]);
		}
	});

	it("finds every case of a phone number within the caller's scope only", async () => {
		const phone = uniquePhone();
		const here = await newCase("qingshi", { phone });
		const there = await newCase("baihe", { phone });
		const other = await newCase("qingshi");
		const tracking = async (who: Who, q: string) => (await list(callers[who], { q })).cases.map((x) => x.trackingNo).sort();
		expect(await tracking("admin", phone)).toEqual([here.trackingNo, there.trackingNo].sort());
		expect(await tracking("qingshi.head", phone)).toEqual([here.trackingNo]);
		expect(await tracking("baihe.head", phone)).toEqual([there.trackingNo]);
		expect(await tracking("qingshi.agent", phone)).toEqual([here.trackingNo]);
		expect(await tracking("qingshi.otherAgent", phone)).toEqual([]);
		expect(await tracking("qingshi.clerkB", phone)).toEqual([]);
		expect(await tracking("admin", `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`)).toEqual(
			[here.trackingNo, there.trackingNo].sort(),
		);
		expect(await tracking("admin", phone)).not.toContain(other.trackingNo);
	});

	it("finds a case by the applicant's ID number, an X check character typed in lower case too", async () => {
		let n = 500;
		while (!idNumberFor(n).endsWith("X")) n++;
		const withX = idNumberFor(n);
		const c = await newCase("qingshi", { idNumber: withX });
		const other = await newCase("baihe", { idNumber: withX });
		const tracking = async (who: Who, q: string) => (await list(callers[who], { q })).cases.map((x) => x.trackingNo).sort();
		expect(await tracking("qingshi.head", withX)).toEqual([c.trackingNo]);
		expect(await tracking("qingshi.head", withX.toLowerCase())).toEqual([c.trackingNo]);
		expect(await tracking("admin", withX)).toEqual([c.trackingNo, other.trackingNo].sort());
		expect(await tracking("baihe.agent", withX)).toEqual([other.trackingNo]);
	});

	it("finds a case by an ID number typed in full-width digits, or with spaces, as it was stored", async () => {
		let n = 700;
		while (!idNumberFor(n).endsWith("X")) n++;
		const id = idNumberFor(n);
		const c = await newCase("qingshi", { idNumber: id });
		const fullWidth = [...id.toLowerCase()].map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0)).join("");
		const spaced = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14).toLowerCase()}`;
		for (const q of [fullWidth, spaced]) {
			const found = await ok<{ cases: { trackingNo: string }[] }>(await search(callers["qingshi.head"], { q }));
			expect(found.cases.map((x) => x.trackingNo)).toEqual([c.trackingNo]);
		}
	});

	it.each([
		{ name: "a partial phone number", q: "1381234" },
		{ name: "the last four digits of a phone", q: "5678" },
		{ name: "a partial ID number", q: "1101051940" },
		{ name: "a LIKE wildcard", q: "%" },
		{ name: "an underscore", q: "_" },
		{ name: "SQL", q: "' OR 1=1--" },
		{ name: "a name", q: "张三" },
		{ name: "a landline", q: "0838-6210000" },
		{ name: "1 KB of text", q: "A".repeat(1024) },
	])("refuses $name as q with 400 bad_filter (no LIKE search)", async ({ q }) => {
		await refused(await search(callers.admin, { q }), 400, "bad_filter");
	});

	it.each([
		["a phone number", "13812345678"],
		["a phone number with spaces", "138 1234 5678"],
		["an ID number", "11010519400512001X"],
	])("refuses %s in the address (BAD-INPUTS 24): searches by phone or ID go by POST", async (_name, q) => {
		await refused(await callers.admin(listPath({ q })), 400, "personal_data_in_url");
	});

	it.each<{ name: string; query: Record<string, string> }>([
		{ name: "an unknown status", query: { status: "done" } },
		{ name: "an unknown board colour", query: { due: "blue" } },
	])("refuses $name with 400 bad_filter", async ({ query }) => {
		await refused(await callers.admin(listPath(query)), 400, "bad_filter");
	});

	it("filters by status, item and window", async () => {
		const phone = uniquePhone();
		const a = await caseIn("accepted", "qingshi", { phone });
		const s = await newCase("qingshi", { phone });
		const found = async (query: Record<string, string>) =>
			(await list(callers.admin, { q: phone, ...query })).cases.map((x) => x.trackingNo).sort();
		expect(await found({ status: "accepted" })).toEqual([a.trackingNo]);
		expect(await found({ status: "submitted" })).toEqual([s.trackingNo]);
		expect(await found({ status: "completed" })).toEqual([]);
		expect(await found({ item: "gaoling-jintie" })).toEqual([a.trackingNo, s.trackingNo].sort());
		expect(await found({ item: "dibao" })).toEqual([]);
		expect(await found({ window: "minzheng" })).toEqual([a.trackingNo, s.trackingNo].sort());
		expect(await found({ window: "yibao" })).toEqual([]);
		const all = await list(callers.admin, { status: "accepted" });
		expect(all.cases.length).toBeGreaterThan(0);
		for (const x of all.cases) expect(x.status).toBe("accepted");
	});

	it("tells the window of a case: the department of the item at that centre", async () => {
		const c = await newCase("baihe");
		const view = await detail(callers.admin, c.trackingNo);
		expect(view).toMatchObject({
			centre: "baihe",
			station: "songlin",
			window: "minzheng",
			item: { code: "gaoling-jintie", name: "高龄津贴申领" },
		});
	});
});

// =============================================================================================
describe("reveal-id: the full ID number, as an audited action of its own", () => {
	it("detail shows the ID number masked; reveal answers it in full and writes exactly one audit row", async () => {
		const c = await newCase("qingshi");
		const res = await callers["qingshi.clerkA"](casePath(c.trackingNo));
		const text = await res.text();
		expect(text).not.toContain(c.idNumber);
		const view = JSON.parse(text) as CaseDetail;
		expect(view.applicant.idNumber).toBe(`${c.idNumber.slice(0, 3)}***********${c.idNumber.slice(-4)}`);
		expect(await auditRows(c.trackingNo, "application.reveal_id")).toHaveLength(0);

		const revealed = await ok<{ idNumber: string }>(await reveal(callers["qingshi.clerkA"], c.trackingNo));
		expect(revealed).toEqual({ idNumber: c.idNumber });
		const rows = await auditRows(c.trackingNo, "application.reveal_id");
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ actor: `staff:${ids["qingshi.clerkA"]}`, subject_type: "application", subject_id: c.trackingNo });
		// The audit row itself holds no ID number.
		expect(JSON.stringify(rows[0])).not.toContain(c.idNumber);

		await reveal(callers.admin, c.trackingNo);
		expect(await auditRows(c.trackingNo, "application.reveal_id")).toHaveLength(2);
		// Revealing changes nothing about the case.
		expect((await row(c.trackingNo)).version).toBe(1);
	});
});

// =============================================================================================
describe("time edges (BAD-INPUTS 27)", () => {
	afterEach(async () => {
		// Cases accepted on a day still ahead of the real clock would break every later list that shows them.
		vi.useRealTimers();
		await env.DB.prepare("UPDATE applications SET status = 'withdrawn' WHERE accepted_on > ?1").bind(today()).run();
	});

	/** Sets the clock and answers the admin signed in at that time (a session lasts 8 hours). */
	async function at(instant: string): Promise<Caller> {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date(instant));
		return as(ids.admin);
	}

	it("accepts on the China date: 00:30 in China is still the previous UTC day", async () => {
		const admin = await at("2026-11-25T16:30:00Z"); // Thursday 2026-11-26 00:30 in China
		const c = await newCase("qingshi");
		const body = await ok<CaseDetail>(await act(admin, c.trackingNo, commandFor("accept", 1)));
		expect(body.acceptedOn).toBe("2026-11-26");
		// Thursday + 10 working days: Fri 27, Mon 30, Dec 1–4, Mon 7 – Wed 9 → Thursday 2026-12-10.
		expect(body.clock).toMatchObject({ dueOn: "2026-12-10", remaining: 10, colour: "green", provisional: false });
	});

	it("accepts at 23:59:59 in China on the last working day of the year: due in a year the calendar lacks, flagged provisional", async () => {
		const admin = await at("2026-12-31T15:59:59Z");
		const c = await newCase("qingshi");
		const body = await ok<CaseDetail>(await act(admin, c.trackingNo, commandFor("accept", 1)));
		expect(body.acceptedOn).toBe("2026-12-31");
		expect(body.clock!.dueOn.startsWith("2027-01-")).toBe(true);
		expect(body.clock!.provisional).toBe(true);
	});

	it("a case accepted on a day still ahead of the server's clock (a clock set back) does not break the list or the case", async () => {
		const c = await newCase("qingshi");
		const accepted = await ok<CaseDetail>(await act(await at("2026-12-31T02:00:00Z"), c.trackingNo, commandFor("accept", 1)));
		const admin = await at("2026-12-30T02:00:00Z");
		const res = await admin(listPath({ q: c.trackingNo }));
		expect(res.status, await res.clone().text()).toBe(200);
		const [shown] = (await res.json<{ cases: CaseDetail[] }>()).cases;
		expect(shown.clock).toMatchObject({ dueOn: accepted.clock!.dueOn, remaining: 10, colour: "green" });
		expect((await detail(admin, c.trackingNo)).clock?.dueOn).toBe(accepted.clock!.dueOn);
	});

	it("turns red the day after the due date and yellow shortly before", async () => {
		const c = await newCase("qingshi");
		expect((await act(await at("2026-11-25T16:30:00Z"), c.trackingNo, commandFor("accept", 1))).status).toBe(200); // due 2026-12-10
		const clockAt = async (instant: string) => (await detail(await at(instant), c.trackingNo)).clock!;
		expect(await clockAt("2026-12-10T15:59:59Z")).toMatchObject({ colour: "yellow", remaining: 0 });
		expect(await clockAt("2026-12-08T02:00:00Z")).toMatchObject({ colour: "yellow", remaining: 2 });
		expect(await clockAt("2026-12-07T02:00:00Z")).toMatchObject({ colour: "green", remaining: 3 });
		expect(await clockAt("2026-12-10T16:00:00Z")).toMatchObject({ colour: "red", remaining: -1 });
	});
});

// =============================================================================================
describe("the deadline board (green / yellow / red)", () => {
	/** An accepted_on for which a 10-working-day case is `colour` today, found with the clock itself. */
	function acceptedOnFor(colour: "yellow" | "red"): string {
		for (let back = 1; back < 60; back++) {
			const d = addDays(today(), -back);
			const clock = caseClock({ acceptedOn: d, promised: { days: 10, unit: "工作日" }, suspensions: [], today: today() }, calendar);
			if (clock.colour === colour) return d;
		}
		throw new Error(`no date makes a ${colour} case`);
	}

	it("counts match the cases: one of each colour, none for cases without a clock; due= filters the list, not the counts", async () => {
		const head = callers["heba.head"];
		const before = (await list(head)).counts;
		const green = await caseIn("accepted", "heba");
		const yellow = await caseIn("in_progress", "heba");
		const red = await caseIn("suspended", "heba");
		const closed = await caseIn("completed", "heba");
		// With the applicant for 补正: no clock. Just submitted: the answer clock (受理期限), green.
		const waiting = await caseIn("correction", "heba");
		const answering = await newCase("heba");
		await env.DB.prepare("UPDATE applications SET accepted_on = ?2 WHERE tracking_no = ?1")
			.bind(yellow.trackingNo, acceptedOnFor("yellow"))
			.run();
		// Overdue before it was suspended last week: paused, still red.
		await env.DB.batch([
			env.DB.prepare("UPDATE applications SET accepted_on = '2026-09-01', suspensions_json = ?2 WHERE tracking_no = ?1").bind(
				red.trackingNo,
				JSON.stringify([{ from: addDays(today(), -7), to: null }]),
			),
			env.DB.prepare("UPDATE applications SET accepted_on = '2026-09-01' WHERE tracking_no = ?1").bind(closed.trackingNo),
		]);

		const board = await list(head);
		const colourOf = (t: string) => board.cases.find((x) => x.trackingNo === t)?.clock?.colour ?? null;
		expect(colourOf(green.trackingNo)).toBe("green");
		expect(colourOf(yellow.trackingNo)).toBe("yellow");
		expect(colourOf(red.trackingNo)).toBe("red");
		expect(colourOf(closed.trackingNo)).toBeNull();
		expect(colourOf(waiting.trackingNo)).toBeNull();
		expect(colourOf(answering.trackingNo)).toBe("green");
		expect(board.counts).toMatchObject({ green: before.green + 2, yellow: before.yellow + 1, red: before.red + 1 });
		// The counts are exactly the colours of the cases listed.
		for (const colour of ["green", "yellow", "red"] as const)
			expect(board.cases.filter((x) => x.clock?.colour === colour)).toHaveLength(board.counts[colour]);

		const reds = await list(head, { due: "red" });
		expect(reds.cases.map((x) => x.trackingNo)).toContain(red.trackingNo);
		for (const x of reds.cases) expect(x.clock?.colour).toBe("red");
		expect(reds.counts).toEqual(board.counts);
		const redClock = reds.cases.find((x) => x.trackingNo === red.trackingNo)!.clock!;
		expect(redClock.remaining).toBeLessThan(0);
		expect(redClock.paused).toBe(true);
		expect(redClock.dueOn < today()).toBe(true);
		// Nobody else's board moved: qingshi's head sees none of these.
		const qingshi = await list(callers["qingshi.head"]);
		for (const t of [green, yellow, red].map((x) => x.trackingNo)) expect(qingshi.cases.some((x) => x.trackingNo === t)).toBe(false);
	});

	it("counts every open case in scope, also when more than the newest 200 exist (old overdue cases are the ones that matter)", async () => {
		// One overdue case submitted long ago, then 200 newer accepted ones, all written straight into a centre of their own.
		const template = await caseIn("accepted", "qingshi");
		const copy = (n: number, submittedAt: string, acceptedOn: string) =>
			env.DB.prepare(
				`INSERT INTO applications (tracking_no, idempotency_key, request_hash, item_code, centre_slug, station_slug, status, version,
				 applicant_name, applicant_phone, applicant_id_cipher, applicant_id_index, applicant_phone_index, answers_cipher, consented_at,
				 submitted_at, updated_at, window_department, accepted_on, suspensions_json)
				 SELECT ?2, ?3, request_hash, item_code, 'boardtown', station_slug, 'accepted', version, applicant_name, applicant_phone,
				 applicant_id_cipher, applicant_id_index, applicant_phone_index, answers_cipher, consented_at, ?4, ?4, window_department, ?5, '[]'
				 FROM applications WHERE tracking_no = ?1`,
			).bind(template.trackingNo, `BRD${String(n).padStart(5, "0")}`, `board-${crypto.randomUUID()}`, submittedAt, acceptedOn);
		const statements = [copy(0, "2026-08-01T02:00:00Z", "2026-08-03")];
		for (let n = 1; n <= 200; n++) statements.push(copy(n, new Date(Date.now() - n * 1000).toISOString(), today()));
		await env.DB.batch(statements);

		const board = await list(callers["board.head"]);
		expect(board.counts.green).toBe(200);
		expect(board.counts.red, "the overdue case submitted before the newest 200 is left off the board").toBe(1);
	});
});
