import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PerformanceFileSchema } from "../../core/performance";
import worker from "../src/index";
import { call } from "./helpers";
import { type Who, act, as, commandFor, fetchApp, newCase, postJsonInit, row, seedStaff } from "./staff-helpers";

/**
 * The public monthly figures (issue 12): a March 2026 at 青石 played through the Worker's own routes —
 * cases on time, late with a reason, refused and still running, ratings and a complaint — then the daily
 * job stores the figures, and this test recomputes them from the raw rows and compares.
 */

let ids: Record<Who, number>;
beforeAll(async () => {
	ids = await seedStaff("performance");
});
afterEach(() => void vi.useRealTimers());

const on = (chinaTime: string) => {
	vi.useFakeTimers({ toFake: ["Date"] });
	vi.setSystemTime(new Date(`${chinaTime}+08:00`));
};
const step = async (trackingNo: string, action: Parameters<typeof commandFor>[0], extra: Record<string, unknown> = {}) => {
	const res = await act(await as(ids.admin), trackingNo, { ...commandFor(action, (await row(trackingNo)).version), ...extra });
	if (res.status !== 200) throw new Error(`${action}: ${res.status} ${await res.text()}`);
};
const rate = (c: { trackingNo: string; queryCode: string }, body: Record<string, unknown>) =>
	fetchApp("/api/applications/rating", postJsonInit({ trackingNo: c.trackingNo, queryCode: c.queryCode, ...body }), {});

interface Stored {
	accepted: number;
	completed: number;
	onTimeRate: number | null;
	legalOnTimeRate: number | null;
	overdue: { item: string; reason: string }[];
	ratingRate: number | null;
	satisfactionRate: number | null;
	badRatings: number;
	complaints: number;
	channels: { online: number; agent: number; window: number };
}

describe("a month at 青石, stored by the daily job and recomputed from the raw rows", () => {
	it("stores what the cases, ratings and complaints say, and nothing personal", async () => {
		on("2026-03-02T10:00:00");
		const onTime = await newCase("qingshi");
		const late = await newCase("qingshi");
		const running = await newCase("qingshi");
		const refused = await newCase("qingshi");
		for (const c of [onTime, late, running]) for (const a of ["accept", "start"] as const) await step(c.trackingNo, a);
		on("2026-03-03T10:00:00");
		await step(refused.trackingNo, "refuse");
		on("2026-03-04T10:00:00");
		await step(onTime.trackingNo, "complete");
		on("2026-03-05T10:00:00");
		expect((await rate(onTime, { level: "满意" })).status).toBe(201);
		on("2026-03-10T10:00:00");
		const complaint = await fetchApp(
			"/api/complaints",
			postJsonInit({
				type: "投诉",
				centre: "qingshi",
				title: "窗口中午没人",
				content: "3月9日中午去民政窗口办事，一直没有人接待。",
				replyByPhone: false,
				asPetition: false,
				consent: true,
			}),
			{},
		);
		expect(complaint.status).toBe(201);
		// 10 working days from Monday 03-02 is Monday 03-16: Friday 03-20 is late.
		on("2026-03-20T10:00:00");
		await step(late.trackingNo, "complete", { overdueReason: "需要县民政局复核户籍" });
		on("2026-03-21T10:00:00");
		expect((await rate(late, { level: "不满意", problems: ["办事效率"] })).status).toBe(201);

		on("2026-03-31T20:00:00");
		await worker.scheduled(createScheduledController({ scheduledTime: new Date(), cron: "0 19 * * *" }), { ...env });
		const stored = await env.DB.prepare(
			"SELECT figures_json FROM performance_monthly WHERE scope = 'centre' AND key = 'qingshi' AND month = '2026-03'",
		).first<{
			figures_json: string;
		}>();
		const f = JSON.parse(stored!.figures_json) as Stored;

		// Recomputed from the raw rows, independently of core/performance.ts.
		const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n;
		const march = (column: string) => `${column} >= '2026-02-28T16:00:00.000Z' AND ${column} < '2026-03-31T16:00:00.000Z'`;
		const accepted = await count("SELECT count(*) AS n FROM applications WHERE centre_slug = 'qingshi' AND accepted_on LIKE '2026-03-%'");
		const completed = await count(
			`SELECT count(*) AS n FROM applications WHERE centre_slug = 'qingshi' AND status = 'completed' AND ${march("closed_at")}`,
		);
		const closed = await count(`SELECT count(*) AS n FROM applications WHERE centre_slug = 'qingshi' AND ${march("closed_at")}`);
		const withReason = await count(
			`SELECT count(*) AS n FROM applications WHERE centre_slug = 'qingshi' AND overdue_reason IS NOT NULL AND ${march("closed_at")}`,
		);
		// 评价率: of the cases closed in March (none withdrawn here), those their applicant rated.
		const rated = await count(
			`SELECT count(DISTINCT a.id) AS n FROM ratings r JOIN applications a ON a.id = r.application_id
			 WHERE a.centre_slug = 'qingshi' AND r.is_default = 0 AND r.assess_number = 1 AND ${march("a.closed_at")}`,
		);
		expect([accepted, completed, closed, withReason, rated]).toEqual([3, 2, 3, 1, 2]);
		expect(f).toMatchObject({
			accepted,
			completed,
			onTimeRate: ((completed - withReason) / completed) * 100,
			// 高龄津贴's 20 working days are a 参考时限 (地方做法): nothing is timed as legal.
			legalOnTimeRate: null,
			overdue: [{ item: "gaoling-jintie", reason: "需要县民政局复核户籍" }],
			ratingRate: Math.round((rated / closed) * 1000) / 10,
			satisfactionRate: 50,
			badRatings: 1,
			complaints: 1,
			channels: { online: 3, agent: 0, window: 0 },
		});
		// Nothing personal is stored or published.
		for (const c of [onTime, late, running, refused]) expect(stored!.figures_json).not.toContain(c.trackingNo);
		expect(stored!.figures_json).not.toMatch(/张三|138\d{8}/);

		const res = await call("/api/performance?centre=qingshi");
		expect(res.status).toBe(200);
		const body = await res.json<{ months: Stored[] }>();
		expect(body.months.at(-1)).toMatchObject({ accepted: 3, completed: 2 });
		expect((await call("/api/performance?centre=nowhere")).status).toBe(404);
		const city = await (await call("/api/performance")).json<{ months: Stored[] }>();
		expect(city.months.at(-1)?.accepted).toBeGreaterThanOrEqual(3);
	});
});

describe("the public pages", () => {
	it("shows a centre's stored month: figures, an SVG trend with its table, windows, the overdue reasons; nothing personal", async () => {
		const html = await (await call("/centres/qingshi/performance/")).text();
		expect(html).toContain("2026年3月");
		expect(html).toMatch(/id="perf-on-time"[^>]*>50%</);
		expect(html).toMatch(/<svg class="app-chart"[^>]*role="img"/);
		expect(html).toContain("需要县民政局复核户籍");
		expect(html).toMatch(/<tbody id="perf-windows-rows"[^>]*><tr><th scope="row">/);
		expect(html).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}/);
		expect(html).toMatch(/<p id="perf-empty"[^>]*hidden/);
	});

	it("shows the city with a row per centre; an unknown centre is the 404 page; a centre with no figures says so", async () => {
		const city = await (await call("/performance/")).text();
		expect(city).toContain("青石镇便民服务中心");
		// Its table and bar chart are per centre, and say so.
		expect(city).toMatch(/<title id="chart-[a-z0-9]+-t">各便民服务中心本月按承诺时限办结率<\/title>/);
		expect(city).toMatch(/<h2 id="perf-windows-title"[^>]*>各便民服务中心（本月）<\/h2>/);
		expect((await call("/centres/nowhere/performance/")).status).toBe(404);
		const empty = await (await call("/centres/heba/performance/")).text();
		expect(empty).toContain('id="perf-empty"');
		expect(empty).not.toMatch(/<p id="perf-empty"[^>]*hidden/);
	});
});

describe("the monthly figures as open data", () => {
	it("serves performance.csv (BOM, Chinese headers), performance.json and overdue.csv from the stored figures, nothing personal", async () => {
		const csv = await call("/api/open-data/performance.csv");
		expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
		const bytes = new Uint8Array(await csv.arrayBuffer());
		// The byte-order mark Excel needs to read the Chinese headers as UTF-8.
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text.startsWith('"统计月份","统计范围","名称","受理量"')).toBe(true);
		expect(text).toMatch(/"2026-03","便民服务中心","青石镇便民服务中心","3","2","50"/);
		const overdue = await (await call("/api/open-data/overdue.csv")).text();
		expect(overdue).toContain('"2026-03","青石镇便民服务中心","高龄津贴申领","需要县民政局复核户籍"');
		const jsonRes = await call("/api/open-data/performance.json");
		expect(jsonRes.headers.get("Content-Type")).toMatch(/^application\/json/);
		const parsed = PerformanceFileSchema.safeParse(await jsonRes.json());
		expect(parsed.error).toBeUndefined();
		const json = parsed.data!;
		expect(json.licence).toContain("可以自由复制");
		expect(json.columns.map((c) => c.name)).toEqual(
			text
				.slice(0, text.indexOf("\r\n"))
				.split(",")
				.map((h) => h.slice(1, -1)),
		);
		expect(json.rows.some((r) => r.scope === "全市")).toBe(true);
		expect(json.rows.find((r) => r.scope === "便民服务中心" && r.name === "青石镇便民服务中心")).toMatchObject({
			accepted: 3,
			completed: 2,
		});
		// Last updated: the latest time the daily job computed the stored rows, and its China date.
		const latest = await env.DB.prepare("SELECT max(computed_at) AS at FROM performance_monthly").first<{ at: string }>();
		expect(json.computedAt).toBe(latest!.at);
		expect(json.updated).toBe("2026-03-31");
		expect(text + overdue).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}|1[3-9]\d{9}/);
		expect((await call("/api/open-data/other.csv")).status).toBe(404);
	});
});
