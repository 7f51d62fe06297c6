import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { BASE } from "./helpers";
import {
	type Who,
	act,
	as,
	callerWith,
	commandFor,
	fetchApp,
	newCase,
	permitApplication,
	postJsonInit,
	row,
	seedStaff,
} from "./staff-helpers";

/**
 * 电子监察 (issue 12): March 2026 at 青石 played through the Worker's own routes, with the hourly sweep
 * run at chosen moments. Each rule fires on the case, complaint or centre it names, is recorded with
 * GB/T 39046's fields, and closes — by itself when the condition is gone, or by the head with a result.
 */

let ids: Record<Who, number>;
beforeAll(async () => {
	ids = await seedStaff("supervision");
});
afterEach(() => void vi.useRealTimers());

const on = (chinaTime: string) => {
	vi.useFakeTimers({ toFake: ["Date"] });
	vi.setSystemTime(new Date(`${chinaTime}+08:00`));
};
const HOURLY = "0 * * * *";
/** The hourly sweep at a China time (its own clock: the controller's time, as in production). */
const sweep = (chinaTime: string, vars: Record<string, string> = {}) =>
	worker.scheduled(createScheduledController({ scheduledTime: new Date(`${chinaTime}+08:00`), cron: HOURLY }), { ...env, ...vars });
const step = async (trackingNo: string, action: Parameters<typeof commandFor>[0], extra: Record<string, unknown> = {}) => {
	const res = await act(await as(ids.admin), trackingNo, { ...commandFor(action, (await row(trackingNo)).version), ...extra });
	if (res.status !== 200) throw new Error(`${action}: ${res.status} ${await res.text()}`);
};

interface Rec {
	no: string;
	ruleId: string;
	colour: string;
	subjectType: string;
	subject: string;
	content: string;
	centre: string;
	window: string | null;
	itemTypeCode: string | null;
	stateAt: string;
	firedAt: string;
	closedAt: string | null;
	result: string | null;
}
interface Board {
	nearDays: number;
	open: Rec[];
	closed: Rec[];
	byCentre: { centre: string; counts: Record<string, number> }[];
}
const board = async (who: Who = "admin") => (await (await as(ids[who]))("/api/staff/supervision")).json<Board>();
/** Every record of a subject straight from the table: what the sweep wrote, open or closed. */
const records = async (subject: string) =>
	(
		await env.DB.prepare("SELECT rule_id, closed_at, result, closed_by FROM supervision_records WHERE subject = ?1 ORDER BY id")
			.bind(subject)
			.all<{ rule_id: string; closed_at: string | null; result: string | null; closed_by: string | null }>()
	).results;
const openRules = async (subject: string) => (await records(subject)).filter((r) => r.closed_at === null).map((r) => r.rule_id);

describe("电子监察: the sweep records each firing and closes it", () => {
	let running: { trackingNo: string };
	let waiting: { trackingNo: string };
	let noticed: { trackingNo: string };

	it("fires 黄牌 near the promise, a late 受理, a late 补正 notice and a silent working day, with GB/T 39046's fields", async () => {
		on("2026-03-02T10:00:00");
		running = await newCase("qingshi");
		waiting = await newCase("qingshi");
		noticed = await newCase("qingshi");
		for (const a of ["accept", "start"] as const) await step(running.trackingNo, a);
		// 受理 within 5 working days of 03-02 means by 03-09: the 补正 notice on 03-12 is late.
		on("2026-03-12T09:00:00");
		await step(noticed.trackingNo, "request_correction");

		await sweep("2026-03-12T15:00:00");
		// 10 working days from 03-02: due 03-16, two working days left on 03-12 (SUPERVISION_NEAR_DAYS 2).
		expect(await openRules(running.trackingNo)).toEqual(["JC01"]);
		expect(await openRules(waiting.trackingNo)).toEqual(["JC04"]);
		expect(await openRules(noticed.trackingNo)).toEqual(["JC05"]);
		// 03-11 was a working day with three open cases at 青石 and no event at all.
		expect(await openRules("qingshi/2026-03-11")).toEqual(["JC09"]);
		expect(await openRules("baihe/2026-03-11")).toEqual([]);

		const all = await board();
		const near = all.open.find((r) => r.subject === running.trackingNo)!;
		expect(near).toMatchObject({ ruleId: "JC01", colour: "yellow", subjectType: "case", centre: "qingshi", window: "minzheng" });
		// 高龄津贴 is 行政给付: 事项类型代码 05.
		expect(near.itemTypeCode).toBe("05");
		expect(near.no).toMatch(/^JC01-20260312-\d{6}$/);
		expect(near.content).toContain("2026-03-16");
		expect(near.closedAt).toBeNull();
		expect(all.nearDays).toBe(2);
		const qingshi = all.byCentre.find((c) => c.centre === "qingshi")!;
		expect(qingshi.counts).toMatchObject({ JC01: 1, JC04: 1, JC05: 1, JC09: 1 });
	});

	it("does not record a firing twice; turns 黄牌 into 红牌 past the promise, and closes it once the case is done", async () => {
		await sweep("2026-03-12T16:00:00");
		expect((await records(running.trackingNo)).length).toBe(1);

		await sweep("2026-03-17T10:00:00");
		const after = await records(running.trackingNo);
		expect(after.map((r) => [r.rule_id, r.closed_at === null])).toEqual([
			["JC01", false],
			["JC02", true],
		]);
		expect(after[0].result).toContain("转为红牌");
		expect(after[0].closed_by).toBe("system");

		on("2026-03-18T10:00:00");
		await step(running.trackingNo, "complete", { overdueReason: "需要县民政局复核户籍" });
		await step(waiting.trackingNo, "accept");
		await sweep("2026-03-18T11:00:00");
		expect(await openRules(running.trackingNo)).toEqual([]);
		expect((await records(running.trackingNo))[1].result).toContain("已办结");
		expect(await openRules(waiting.trackingNo)).toEqual([]);
		expect((await records(waiting.trackingNo))[0].result).toContain("已受理");
	});

	it("lets only the centre head close a fact that stays true, with a written result, audited; it never fires again", async () => {
		on("2026-03-18T13:00:00");
		const [late] = (await board("qingshi.head")).open.filter((r) => r.subject === noticed.trackingNo);
		const close = async (who: Who, body: unknown) => (await as(ids[who]))(`/api/staff/supervision/${late.no}/close`, postJsonInit(body));
		expect((await close("qingshi.clerkA", { result: "已核实" })).status).toBe(403);
		expect((await close("baihe.head", { result: "已核实" })).status).toBe(404);
		expect((await close("qingshi.head", { result: "  " })).status).toBe(422);
		expect((await close("qingshi.head", { result: "x".repeat(201) })).status).toBe(422);
		expect((await close("qingshi.head", { result: "已核实", extra: 1 })).status).toBe(422);
		expect(await openRules(noticed.trackingNo)).toEqual(["JC05"]);

		const result = "经核实，窗口人员请假未交接，已批评教育并落实AB岗。";
		expect((await close("qingshi.head", { result })).status).toBe(200);
		expect((await close("qingshi.head", { result })).status).toBe(409);
		const [closed] = await records(noticed.trackingNo);
		expect(closed).toMatchObject({ rule_id: "JC05", result, closed_by: `staff:${ids["qingshi.head"]}` });
		const audit = await env.DB.prepare("SELECT actor FROM audit_entries WHERE action = 'supervision.close'").all<{ actor: string }>();
		expect(audit.results.map((a) => a.actor)).toEqual([`staff:${ids["qingshi.head"]}`]);

		await sweep("2026-03-18T12:00:00");
		expect((await records(noticed.trackingNo)).length).toBe(1);
		// A rule the sweep closes is not for a head to close.
		const swept = (await board()).closed.find((r) => r.ruleId === "JC02")!;
		expect((await (await as(ids.admin))(`/api/staff/supervision/${swept.no}/close`, postJsonInit({ result }))).status).toBe(409);
	});

	it("marks past the legal limit on its own, and a refusal with no reason on record", async () => {
		on("2026-03-02T10:00:00");
		// 个体工商户登记: promised 即办, legal 3 working days (市场主体登记管理条例第十九条): 03-05.
		const permit = await newCase("qingshi", {}, permitApplication());
		await step(permit.trackingNo, "accept");
		const refused = await newCase("baihe");
		// Written around the Worker, as an import would: refused with no audited reason.
		await env.DB.prepare("UPDATE applications SET status = 'not_accepted', closed_at = ?2 WHERE tracking_no = ?1")
			.bind(refused.trackingNo, new Date("2026-03-03T02:00:00Z").toISOString())
			.run();
		await sweep("2026-03-09T10:00:00");
		expect(await openRules(permit.trackingNo)).toEqual(["JC02", "JC03"]);
		expect(await openRules(refused.trackingNo)).toEqual(["JC06"]);
		const legal = (await board("qingshi.head")).open.find((r) => r.ruleId === "JC03")!;
		expect(legal).toMatchObject({ colour: "legal", itemTypeCode: "01", subject: permit.trackingNo });
		expect(legal.stateAt).toBe(new Date("2026-03-06T00:00:00+08:00").toISOString());
		// The head of another centre sees none of it.
		const baihe = await board("baihe.head");
		expect(baihe.open.map((r) => r.ruleId)).toEqual(["JC06"]);
		expect((await board("qingshi.head")).open.some((r) => r.centre === "baihe")).toBe(false);
	});

	it("counts SUPERVISION_NEAR_DAYS as set", async () => {
		on("2026-04-01T10:00:00");
		const c = await newCase("qingshi");
		for (const a of ["accept", "start"] as const) await step(c.trackingNo, a);
		// Due 04-16 (清明 04-06 is off); on 04-08 six working days are left.
		await sweep("2026-04-08T10:00:00");
		expect(await openRules(c.trackingNo)).toEqual([]);
		await sweep("2026-04-08T11:00:00", { SUPERVISION_NEAR_DAYS: "6" });
		expect(await openRules(c.trackingNo)).toEqual(["JC01"]);
	});
});

describe("电子监察 of the citizen's voice", () => {
	it("fires when a 差评 is not called back in time or a complaint not answered, and closes when it is done", async () => {
		on("2026-05-06T10:00:00");
		const c = await newCase("qingshi");
		for (const a of ["accept", "start", "complete"] as const) await step(c.trackingNo, a);
		const rating = await fetchApp(
			"/api/applications/rating",
			postJsonInit({ trackingNo: c.trackingNo, queryCode: c.queryCode, level: "不满意", problems: ["办事效率"] }),
			{},
		);
		expect(rating.status).toBe(201);
		const complaint = await fetchApp(
			"/api/complaints",
			postJsonInit({
				type: "投诉",
				centre: "baihe",
				title: "窗口中午没人",
				content: "5月6日中午去民政窗口办事，一直没有人接待。",
				replyByPhone: false,
				asPetition: false,
				consent: true,
			}),
			{},
		);
		expect(complaint.status).toBe(201);
		const complaintNo = (await complaint.json<{ trackingNo: string }>()).trackingNo;

		// Call back by 05-07 10:00; acknowledge the complaint by 05-07.
		await sweep("2026-05-07T09:00:00");
		expect(await openRules(c.trackingNo)).toEqual([]);
		await sweep("2026-05-08T11:00:00");
		expect(await openRules(c.trackingNo)).toEqual(["JC07"]);
		expect(await openRules(complaintNo)).toEqual(["JC08"]);
		const voice = (await board()).open.filter((r) => r.ruleId === "JC07" || r.ruleId === "JC08");
		expect(voice.map((r) => [r.ruleId, r.subjectType])).toEqual(
			expect.arrayContaining([
				["JC07", "case"],
				["JC08", "complaint"],
			]),
		);

		on("2026-05-08T14:00:00");
		const followUp = await env.DB.prepare(
			"SELECT f.version FROM rating_followups f JOIN applications a ON a.id = f.application_id WHERE a.tracking_no = ?1",
		)
			.bind(c.trackingNo)
			.first<{ version: number }>();
		const called = await (
			await as(ids.admin)
		)(
			`/api/staff/cases/${c.trackingNo}/follow-up`,
			postJsonInit({ step: "contact", note: "已电话联系，说明了审核流程。", version: followUp!.version }),
		);
		expect(called.status, await called.clone().text()).toBe(200);
		await sweep("2026-05-08T15:00:00");
		expect(await openRules(c.trackingNo)).toEqual([]);
		expect((await records(c.trackingNo))[0].result).toContain("已联系评价人");
	});

	it("runs only the sweep on the hourly trigger: the daily work waits for the daily one", async () => {
		const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM performance_monthly").first<{ n: number }>();
		await sweep("2026-05-08T16:00:00");
		const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM performance_monthly").first<{ n: number }>();
		expect(after!.n).toBe(before!.n);
	});
});

describe("电子监察 pages", () => {
	it("shows the board by centre and the open warnings to the admin, the head's centre first thing on /staff/, and nothing to agents", async () => {
		const page = await (await as(ids.admin))("/staff/supervision/");
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toMatch(/<tr data-centre="qingshi"><th scope="row">青石镇便民服务中心<\/th>/);
		expect(html).toContain("监察结果描述");
		expect(html).toMatch(/<tr data-rule="JC03" data-colour="legal">/);

		const head = await (await (await as(ids["baihe.head"]))("/staff/")).text();
		expect(head).toMatch(/id="staff-warnings-count">2</);
		expect(head).toMatch(/<li data-rule="JC06">/);
		expect(head).toMatch(/<li data-rule="JC08">/);
		expect(head).not.toMatch(/<li data-rule="JC03">/);

		const agent = await as(ids["qingshi.agent"]);
		expect((await agent("/api/staff/supervision")).status).toBe(403);
		expect((await agent("/staff/supervision/")).status).toBe(403);
		expect(await (await agent("/staff/")).text()).toMatch(/<section id="staff-warnings"[^>]*hidden/);
	});

	it("closes a warning through the plain form, and says what was wrong when the result is missing", async () => {
		const head = await as(ids["baihe.head"]);
		const jc06 = (await board("baihe.head")).open.find((r) => r.ruleId === "JC06")!;
		const form = (result: string) =>
			head(`/staff/supervision/${jc06.no}/close/`, {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
				body: new URLSearchParams({ result }).toString(),
			});
		const refused = await form("");
		expect(refused.status).toBe(422);
		expect(await refused.text()).toContain(`href="#f-result-${jc06.no}"`);
		const done = await form("已补发不予受理决定书并写明理由。");
		expect(done.status).toBe(303);
		expect(done.headers.get("Location")).toBe(`/staff/supervision/?closed=${jc06.no}`);
		expect(await openRules(jc06.subject)).toEqual([]);
	});

	it("refuses the signed-out, a cross-site post, an unknown number and a body that is no form, writing nothing", async () => {
		const nobody = callerWith(null);
		expect((await nobody("/api/staff/supervision")).status).toBe(401);
		expect((await nobody("/staff/supervision/")).status).toBe(303);
		const open = (await board()).open.find((r) => r.ruleId === "JC09")!;
		const before = await records(open.subject);
		const admin = await as(ids.admin);
		const crossSite = await admin(`/api/staff/supervision/${open.no}/close`, {
			method: "POST",
			headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
			body: JSON.stringify({ result: "已核实" }),
		});
		expect(crossSite.status).toBe(403);
		expect((await admin("/api/staff/supervision/JC09-20260101-999999/close", postJsonInit({ result: "已核实" }))).status).toBe(404);
		expect((await admin("/api/staff/supervision/not-a-number/close", postJsonInit({ result: "已核实" }))).status).toBe(404);
		const text = await admin(`/api/staff/supervision/${open.no}/close`, {
			method: "POST",
			headers: { "Content-Type": "text/plain", Origin: BASE },
			body: "已核实",
		});
		expect(text.status).toBe(415);
		expect(await records(open.subject)).toEqual(before);
	});
});
