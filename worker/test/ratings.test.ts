import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { BASE } from "./helpers";
import {
	CENTRES,
	type Caller,
	type Centre,
	SEES,
	STAFF,
	type TestCase,
	WHO,
	type Who,
	as,
	auditRows,
	callerWith,
	driveTo,
	fetchApp,
	newCase,
	postJsonInit,
	seedStaff,
} from "./staff-helpers";

/**
 * 好差评 on cases: the applicant rates a closed case once from /track/ (JSON and the plain form), a
 * 差评 opens a follow-up on the working-day calendar (回访 within 1 working day at the same hour, fix
 * within 5, cap 15), staff record the call and the reply, the applicant reads it and rates once more.
 * Staff type in a rating at the window (hallTablet) or from a station's paper card (otherTerminal).
 */

let ids: Record<Who, number>;
let admin: Caller;
beforeAll(async () => {
	ids = await seedStaff("ratings");
	admin = await as(ids.admin);
});
afterEach(() => void vi.useRealTimers());

const rate = (c: TestCase, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
	fetchApp(
		"/api/applications/rating",
		postJsonInit(
			{ trackingNo: c.trackingNo, queryCode: c.queryCode, ...body },
			{ "User-Agent": "Mozilla/5.0 (X11; Linux x86_64)", ...headers },
		),
		{},
	);

const rateForm = (c: TestCase, entries: [string, string][]) =>
	fetchApp(
		"/api/applications/rating",
		{
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
			body: new URLSearchParams([["trackingNo", c.trackingNo], ["queryCode", c.queryCode], ...entries]).toString(),
		},
		{},
	);

/** A 高龄津贴 case at 青石 driven to 办结 by the admin. */
async function closedCase(): Promise<TestCase> {
	const c = await newCase("qingshi");
	await driveTo(admin, c.trackingNo, "completed");
	return c;
}

async function ratingRows(caseId: number) {
	const { results } = await env.DB.prepare("SELECT * FROM ratings WHERE application_id = ?1 ORDER BY assess_number").bind(caseId).all<{
		assess_number: number;
		level: string;
		channel: string;
		problems_json: string;
		text_cipher: string | null;
		anonymous: number;
		entered_by: number | null;
	}>();
	return results;
}

async function followUp(caseId: number) {
	return env.DB.prepare("SELECT * FROM rating_followups WHERE application_id = ?1 ORDER BY id DESC").bind(caseId).first<{
		contact_by: string | null;
		fix_by: string;
		cap_by: string;
		contacted_at: string | null;
		resolved_at: string | null;
		finding: string | null;
		version: number;
	}>();
}

const codes = async (res: Response) => (await res.json<{ errors: { code: string }[] }>()).errors.map((e) => e.code);

const followUpStep = (caller: Caller, c: TestCase, body: Record<string, unknown>) =>
	caller(`/api/staff/cases/${c.trackingNo}/follow-up`, postJsonInit(body));

describe("who may rate, and when", () => {
	it("refuses a case that is not closed yet, and writes nothing", async () => {
		const c = await newCase("qingshi");
		const res = await rate(c, { level: "满意" });
		expect(res.status).toBe(409);
		expect(await codes(res)).toEqual(["not_ratable"]);
		expect(await ratingRows(c.id)).toEqual([]);
	});

	it("takes one rating of a closed case (一事一评), from the PC or a phone, with a timeline entry and an audit row", async () => {
		const c = await closedCase();
		const res = await rate(c, { level: "满意", text: "窗口很耐心" });
		expect(res.status).toBe(201);
		const view = await res.json<{ ratings: { next: number | null; given: { level: string }[] }; timeline: { note: string | null }[] }>();
		expect(view.ratings).toMatchObject({ next: null, given: [{ level: "满意", reply: null }] });
		expect(view.timeline.at(-1)?.note).toBe("申请人评价了这次服务：满意。");
		const [stored] = await ratingRows(c.id);
		expect(stored).toMatchObject({ assess_number: 1, level: "满意", channel: "pc", entered_by: null });
		// The rater's words are stored encrypted.
		expect(stored.text_cipher).not.toContain("耐心");
		expect(await auditRows(c.trackingNo, "rating.create")).toHaveLength(1);

		const again = await rate(c, { level: "非常满意" });
		expect(again.status).toBe(409);
		expect(await codes(again)).toEqual(["already_rated"]);
		expect(await ratingRows(c.id)).toHaveLength(1);

		const phone = await closedCase();
		await rate(phone, { level: "非常满意" }, { "User-Agent": "Mozilla/5.0 (Linux; Android 14) Mobile Safari" });
		expect((await ratingRows(phone.id))[0].channel).toBe("mobile");
	});

	it("lets one of two ratings at once land", async () => {
		const c = await closedCase();
		const answers = await Promise.all([rate(c, { level: "满意" }), rate(c, { level: "非常满意" })]);
		expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
		expect(await ratingRows(c.id)).toHaveLength(1);
	});

	it("takes a rating of a case refused (不予受理) or handed on (转报) too", async () => {
		for (const status of ["not_accepted", "forwarded"] as const) {
			const c = await newCase("qingshi");
			await driveTo(admin, c.trackingNo, status);
			expect((await rate(c, { level: "基本满意" })).status).toBe(201);
		}
	});

	it("needs the right query code, like the lookup", async () => {
		const c = await closedCase();
		const res = await rate({ ...c, queryCode: c.queryCode === "000000" ? "111111" : "000000" }, { level: "满意" });
		expect(res.status).toBe(404);
		expect(await ratingRows(c.id)).toEqual([]);
	});
});

describe("bad ratings are refused with 422 and write nothing", () => {
	it.each([
		["no level", {}, "level"],
		["an unknown level", { level: "一般" }, "level"],
		["a 差评 without what went wrong", { level: "不满意" }, "problems"],
		["problems on a good rating", { level: "满意", problems: ["办事效率"] }, "problems"],
		["an in-person dimension online", { level: "不满意", problems: ["服务态度"] }, "problems"],
		["problems as a string", { level: "不满意", problems: "办事效率" }, "problems"],
		["text over 200 characters", { level: "满意", text: "好".repeat(201) }, "text"],
		["markup in the text", { level: "满意", text: "<script>alert(1)</script>" }, "text"],
		["a formula in the text", { level: "满意", text: "=HYPERLINK(1)" }, "text"],
		["an invisible character", { level: "满意", text: "好\u202e" }, "text"],
		["anonymous as text", { level: "满意", anonymous: "true" }, "anonymous"],
		["a channel the rater picks", { level: "满意", channel: "hallTablet" }, "channel"],
		["a prototype key", JSON.parse('{"level":"满意","__proto__":{"x":1}}') as Record<string, unknown>, "__proto__"],
	])("%s", async (_name, body, field) => {
		const c = await closedCase();
		const res = await rate(c, body);
		expect(res.status).toBe(422);
		const { errors } = await res.json<{ errors: { field?: string; message: string }[] }>();
		expect(errors.map((e) => e.field)).toContain(field);
		for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
		expect(await ratingRows(c.id)).toEqual([]);
	});

	it("refuses a body that is not JSON or a form, a cross-site form and a query code in the address", async () => {
		const c = await closedCase();
		const path = "/api/applications/rating";
		const text = await fetchApp(path, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "level=满意" }, {});
		expect(text.status).toBe(415);
		const broken = await fetchApp(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"level":' }, {});
		expect(broken.status).toBe(400);
		const crossSite = await fetchApp(
			path,
			{
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
				body: new URLSearchParams([
					["trackingNo", c.trackingNo],
					["queryCode", c.queryCode],
					["level", "满意"],
				]).toString(),
			},
			{},
		);
		expect(crossSite.status).toBe(403);
		const inUrl = await fetchApp(`${path}?queryCode=${c.queryCode}&idNumber=${c.idNumber}`, postJsonInit({}), {});
		expect(inUrl.status).toBe(400);
		const get = await fetchApp(path, {}, {});
		expect(get.status).toBe(405);
		expect(get.headers.get("Allow")).toBe("POST");
		expect(await ratingRows(c.id)).toEqual([]);
	});
});

describe("the 差评's follow-up on the working-day calendar", () => {
	it("opens on a 差评: call back by the same hour next working day, fix within 5, cap 15 (from a Friday, across the weekend)", async () => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-03-06T10:00:00+08:00")); // Friday
		admin = await as(ids.admin);
		const c = await closedCase();
		const res = await rate(c, { level: "不满意", problems: ["办事效率"], text: "跑了两趟" });
		expect(res.status).toBe(201);
		expect(await followUp(c.id)).toMatchObject({
			contact_by: "2026-03-09T02:00:00.000Z", // Monday 10:00
			fix_by: "2026-03-13T02:00:00.000Z",
			cap_by: "2026-03-27T02:00:00.000Z",
			contacted_at: null,
		});
		vi.useRealTimers();
		admin = await as(ids.admin);
	});

	it("has no call to make when the rater asked not to be called (匿名)", async () => {
		const c = await closedCase();
		await rate(c, { level: "非常不满意", problems: ["办事便捷度"], anonymous: true });
		expect((await followUp(c.id))?.contact_by).toBeNull();
	});

	it("runs 回访 → 整改答复 → the applicant reads the reply and rates once more, never a third time", async () => {
		const c = await closedCase();
		await rate(c, { level: "不满意", problems: ["办事效率"] });
		const clerk = await as(ids["qingshi.clerkA"]);
		const head = await as(ids["qingshi.head"]);
		const agent = await as(ids["qingshi.agent"]);

		// Waiting for the reply: no second rating yet.
		expect(await codes(await rate(c, { level: "满意" }))).toEqual(["rating_wait_reply"]);
		// Agents see, they do not follow up; nobody closes it before the call.
		expect((await followUpStep(agent, c, { step: "contact", note: "已电话联系", version: 1 })).status).toBe(403);
		const early = await followUpStep(clerk, c, { step: "resolve", finding: "情况属实", fixNote: "已整改", reply: "已整改", version: 1 });
		expect(early.status).toBe(409);

		expect((await followUpStep(clerk, c, { step: "contact", note: "3月2日电话联系，申请人说等了很久", version: 1 })).status).toBe(200);
		expect((await followUpStep(clerk, c, { step: "contact", note: "再次联系", version: 2 })).status).toBe(409);
		// 申诉 is the head's decision.
		const appeal = { step: "resolve", finding: "申诉", fixNote: "评价人选错了办件", reply: "经核实为误评", version: 2 };
		expect((await followUpStep(clerk, c, appeal)).status).toBe(403);
		// A stale version is refused.
		const stale = await followUpStep(head, c, { ...appeal, finding: "情况属实", version: 1 });
		expect(stale.status).toBe(409);
		expect(await codes(stale)).toEqual(["stale"]);
		const reply = "已调整窗口排班，今后高龄津贴当天受理。感谢您的监督。";
		const resolved = await followUpStep(clerk, c, { step: "resolve", finding: "情况属实", fixNote: "调整排班", reply, version: 2 });
		expect(resolved.status).toBe(200);
		expect((await auditRows(c.trackingNo)).map((a) => a.action)).toEqual(
			expect.arrayContaining(["rating.create", "rating.followup.contact", "rating.followup.resolve"]),
		);

		const view = await (await rate(c, { level: "满意" })).json<{ ratings: { next: number | null; given: unknown[] } }>();
		expect(view.ratings.given).toEqual([
			expect.objectContaining({ assessNumber: 1, level: "不满意", reply }),
			expect.objectContaining({ assessNumber: 2, level: "满意", reply: null }),
		]);
		expect(view.ratings.next).toBeNull();
		expect(await codes(await rate(c, { level: "非常满意" }))).toEqual(["already_rated"]);
	});

	it("lets the head decide 申诉, and leaves that 差评 out of 满意率", async () => {
		const c = await newCase("qingshi");
		await driveTo(admin, c.trackingNo, "completed");
		await rate(c, { level: "非常不满意", problems: ["平台操作性"], anonymous: true });
		const head = await as(ids["qingshi.head"]);
		const appeal = {
			step: "resolve",
			finding: "申诉",
			fixNote: "评价内容与本办件无关，系误评",
			reply: "经核实，这条评价不是针对本次服务。",
			version: 1,
		};
		expect((await followUpStep(head, c, appeal)).status).toBe(200);
		const overview = await (await head("/api/staff/ratings")).json<{ figures: { leftOut: { appealed: number } } }>();
		expect(overview.figures.leftOut.appealed).toBeGreaterThanOrEqual(1);
	});

	it("refuses bad follow-up bodies with 422 and changes nothing", async () => {
		const c = await closedCase();
		await rate(c, { level: "不满意", problems: ["办事效率"] });
		const clerk = await as(ids["qingshi.clerkA"]);
		for (const body of [
			{},
			{ step: "call", version: 1 },
			{ step: "contact", version: 1 },
			{ step: "contact", note: "<b>x</b>", version: 1 },
			{ step: "contact", note: "好", version: "x" },
			{ step: "contact", note: "好", version: 1, extra: 1 },
			{ step: "resolve", finding: "其他", fixNote: "x", reply: "y", version: 1 },
			[],
		]) {
			const res = await followUpStep(clerk, c, body as Record<string, unknown>);
			expect(res.status, JSON.stringify(body)).toBe(422);
		}
		expect(await followUp(c.id)).toMatchObject({ contacted_at: null, version: 1 });
	});
});

describe("ratings typed in by staff", () => {
	it("records the window's rating as 政务大厅平板 and a station's paper card as 其他终端, each marked with who typed it", async () => {
		const clerk = await as(ids["qingshi.clerkA"]);
		const agent = await as(ids["qingshi.agent"]);
		const atWindow = await closedCase();
		const res = await clerk(`/api/staff/cases/${atWindow.trackingNo}/rating`, postJsonInit({ level: "非常满意" }));
		expect(res.status).toBe(201);
		expect((await ratingRows(atWindow.id))[0]).toMatchObject({ channel: "hallTablet", entered_by: ids["qingshi.clerkA"] });

		const card = await closedCase();
		const bad = await agent(`/api/staff/cases/${card.trackingNo}/rating`, postJsonInit({ level: "不满意", problems: ["平台操作性"] }));
		// In person the set is 服务效率 / 服务水平 / 服务态度.
		expect(bad.status).toBe(422);
		expect(
			(await agent(`/api/staff/cases/${card.trackingNo}/rating`, postJsonInit({ level: "不满意", problems: ["服务态度"] }))).status,
		).toBe(201);
		expect((await ratingRows(card.id))[0]).toMatchObject({ channel: "otherTerminal", entered_by: ids["qingshi.agent"] });
		expect(await auditRows(card.trackingNo, "rating.create")).toEqual([
			expect.objectContaining({ actor: `staff:${ids["qingshi.agent"]}` }),
		]);
	});

	it("keeps other centres' cases out of reach (404) and writes nothing", async () => {
		const c = await closedCase();
		for (const who of ["baihe.head", "baihe.clerkA", "baihe.agent", "qingshi.otherWindowA", "heba.head"] as const) {
			const caller = await as(ids[who]);
			expect((await caller(`/api/staff/cases/${c.trackingNo}/rating`, postJsonInit({ level: "满意" }))).status, who).toBe(404);
			expect((await caller(`/staff/cases/${c.trackingNo}/rating/`, formInit([["level", "满意"]]))).status, who).toBe(404);
		}
		expect(await ratingRows(c.id)).toEqual([]);
	});
});

const formInit = (entries: [string, string][]): RequestInit => ({
	method: "POST",
	headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
	body: new URLSearchParams(entries).toString(),
	redirect: "manual",
});

describe("the pages", () => {
	it("/track/ shows the rating form for a closed case, takes a plain form, and says when the centre will call", async () => {
		const c = await closedCase();
		const lookup = await fetchApp(
			"/api/applications/lookup",
			{
				...formInit([
					["trackingNo", c.trackingNo],
					["queryCode", c.queryCode],
				]),
			},
			{},
		);
		const page = await lookup.text();
		expect(page).toMatch(/<section id="track-rating"[^>]*aria-labelledby/);
		expect(page).not.toMatch(/<section id="track-rating"[^>]*hidden/);

		const missing = await rateForm(c, [["level", "不满意"]]);
		expect(missing.status).toBe(422);
		const html = await missing.text();
		expect(html).toContain("<title>错误：");
		expect(html).toContain("请选择哪方面不满意");
		expect(await ratingRows(c.id)).toEqual([]);

		const ok = await rateForm(c, [
			["level", "不满意"],
			["problems", "办事效率"],
			["problems", "办事便捷度"],
			["text", "等了很久"],
		]);
		expect(ok.status).toBe(201);
		const thanks = await ok.text();
		expect(thanks).toMatch(/中心会在\d{4}-\d{2}-\d{2} \d{2}:\d{2}前联系您核实情况/);
		expect(thanks).toContain("中心正在处理您的评价");
		expect(JSON.parse((await ratingRows(c.id))[0].problems_json)).toEqual(["办事效率", "办事便捷度"]);
	});

	it("the case page: the head records the call and the reply by form; 申诉 is offered to the head only", async () => {
		const c = await closedCase();
		await rate(c, { level: "不满意", problems: ["办事效率"] });
		const clerk = await as(ids["qingshi.clerkA"]);
		const head = await as(ids["qingshi.head"]);
		const clerkPage = await (await clerk(`/staff/cases/${c.trackingNo}/`)).text();
		expect(clerkPage).toMatch(/<section id="followup-contact"[^>]*aria-labelledby/);
		expect(clerkPage).not.toContain('id="f-finding-resolve-3"');
		expect(await (await head(`/staff/cases/${c.trackingNo}/`)).text()).toContain('id="f-finding-resolve-3"');

		const empty = await head(
			`/staff/cases/${c.trackingNo}/follow-up/`,
			formInit([
				["step", "contact"],
				["version", "1"],
				["note", ""],
			]),
		);
		expect(empty.status).toBe(422);
		expect(await empty.text()).toContain('id="f-note-contact-error"');
		const called = await head(
			`/staff/cases/${c.trackingNo}/follow-up/`,
			formInit([
				["step", "contact"],
				["version", "1"],
				["note", "已电话联系"],
			]),
		);
		expect(called.status).toBe(303);
		expect(called.headers.get("Location")).toBe(`/staff/cases/${c.trackingNo}/?done=rating_contact`);
		const resolved = await head(
			`/staff/cases/${c.trackingNo}/follow-up/`,
			formInit([
				["step", "resolve"],
				["version", "2"],
				["finding", "解释说明"],
				["fixNote", "按规定需要入户核查"],
				["reply", "需要入户核查，所以用了5天。"],
			]),
		);
		expect(resolved.status).toBe(303);
		expect(await followUp(c.id)).toMatchObject({ finding: "解释说明" });
	});

	it("the board counts open and late follow-ups; /staff/ratings/ lists them and refuses a bad range", async () => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-04-01T10:00:00+08:00"));
		admin = await as(ids.admin);
		const c = await newCase("baihe");
		await driveTo(admin, c.trackingNo, "completed");
		await rate(c, { level: "非常不满意", problems: ["办事效率"] });
		vi.setSystemTime(new Date("2026-04-02T10:30:00+08:00")); // past the call-back hour
		const late = await as(ids["baihe.head"]);
		const board = await (await late("/staff/")).text();
		expect(board).toMatch(/id="board-followups-late"[^>]*>\s*[1-9]/);
		const page = await (await late("/staff/ratings/")).text();
		expect(page).toContain(`/staff/cases/${c.trackingNo}/`);
		expect(page).toMatch(/data-colour="red"/);
		const api = await (await late("/api/staff/ratings")).json<{ followUps: { trackingNo: string; late: boolean }[] }>();
		expect(api.followUps.find((f) => f.trackingNo === c.trackingNo)).toMatchObject({ late: true });
		expect((await late("/api/staff/ratings?from=2026-04-02&to=2026-03-01")).status).toBe(400);
		expect((await late("/staff/ratings/?from=x&to=y")).status).toBe(400);
		vi.useRealTimers();
		admin = await as(ids.admin);
	});
});

describe("role × centre × route (BAD-INPUTS 25)", () => {
	/** A case of `centre` closed straight in the database: the matrix is about who, not how it closed. */
	async function closedAt(centre: Centre): Promise<TestCase> {
		const c = await newCase(centre);
		await env.DB.prepare("UPDATE applications SET status = 'completed', outcome = 'approved', closed_at = ?2 WHERE id = ?1")
			.bind(c.id, new Date().toISOString())
			.run();
		return c;
	}
	const cells = WHO.flatMap((who) => CENTRES.map((centre) => ({ who, centre, sees: SEES[who].includes(centre) })));
	const isAgent = (who: Who) => STAFF[who].role === "agent";

	it.each(cells.map((c) => ({ ...c, expected: c.sees ? 201 : 404 })))(
		"rating typed in (API): $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const c = await closedAt(centre);
			const res = await (await as(ids[who]))(`/api/staff/cases/${c.trackingNo}/rating`, postJsonInit({ level: "满意" }));
			expect(res.status).toBe(expected);
			expect(await ratingRows(c.id)).toHaveLength(expected === 201 ? 1 : 0);
		},
	);

	it.each(cells.map((c) => ({ ...c, expected: c.sees ? 303 : 404 })))(
		"rating typed in (page): $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const c = await closedAt(centre);
			const res = await (await as(ids[who]))(`/staff/cases/${c.trackingNo}/rating/`, formInit([["level", "基本满意"]]));
			expect(res.status).toBe(expected);
			expect(await ratingRows(c.id)).toHaveLength(expected === 303 ? 1 : 0);
		},
	);

	it.each(cells.map((c) => ({ ...c, expected: !c.sees ? 404 : isAgent(c.who) ? 403 : 200 })))(
		"follow-up (API and page): $who, case of $centre → $expected",
		async ({ who, centre, expected }) => {
			const caller = await as(ids[who]);
			const c = await closedAt(centre);
			await rate(c, { level: "不满意", problems: ["办事效率"] });
			const res = await followUpStep(caller, c, { step: "contact", note: "已电话联系", version: 1 });
			expect(res.status).toBe(expected);
			const page = await caller(
				`/staff/cases/${c.trackingNo}/follow-up/`,
				formInit([
					["step", "contact"],
					["version", "2"],
					["note", "再联系"],
				]),
			);
			// After the API's call is recorded, the page's second call is refused as a conflict.
			expect(page.status).toBe(expected === 200 ? 409 : expected);
			expect((await followUp(c.id))?.contacted_at !== null).toBe(expected === 200);
		},
	);

	it.each(WHO)("/staff/ratings/ and GET /api/staff/ratings: %s sees only follow-ups in scope", async (who) => {
		const made = await Promise.all(
			CENTRES.map(async (centre) => {
				const c = await closedAt(centre);
				await rate(c, { level: "非常不满意", problems: ["办事便捷度"] });
				return c;
			}),
		);
		const caller = await as(ids[who]);
		const api = await (await caller("/api/staff/ratings")).json<{ followUps: { trackingNo: string }[] }>();
		const page = await (await caller("/staff/ratings/")).text();
		CENTRES.forEach((centre, i) => {
			const sees = SEES[who].includes(centre);
			expect(
				api.followUps.some((f) => f.trackingNo === made[i].trackingNo),
				`${who} ${centre}`,
			).toBe(sees);
			expect(page.includes(`/staff/cases/${made[i].trackingNo}/`), `${who} ${centre}`).toBe(sees);
		});
	});

	it("refuses the staff routes without a session (401) and a cross-site post (403)", async () => {
		const c = await closedAt("qingshi");
		const nobody = callerWith(null);
		expect((await nobody(`/api/staff/cases/${c.trackingNo}/rating`, postJsonInit({ level: "满意" }))).status).toBe(401);
		expect((await nobody("/api/staff/ratings")).status).toBe(401);
		const head = await as(ids["qingshi.head"]);
		const crossSite = await head(`/api/staff/cases/${c.trackingNo}/rating`, {
			...postJsonInit({ level: "满意" }),
			headers: { "Content-Type": "application/json", Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
		});
		expect(crossSite.status).toBe(403);
		expect(await ratingRows(c.id)).toEqual([]);
	});
});

describe("default ratings: a setting, off unless a deployment sets it", () => {
	const china = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
	const runDaily = (at: Date, vars: Record<string, string>) =>
		worker.scheduled(createScheduledController({ scheduledTime: at, cron: "0 19 * * *" }), { ...env, ...vars });

	it("never invents a rating by default; with DEFAULT_RATING_AFTER_DAYS it records 基本满意, flagged and left out of 满意率", async () => {
		const c = await closedCase();
		const rated = await closedCase();
		await rate(rated, { level: "满意" });
		const later = new Date(Date.now() + 8 * 86_400_000);
		await runDaily(later, {});
		expect(await ratingRows(c.id)).toEqual([]);
		await runDaily(later, { DEFAULT_RATING_AFTER_DAYS: "7" });
		expect(await ratingRows(c.id)).toEqual([expect.objectContaining({ level: "基本满意", channel: "system", assess_number: 1 })]);
		expect((await ratingRows(rated.id)).map((r) => r.level)).toEqual(["满意"]);
		expect(await auditRows(c.trackingNo, "rating.default")).toHaveLength(1);
		// Running again adds nothing.
		await runDaily(later, { DEFAULT_RATING_AFTER_DAYS: "7" });
		expect(await ratingRows(c.id)).toHaveLength(1);
		const view = await (
			await fetchApp("/api/applications/lookup", postJsonInit({ trackingNo: c.trackingNo, queryCode: c.queryCode }), {})
		).json<{ ratings: { next: number | null; given: { isDefault: boolean }[] } }>();
		expect(view.ratings).toMatchObject({ next: null, given: [{ isDefault: true }] });
		const head = await as(ids["qingshi.head"]);
		const figures = (
			await (
				await head(`/api/staff/ratings?from=${china(new Date())}&to=${china(later)}`)
			).json<{ figures: { leftOut: { defaults: number }; rated: number } }>()
		).figures;
		expect(figures.leftOut.defaults).toBeGreaterThanOrEqual(1);
	});
});
