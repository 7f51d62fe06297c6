import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { call, postForm, postJson } from "./helpers";

/**
 * 投诉建议 for citizens: filing without an account (JSON and the plain form), every bad input refused
 * with nothing written, /track/ finding a complaint by its number and query code, the rating of the
 * answer, the clock on real 2026 dates, and retention.
 */

afterEach(() => void vi.useRealTimers());

const good = (over: Record<string, unknown> = {}) => ({
	type: "投诉",
	centre: "qingshi",
	station: "shiqiao",
	window: "minzheng",
	item: "gaoling-jintie",
	title: "中午窗口没人办理",
	content: `3月2日中午去办高龄津贴，民政窗口一直没有人。${crypto.randomUUID()}`,
	name: "李秀英",
	phone: "13900001234",
	replyByPhone: true,
	asPetition: false,
	consent: true,
	...over,
});

interface Filed {
	trackingNo: string;
	queryCode: string;
	acknowledgeBy: string;
	answerBy: string;
}

const file = (body: unknown) => postJson("/api/complaints", body);
const rows = async () => (await env.DB.prepare("SELECT count(*) AS n FROM complaints").first<{ n: number }>())!.n;
const stored = (trackingNo: string) =>
	env.DB.prepare("SELECT * FROM complaints WHERE tracking_no = ?1").bind(trackingNo).first<Record<string, unknown>>();

describe("filing a complaint", () => {
	it("takes a complaint as JSON: its number, query code and dates; the words, name and phone encrypted; audited", async () => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-03-06T10:00:00+08:00")); // Friday
		const res = await file(good());
		expect(res.status).toBe(201);
		const body = await res.json<Filed>();
		expect(body).toMatchObject({ acknowledgeBy: "2026-03-09", answerBy: "2026-03-13", track: "/track/" });
		expect(body.queryCode).toMatch(/^\d{6}$/);
		const row = (await stored(body.trackingNo))!;
		expect(row).toMatchObject({
			type: "投诉",
			centre_slug: "qingshi",
			station_slug: "shiqiao",
			window_department: "minzheng",
			status: "received",
		});
		for (const column of ["content_cipher", "name_cipher", "phone_cipher"]) {
			expect(String(row[column])).not.toMatch(/李秀英|13900001234|窗口/);
		}
		const audit = await env.DB.prepare("SELECT actor, action FROM audit_entries WHERE subject_id = ?1").bind(body.trackingNo).all();
		expect(audit.results).toEqual([{ actor: "citizen", action: "complaint.create" }]);
	});

	it("runs a 信访 on calendar days (信访工作条例): notice within 15 days, answer 60 days after it", async () => {
		vi.useFakeTimers({ toFake: ["Date"] });
		vi.setSystemTime(new Date("2026-03-06T10:00:00+08:00"));
		const body = await (await file(good({ asPetition: true }))).json<Filed>();
		expect(body).toMatchObject({ acknowledgeBy: "2026-03-21", answerBy: "2026-05-20" });
	});

	it("makes one complaint of the same form sent twice the same day", async () => {
		const once = good();
		const [a, b] = await Promise.all([file(once), file(once)]);
		expect([a.status, b.status]).toEqual([201, 201]);
		expect((await a.json<Filed>()).trackingNo).toBe((await b.json<Filed>()).trackingNo);
	});

	it("takes a plain form and shows the receipt in its place", async () => {
		const entries = Object.entries(good({ replyByPhone: "true", consent: "true", asPetition: "" })).map(
			([k, v]) => [k, String(v)] as [string, string],
		);
		const res = await postForm("/api/complaints", entries);
		expect(res.status).toBe(201);
		const html = await res.text();
		expect(html).toContain("已收到您的投诉");
		expect(html).toMatch(/id="complaint-receipt-tracking-no"[^>]*>[0-9A-Z]{4}-[0-9A-Z]{4}</);
		expect(html).not.toContain('id="complaint-form"');
	});

	it("fills the form from a guide's, centre's or station's link, and ignores anything else", async () => {
		const html = await (await call("/complaints/?centre=baihe&item=gaoling-jintie&title=x")).text();
		expect(html).toMatch(/<option value="baihe" selected/);
		expect(html).toMatch(/<option value="gaoling-jintie" selected/);
		expect(html).not.toMatch(/name="title"[^>]*value="x"/);
		expect((await call("/complaints/?phone=13900001234")).status).toBe(400);
	});
});

describe("bad complaints are refused with 422 and write nothing", () => {
	it.each([
		["no type", { type: undefined }, "type"],
		["an unknown type", { type: "表扬" }, "type"],
		["an unknown centre", { centre: "nowhere" }, "centre"],
		["a station of another centre", { station: "songlin" }, "station"],
		["a window the centre does not have", { window: "nowhere" }, "window"],
		["an unknown guide", { item: "nothing" }, "item"],
		["a malformed tracking number", { aboutTrackingNo: "12" }, "aboutTrackingNo"],
		["a title too short", { title: "差" }, "title"],
		["a title too long", { title: "窗".repeat(31) }, "title"],
		["no content", { content: "" }, "content"],
		["content over 600 characters", { content: "好".repeat(601) }, "content"],
		["markup", { content: "<script>alert(1)</script>窗口没有人在" }, "content"],
		["a formula", { title: "=HYPERLINK(1)窗口" }, "title"],
		["an invisible character", { title: "窗口没人\u202e办理" }, "title"],
		["a name in Latin letters", { name: "Li Xiuying" }, "name"],
		["a landline as the mobile", { phone: "0838-1234567" }, "phone"],
		["a reply by phone without a phone", { phone: "" }, "phone"],
		["信访 without a name", { asPetition: true, name: "" }, "name"],
		["replyByPhone as text", { replyByPhone: "yes" }, "replyByPhone"],
		["no consent", { consent: false }, "consent"],
		["a number as the title", { title: 12345 }, "title"],
		["an unknown key", { status: "replied" }, "status"],
		["a prototype key", JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>, "__proto__"],
	])("%s", async (_name, over, field) => {
		const before = await rows();
		const res = await file(good(over));
		expect(res.status).toBe(422);
		const { errors } = await res.json<{ errors: { field?: string; message: string }[] }>();
		expect(errors.map((e) => e.field)).toContain(field);
		for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
		expect(await rows()).toBe(before);
	});

	it("refuses other bodies, methods, cross-site forms and personal data in the address", async () => {
		const before = await rows();
		expect((await file("")).status).toBe(400);
		expect((await file([])).status).toBe(422);
		expect((await call("/api/complaints", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "x" })).status).toBe(415);
		const get = await call("/api/complaints");
		expect(get.status).toBe(405);
		expect(get.headers.get("Allow")).toBe("POST");
		const crossSite = await postForm("/api/complaints", [["type", "投诉"]], {
			Origin: "https://evil.example",
			"Sec-Fetch-Site": "cross-site",
		});
		expect(crossSite.status).toBe(403);
		expect((await postJson("/api/complaints?phone=13900001234", good())).status).toBe(400);
		const page = await postForm("/api/complaints", [
			["type", "投诉"],
			["centre", "qingshi"],
		]);
		expect(page.status).toBe(422);
		const html = await page.text();
		expect(html).toContain("<title>错误：");
		expect(html).toContain('id="f-title-error"');
		expect(await rows()).toBe(before);
	});
});

describe("/track/ and the answer's rating", () => {
	async function replied(): Promise<Filed> {
		const filed = await (await file(good())).json<Filed>();
		await env.DB.prepare(
			"UPDATE complaints SET status = 'replied', verdict = '支持', reply = '已安排午间值班', replied_at = ?2, acknowledged_at = ?2 WHERE tracking_no = ?1",
		)
			.bind(filed.trackingNo, new Date().toISOString())
			.run();
		return filed;
	}

	it("finds a complaint by its number and query code, JSON and the plain form; a wrong code answers like an unknown number", async () => {
		const filed = await (await file(good())).json<Filed>();
		const view = await postJson("/api/applications/lookup", { trackingNo: filed.trackingNo, queryCode: filed.queryCode });
		expect(view.status).toBe(200);
		expect(await view.json()).toMatchObject({
			kind: "complaint",
			type: "投诉",
			status: "received",
			statusLabel: "已收到，等待确认",
			mayRate: false,
		});
		const page = await postForm("/api/applications/lookup", [
			["trackingNo", filed.trackingNo],
			["queryCode", filed.queryCode],
		]);
		const html = await page.text();
		expect(html).toMatch(/<section id="track-complaint"[^>]*aria-labelledby/);
		expect(html).not.toContain("13900001234");
		const wrong = await postJson("/api/applications/lookup", {
			trackingNo: filed.trackingNo,
			queryCode: filed.queryCode === "000000" ? "111111" : "000000",
		});
		const unknown = await postJson("/api/applications/lookup", { trackingNo: "3333-3333", queryCode: "123456" });
		expect(wrong.status).toBe(404);
		expect(await wrong.text()).toBe(await unknown.text());
	});

	it("takes one rating of the answer, refuses a second and a rating before the answer", async () => {
		const open = await (await file(good())).json<Filed>();
		const early = await postJson("/api/complaints/rating", { trackingNo: open.trackingNo, queryCode: open.queryCode, replyRating: "满意" });
		expect(early.status).toBe(409);
		const filed = await replied();
		const bad = await postJson("/api/complaints/rating", { trackingNo: filed.trackingNo, queryCode: filed.queryCode, replyRating: "很好" });
		expect(bad.status).toBe(422);
		const ok = await postForm("/api/complaints/rating", [
			["trackingNo", filed.trackingNo],
			["queryCode", filed.queryCode],
			["replyRating", "基本满意"],
		]);
		expect(ok.status).toBe(200);
		expect(await ok.text()).toContain("谢谢您的评价");
		expect((await stored(filed.trackingNo))!.reply_rating).toBe("基本满意");
		const again = await postJson("/api/complaints/rating", {
			trackingNo: filed.trackingNo,
			queryCode: filed.queryCode,
			replyRating: "不满意",
		});
		expect(again.status).toBe(409);
		expect((await stored(filed.trackingNo))!.reply_rating).toBe("基本满意");
	});

	it("erases the words, name and phone after the retention days, keeping the record", async () => {
		const filed = await replied();
		await env.DB.prepare("UPDATE complaints SET replied_at = '2025-01-01T00:00:00.000Z' WHERE tracking_no = ?1")
			.bind(filed.trackingNo)
			.run();
		await worker.scheduled(createScheduledController({ scheduledTime: new Date("2026-03-01T19:00:00Z"), cron: "0 19 * * *" }), { ...env });
		const row = (await stored(filed.trackingNo))!;
		expect(row).toMatchObject({ content_cipher: "", name_cipher: null, phone_cipher: null, type: "投诉", reply: "已安排午间值班" });
		expect(row.erased_at).not.toBeNull();
	});
});
