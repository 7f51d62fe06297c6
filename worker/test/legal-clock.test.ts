import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { servedAt } from "../src/services/deps";
import { validApplication } from "./helpers";
import {
	type Caller,
	DEV_VARS,
	type TestCase,
	type Who,
	act,
	answerCorrection,
	lookup,
	as,
	callerWith,
	commandFor,
	detail,
	list,
	newCase,
	permitApplication,
	seedStaff,
	sessionFor,
} from "./staff-helpers";
import { STAFF_COOKIE } from "../src/lib/staff-session";

/**
 * The legal clock on real 2026 dates (the committed calendar, Spring Festival included): 视为受理 counts
 * from receipt, a case accepted by law takes no late 补正 or 不予受理, and only an item whose rule says
 * so (行政许可法 for 行政许可) is ever deemed accepted.
 */

let ids: Record<Who, number>;
const made: string[] = [];

beforeAll(async () => {
	ids = await seedStaff("clock");
});

afterEach(async () => {
	vi.useRealTimers();
	// These cases live on past dates: closed now, so the boards of later tests do not count them.
	for (const trackingNo of made.splice(0))
		await env.DB.prepare("UPDATE applications SET status = 'withdrawn', closed_at = ?2 WHERE tracking_no = ?1")
			.bind(trackingNo, new Date().toISOString())
			.run();
});

/** Sets the clock to `day` at 10:00 in China and answers `who` signed in then. */
async function asAt(who: Who, day: string): Promise<Caller> {
	await on(day);
	return as(ids[who]);
}

/** Sets the clock to `day` at `time` in China and answers the city admin signed in then. */
async function on(day: string, time = "10:00"): Promise<Caller> {
	vi.useFakeTimers({ toFake: ["Date"] });
	vi.setSystemTime(new Date(`${day}T${time}:00+08:00`));
	return as(ids.admin);
}

/** A case submitted now (the fake clock's now): 个体工商户登记 (行政许可) unless told. */
async function submit(body = permitApplication()): Promise<TestCase> {
	const c = await newCase("qingshi", {}, body);
	made.push(c.trackingNo);
	return c;
}

async function refusal(res: Response): Promise<{ status: number; codes: string[] }> {
	const body = await res.json<{ errors?: { code: string }[] }>();
	return { status: res.status, codes: (body.errors ?? []).map((e) => e.code) };
}

describe("视为受理 counts from receipt (行政许可法第三十二条第一款第（四）项)", () => {
	it("runs the clock from the day of receipt once the 5 working days pass in silence, and keeps it there after a late 受理", async () => {
		await on("2026-03-02"); // Monday
		const c = await submit();
		// Monday 03-09 is the 5th working day: still in time, on the answer clock (受理期限), due today.
		expect(await detail(await on("2026-03-09", "23:59"), c.trackingNo)).toMatchObject({
			deemedAccepted: false,
			clockStartsOn: null,
			clock: { kind: "answer", dueOn: "2026-03-09", remaining: 0, colour: "yellow" },
		});
		// From Tuesday the law counts it accepted since 03-02: the clock runs before anyone clicks. 个体工商户登记
		// promises 当场 (0 days), so it was due the day it came in and is overdue.
		const admin = await on("2026-03-10");
		expect(await detail(admin, c.trackingNo)).toMatchObject({
			status: "submitted",
			deemedAccepted: true,
			clockStartsOn: "2026-03-02",
			clock: { dueOn: "2026-03-02", colour: "red" },
		});
		expect((await list(admin, { due: "red" })).cases.map((x) => x.trackingNo)).toContain(c.trackingNo);
		const waiting = (await list(admin)).deemedAccepted;
		expect(waiting).toBeGreaterThan(0);

		// Accepted on 03-26: the date is recorded, the clock and the flag stay where the law put them.
		const late = await on("2026-03-26");
		expect((await act(late, c.trackingNo, commandFor("accept", 1))).status).toBe(200);
		const after = await detail(await on("2026-03-27"), c.trackingNo);
		expect(after).toMatchObject({
			status: "accepted",
			acceptedOn: "2026-03-26",
			deemedAccepted: true,
			clockStartsOn: "2026-03-02",
			clock: { dueOn: "2026-03-02", colour: "red" },
		});
		expect(after.timeline.at(-1)?.note).toContain("依法自2026-03-02起视为受理");
		// No longer waiting for a click: out of the board's 视为受理 count, still among the red ones.
		const admin27 = await on("2026-03-27");
		expect((await list(admin27)).deemedAccepted).toBe(waiting - 1);
		expect((await list(admin27, { due: "red" })).cases.map((x) => x.trackingNo)).toContain(c.trackingNo);
	});

	it("offers no 补正 and no 不予受理 once the case is accepted by law: the API refuses them, the page leaves them out", async () => {
		// Thursday 2026-02-12: Fri 13, Sat 14 (调休), then the Spring Festival; the 5th working day is Thursday 02-26.
		await on("2026-02-12");
		const inTime = await submit();
		const tooLate = await submit();
		const lastDay = await on("2026-02-26", "17:00");
		expect((await act(lastDay, inTime.trackingNo, commandFor("request_correction", 1))).status).toBe(200);

		const nextDay = await on("2026-02-27");
		for (const action of ["request_correction", "refuse"] as const)
			expect(await refusal(await act(nextDay, tooLate.trackingNo, commandFor(action, 1)))).toEqual({
				status: 409,
				codes: ["deemed_accepted"],
			});
		const page = await (await nextDay(`/staff/cases/${tooLate.trackingNo}/`)).text();
		expect(page).toMatch(/id="action-request_correction" aria-labelledby="action-request_correction-title" hidden>/);
		expect(page).toMatch(/id="action-refuse" aria-labelledby="action-refuse-title" hidden>/);
		expect(page).toMatch(/id="action-accept" aria-labelledby="action-accept-title">/);
		expect(page).toContain("依法自收到之日（2026-02-12）起视为受理（《中华人民共和国行政许可法》第三十二条第一款第（四）项、第八十二条）");
		// The due date the page shows counts from receipt: 个体工商户登记 promises 当场, so it was due on 02-12.
		expect(page).toMatch(/<dd id="case-due">办结期限 <span class="app-staff-word app-staff-word--red">超期<\/span> 2026-02-12，/);
		expect((await act(nextDay, tooLate.trackingNo, commandFor("accept", 1))).status).toBe(200);
		// The notice in time keeps the case out of 视为受理, also once the applicant has answered it.
		await on("2026-03-02");
		expect((await answerCorrection(inTime)).status).toBe(200);
		// Answered Monday 03-02: the centre decides on acceptance within 5 working days of the answer, by 03-09;
		// the applicant reads the date, the board shows the case red once it has passed.
		expect(await lookup(inTime)).toMatchObject({ answerBy: "2026-03-09", next: expect.stringContaining("会在2026-03-09前告诉您是否受理") });
		expect(await detail(await on("2026-03-20"), inTime.trackingNo)).toMatchObject({
			status: "submitted",
			deemedAccepted: false,
			clock: { kind: "answer", dueOn: "2026-03-09", colour: "red" },
		});
	});

	it("keeps the flag of a notice sent too late, after the applicant answers it", async () => {
		await on("2026-03-02");
		const c = await submit();
		// A notice sent before this rule held, on the 6th working day.
		const admin = await on("2026-03-09");
		expect((await act(admin, c.trackingNo, commandFor("request_correction", 1))).status).toBe(200);
		await env.DB.prepare("UPDATE corrections SET requested_at = '2026-03-10T02:00:00Z' WHERE application_id = ?1").bind(c.id).run();
		await on("2026-03-11");
		expect((await answerCorrection(c)).status).toBe(200);
		expect(await detail(await on("2026-03-12"), c.trackingNo)).toMatchObject({ status: "submitted", deemedAccepted: true });
	});

	it("never deems accepted an item without the rule: 高龄津贴 (行政给付) waits for the window however long", async () => {
		await on("2026-03-02");
		const c = await submit(validApplication());
		const admin = await on("2026-04-30");
		// Late against the centre's own 5-working-day promise, so red on the answer clock, but never 视为受理.
		expect(await detail(admin, c.trackingNo)).toMatchObject({
			deemedAccepted: false,
			clockStartsOn: null,
			clock: { kind: "answer", dueOn: "2026-03-09", colour: "red" },
		});
		expect((await act(admin, c.trackingNo, commandFor("request_correction", 1))).status).toBe(200);
	});
});

describe("DEV_TODAY: a fixed today for demonstration, on a developer's machine only", () => {
	const real = new Date("2026-11-29T06:30:00Z"); // 14:30 in China

	it("takes the day, keeps the time of day, and is ignored with ACCESS_AUD set or on another host", () => {
		const local = "http://127.0.0.1:8787/staff/";
		expect(servedAt({ DEV_TODAY: "2026-03-27" }, local, real).toISOString()).toBe("2026-03-27T06:30:00.000Z");
		expect(servedAt({ DEV_TODAY: "2026-03-27", ACCESS_AUD: "aud" }, local, real)).toBe(real);
		expect(servedAt({ DEV_TODAY: "2026-03-27" }, "https://bianmin.example.gov.cn/staff/", real)).toBe(real);
		expect(servedAt({}, local, real)).toBe(real);
		expect(() => servedAt({ DEV_TODAY: "27/03/2026" }, local, real)).toThrow(/DEV_TODAY must be a date/);
	});

	it("shows a case's clock as of that day through the Worker", async () => {
		await on("2026-03-02");
		const c = await submit();
		vi.useRealTimers();
		const cookie = `${STAFF_COOKIE}=${await sessionFor(ids.admin)}`;
		const asOf = (day: string) => detail(callerWith(cookie, { ...DEV_VARS, DEV_TODAY: day }), c.trackingNo);
		expect(await asOf("2026-03-09")).toMatchObject({ deemedAccepted: false });
		expect(await asOf("2026-03-10")).toMatchObject({ deemedAccepted: true, clockStartsOn: "2026-03-02" });
	});
});

describe("法定时限 beside the promise: 超法定时限 is its own state", () => {
	it("shows both due dates, turns red past the promise and 超法定时限 past the legal limit, on the board, the page and the CSV", async () => {
		// 个体工商户登记: promised 当场 (0 days), legal 3 working days (市场主体登记管理条例第十九条).
		const monday = await on("2026-03-02");
		const c = await submit();
		expect((await act(monday, c.trackingNo, commandFor("accept", 1))).status).toBe(200);

		const wednesday = await on("2026-03-04");
		expect((await detail(wednesday, c.trackingNo)).clock).toMatchObject({
			kind: "finish",
			dueOn: "2026-03-02",
			colour: "red",
			legal: { dueOn: "2026-03-05", overdue: false },
		});
		const before = (await list(wednesday)).counts;
		expect((await list(wednesday, { due: "legal" })).cases.map((x) => x.trackingNo)).not.toContain(c.trackingNo);

		const friday = await on("2026-03-06");
		expect((await detail(friday, c.trackingNo)).clock?.legal).toEqual({ dueOn: "2026-03-05", overdue: true });
		const board = await list(friday);
		expect(board.counts.legal).toBe(before.legal + 1);
		expect(board.counts.red).toBe(before.red);
		expect((await list(friday, { due: "legal" })).cases.map((x) => x.trackingNo)).toContain(c.trackingNo);

		const page = await (await friday(`/staff/cases/${c.trackingNo}/`)).text();
		expect(page).toMatch(
			/<dd id="case-due">办结期限 <span[^>]*>超期<\/span> 2026-03-02，已超期\d+个工作日；法定期限2026-03-05 <strong class="app-staff-word app-staff-word--legal">超法定时限<\/strong><\/dd>/,
		);
		const staffPage = await (await friday("/staff/?due=legal")).text();
		expect(staffPage).toMatch(new RegExp(`id="board-legal">\\s*${board.counts.legal}\\s*<`));

		const csv = await (await friday("/api/staff/cases/export.csv?from=2026-03-01&to=2026-03-31")).text();
		const [header, ...rows] = csv
			.replace(/^\uFEFF/, "")
			.trim()
			.split("\r\n");
		expect(header).toContain('"受理期限","办结期限","期限状态","法定期限","超法定时限"');
		expect(rows.find((l) => l.includes(c.trackingNo))).toContain('"","2026-03-02","超期","2026-03-05","是"');
	});
});

describe("延长 (行政许可法第四十二条, or the item's own rule): once, by the centre head, told to the applicant", () => {
	it("lets the head extend a 个体工商户登记 by its own 3 working days, once; a clerk may not; an item without a rule may not", async () => {
		// 市场主体登记管理条例第十九条: 情形复杂的，经登记机关负责人批准，可以再延长3个工作日.
		const monday = await on("2026-03-02");
		const c = await submit();
		expect((await act(monday, c.trackingNo, commandFor("accept", 1))).status).toBe(200);
		expect((await act(monday, c.trackingNo, commandFor("start", 2))).status).toBe(200);

		const head = await asAt("qingshi.head", "2026-03-04");
		const clerk = await asAt("qingshi.clerkA", "2026-03-04");
		// A clerk of another window does not even see it; the city admin sees it but approves nothing of a centre's.
		expect(await refusal(await act(clerk, c.trackingNo, commandFor("extend", 3)))).toEqual({ status: 404, codes: ["not_found"] });
		expect(await refusal(await act(await on("2026-03-04"), c.trackingNo, commandFor("extend", 3)))).toEqual({
			status: 403,
			codes: ["forbidden"],
		});
		const page = await (await head(`/staff/cases/${c.trackingNo}/`)).text();
		expect(page).toMatch(/id="action-extend" aria-labelledby="action-extend-title">/);

		expect((await act(head, c.trackingNo, commandFor("extend", 3))).status).toBe(200);
		const after = await detail(head, c.trackingNo);
		// From Monday 03-02: promised 当场 + 3 → Thursday 03-05; legal 3 + 3 working days → Tuesday 03-10.
		expect(after.clock).toMatchObject({ dueOn: "2026-03-05", legal: { dueOn: "2026-03-10", overdue: false } });
		expect(after.timeline.at(-1)).toMatchObject({ kind: "extend", staff: "青石主任" });
		expect(after.timeline.at(-1)?.note).toBe(
			"经中心负责人批准，办理期限延长3个工作日（《中华人民共和国市场主体登记管理条例》第十九条第一款），新的办结期限为2026-03-05。理由：需要到县里调取经营场所的产权档案",
		);
		// The applicant reads the same note on /track/.
		expect((await lookup(c)).timeline.at(-1)?.note).toContain("办理期限延长3个工作日");
		expect(await refusal(await act(head, c.trackingNo, commandFor("extend", 4)))).toEqual({ status: 409, codes: ["extension_once"] });
		expect(await (await head(`/staff/cases/${c.trackingNo}/`)).text()).toMatch(
			/id="action-extend" aria-labelledby="action-extend-title" hidden>/,
		);

		// 高龄津贴 has no rule that allows an extension.
		const other = await submit(validApplication());
		const admin = await on("2026-03-04");
		expect((await act(admin, other.trackingNo, commandFor("accept", 1))).status).toBe(200);
		expect((await act(admin, other.trackingNo, commandFor("start", 2))).status).toBe(200);
		expect(await refusal(await act(await asAt("qingshi.head", "2026-03-04"), other.trackingNo, commandFor("extend", 3)))).toEqual({
			status: 409,
			codes: ["no_extension"],
		});
	});
});

describe("挂起 only for a procedure the law leaves out of the limit, with the expected end told to the applicant", () => {
	it("offers a 行政许可 case 行政许可法第四十五条's procedures, refuses any other, and tells the applicant what and until when", async () => {
		const monday = await on("2026-03-02");
		const c = await submit();
		expect((await act(monday, c.trackingNo, commandFor("accept", 1))).status).toBe(200);
		expect((await act(monday, c.trackingNo, commandFor("start", 2))).status).toBe(200);

		const admin = await on("2026-03-04");
		const page = await (await admin(`/staff/cases/${c.trackingNo}/`)).text();
		expect(page).toMatch(/id="action-suspend" aria-labelledby="action-suspend-title">/);
		const offered = [...page.matchAll(/name="procedure" value="([^"]+)"/g)].map((m) => m[1]);
		expect(offered).toEqual(["听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审"]);

		const body = (procedure: string, expectedBy: string) => ({
			action: "suspend",
			version: 3,
			procedure,
			expectedBy,
			reason: "送检经营场所消防设施",
		});
		const wrong = await act(admin, c.trackingNo, body("公示", "2026-03-20"));
		expect(wrong.status).toBe(422);
		const errors = (await wrong.json<{ errors: { field?: string; message: string }[] }>()).errors;
		expect(errors).toEqual([
			expect.objectContaining({
				field: "procedure",
				message: expect.stringContaining("只能是：听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审"),
			}),
		]);
		expect((await act(admin, c.trackingNo, body("检验", "2026-03-04"))).status).toBe(422);
		expect((await act(admin, c.trackingNo, body("检验", "2026-03-20"))).status).toBe(200);
		// Decided on Wednesday 03-04, which still counts; the pause starts on Thursday, the next working day.
		expect((await detail(admin, c.trackingNo)).clock?.paused).toBe(false);
		expect((await detail(await on("2026-03-05"), c.trackingNo)).clock?.paused).toBe(true);

		const view = await lookup(c);
		expect(view.next).toBe("正在进行检验（《中华人民共和国行政许可法》第四十五条），预计2026-03-20前结束，这段时间不计入办理时限。");
		expect(view.timeline.at(-1)?.note).toBe(
			"因检验暂停计时（《中华人民共和国行政许可法》第四十五条），预计2026-03-20前结束，这段时间不计入办理时限。说明：送检经营场所消防设施",
		);
	});

	it("does not let an item without such a procedure (高龄津贴) be suspended, and its page does not offer it", async () => {
		const admin = await on("2026-03-04");
		const c = await submit(validApplication());
		expect((await act(admin, c.trackingNo, commandFor("accept", 1))).status).toBe(200);
		expect((await act(admin, c.trackingNo, commandFor("start", 2))).status).toBe(200);
		expect(await refusal(await act(admin, c.trackingNo, commandFor("suspend", 3)))).toEqual({ status: 409, codes: ["no_suspension"] });
		expect(await (await admin(`/staff/cases/${c.trackingNo}/`)).text()).toMatch(
			/id="action-suspend" aria-labelledby="action-suspend-title" hidden>/,
		);
	});
});
