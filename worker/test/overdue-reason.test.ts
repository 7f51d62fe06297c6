import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { BASE } from "./helpers";
import { type TestCase, type Who, act, as, auditRows, commandFor, newCase, postJsonInit, row, seedStaff } from "./staff-helpers";

/**
 * 超期原因 (优化营商环境条例第三十六条: "超过办理时间的，办理单位应当公开说明理由"): a case past its promise is
 * completed only with a reason, which is kept for publication; a case in time keeps none; the centre head
 * may correct it, audited with before and after.
 */

let ids: Record<Who, number>;
beforeAll(async () => {
	ids = await seedStaff("overdue");
});
afterEach(() => void vi.useRealTimers());

const on = (chinaTime: string) => {
	vi.useFakeTimers({ toFake: ["Date"] });
	vi.setSystemTime(new Date(`${chinaTime}+08:00`));
};

/** A 高龄津贴 case accepted and started on Monday 2026-03-02, then the clock set to `later`. */
async function startedThen(later: string): Promise<TestCase> {
	on("2026-03-02T09:00:00");
	const c = await newCase("qingshi");
	const admin = await as(ids.admin);
	for (const action of ["accept", "start"] as const) await act(admin, c.trackingNo, commandFor(action, (await row(c.trackingNo)).version));
	on(later);
	return c;
}

const complete = async (c: TestCase, extra: Record<string, unknown> = {}) =>
	act(await as(ids["qingshi.clerkA"]), c.trackingNo, { ...commandFor("complete", (await row(c.trackingNo)).version), ...extra });

const stored = async (c: TestCase) =>
	(await env.DB.prepare("SELECT overdue_reason FROM applications WHERE id = ?1").bind(c.id).first<{ overdue_reason: string | null }>())!
		.overdue_reason;

describe("办结 past the promise needs a published reason", () => {
	it("refuses to complete a late case without a reason (422 on overdueReason), changing nothing", async () => {
		const c = await startedThen("2026-07-01T10:00:00");
		const before = await row(c.trackingNo);
		const res = await complete(c);
		expect(res.status).toBe(422);
		const { errors } = await res.json<{ errors: { field: string; message: string }[] }>();
		expect(errors).toEqual([expect.objectContaining({ field: "overdueReason", message: expect.stringMatching(/已经超过承诺时限/) })]);
		expect(await row(c.trackingNo)).toEqual(before);
	});

	it("completes it with the reason, kept for publication and audited", async () => {
		const c = await startedThen("2026-07-01T10:00:00");
		const reason = "需要县民政局复核户籍信息，复核用了三周";
		expect((await complete(c, { overdueReason: reason })).status).toBe(200);
		expect(await stored(c)).toBe(reason);
		const [audit] = await auditRows(c.trackingNo, "application.complete");
		expect(JSON.parse(audit.after_json!)).toMatchObject({ overdueReason: reason });
	});

	it("keeps no reason for a case completed in time, even if one is sent", async () => {
		const c = await startedThen("2026-03-03T10:00:00");
		expect((await complete(c, { overdueReason: "没有超期" })).status).toBe(200);
		expect(await stored(c)).toBeNull();
	});

	it("takes the page's 办结 form with the reason box left empty for a case in time, and asks for it when late", async () => {
		const form = async (c: TestCase) =>
			(await as(ids["qingshi.clerkA"]))(`/staff/cases/${c.trackingNo}/actions/`, {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
				body: new URLSearchParams([
					["action", "complete"],
					["version", String((await row(c.trackingNo)).version)],
					["outcome", "approved"],
					["result", "经审核符合条件，予以批准"],
					["delivery", "窗口领取"],
					["overdueReason", ""],
				]).toString(),
				redirect: "manual",
			});
		const inTime = await startedThen("2026-03-03T10:00:00");
		expect((await form(inTime)).status).toBe(303);
		const late = await startedThen("2026-07-01T10:00:00");
		const refused = await form(late);
		expect(refused.status).toBe(422);
		expect(await refused.text()).toMatch(/id="f-overdueReason-complete-error"[^>]*>[^<]*已经超过承诺时限/);
	});

	it("refuses a reason too short or too long", async () => {
		const c = await startedThen("2026-07-01T10:00:00");
		for (const overdueReason of ["慢", "长".repeat(301)]) expect((await complete(c, { overdueReason })).status).toBe(422);
		expect(await stored(c)).toBeNull();
	});
});

describe("the centre head corrects it", () => {
	async function lateAndDone(): Promise<TestCase> {
		const c = await startedThen("2026-07-01T10:00:00");
		await complete(c, { overdueReason: "材料要到县里核实" });
		vi.useRealTimers();
		return c;
	}
	const edit = async (who: Who, c: TestCase, body: Record<string, unknown>) =>
		(await as(ids[who]))(`/api/staff/cases/${c.trackingNo}/overdue-reason`, postJsonInit(body));

	it("lets the head (and the admin) correct it, audited with before and after; a clerk or agent may not", async () => {
		const c = await lateAndDone();
		const version = (await row(c.trackingNo)).version;
		for (const who of ["qingshi.clerkA", "qingshi.agent"] as const)
			expect((await edit(who, c, { reason: "改过的原因", version })).status, who).toBe(403);
		expect((await edit("baihe.head", c, { reason: "改过的原因", version })).status).toBe(404);
		const res = await edit("qingshi.head", c, { reason: "需要到县不动产登记中心调取档案", version });
		expect(res.status).toBe(200);
		expect(await stored(c)).toBe("需要到县不动产登记中心调取档案");
		const [audit] = await auditRows(c.trackingNo, "application.overdue_reason");
		expect(JSON.parse(audit.before_json!)).toEqual({ overdueReason: "材料要到县里核实" });
		expect((await edit("qingshi.head", c, { reason: "再改一次原因", version })).status).toBe(409);
	});

	it("refuses a case without a reason (409), bad input (422), and takes the page's form (303)", async () => {
		const inTime = await startedThen("2026-03-03T10:00:00");
		await complete(inTime);
		vi.useRealTimers();
		expect((await edit("qingshi.head", inTime, { reason: "随便写写原因", version: (await row(inTime.trackingNo)).version })).status).toBe(
			409,
		);
		const c = await lateAndDone();
		const version = (await row(c.trackingNo)).version;
		expect((await edit("qingshi.head", c, { reason: "短", version })).status).toBe(422);
		expect((await edit("qingshi.head", c, { reason: "足够长的原因", version, extra: 1 })).status).toBe(422);
		const head = await as(ids["qingshi.head"]);
		const page = await head(`/staff/cases/${c.trackingNo}/`);
		const html = await page.text();
		expect(html).toContain("材料要到县里核实");
		expect(html).toMatch(/<form id="case-overdue-edit"(?![^>]*hidden)/);
		const form = await head(`/staff/cases/${c.trackingNo}/overdue-reason/`, {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
			body: new URLSearchParams([
				["version", String(version)],
				["reason", "县里复核排队"],
			]).toString(),
		});
		expect(form.status).toBe(303);
		expect(await stored(c)).toBe("县里复核排队");
		const clerkPage = await (await as(ids["qingshi.clerkA"]))(`/staff/cases/${c.trackingNo}/`);
		expect(await clerkPage.text()).toMatch(/<form id="case-overdue-edit"[^>]*hidden/);
	});
});
