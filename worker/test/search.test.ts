import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, call, postJson } from "./helpers";

// Runs against dist/ as built (npm test builds first): /search/?q= answered by the Worker from the small index.
const search = (q: string) => call(`/search/?q=${encodeURIComponent(q)}`);
const links = (html: string) =>
	[...html.matchAll(/<ol id="search-list"[^>]*>(.*?)<\/ol>/gs)].flatMap((m) => [...m[1].matchAll(/<a href="([^"]+)"/g)].map((a) => a[1]));

describe("GET /search/ without JavaScript", () => {
	it("passes the built page through untouched without a query", async () => {
		const res = await call("/search/");
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(links(html)).toEqual([]);
		expect(html).toMatch(/<section id="search-none"[^>]*hidden/);
	});

	it.each([
		["低保", "/items/dibao/"],
		["我想办低保", "/items/dibao/"],
		["低宝", "/items/dibao/"],
		["宅鸡地", "/items/zhaijidi/"],
		["dibao", "/items/dibao/"],
		["zjd", "/items/zhaijidi/"],
		["can ji zheng", "/items/canjiren-zheng/"],
		["我妈七十九了明年能领高龄补贴吗", "/items/gaoling-jintie/"],
		["奶奶九十了", "/items/gaoling-jintie/"],
		["卖菜的摊子要不要办执照", "/items/getihu-dengji/"],
	])("answers %s with %s first", async (q, first) => {
		const res = await search(q);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(links(html)[0]).toBe(first);
		expect(html).toMatch(/找到 \d+ 个相关事项/);
		expect(html).toContain("常用说法：");
		expect(html).toContain("开启 JavaScript 后还能搜索办事指南的全文");
		expect(html).toMatch(/<section id="search-none"[^>]*hidden/);
	});

	it("puts the query back in the box and the title, and the page is not kept by caches", async () => {
		const res = await search("低保");
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
		const html = await res.text();
		expect(html).toMatch(/<input[^>]*id="search-q"[^>]*value="低保"/);
		expect(html).toMatch(/<title>低保 - 搜索/);
	});

	it("says in plain words that nothing was found and shows the ways on", async () => {
		const html = await (await search("天气预报")).text();
		expect(links(html)).toEqual([]);
		expect(html).toContain("没有找到与「天气预报」相关的事项");
		expect(html).not.toMatch(/<section id="search-none"[^>]*hidden/);
		expect(html).toMatch(/href="\/events\/[a-z-]+\/"/);
		expect(html).toMatch(/href="tel:/);
	});

	it.each(['"><img src=x onerror=alert(1)>', "<script>alert(1)</script>", "' OR 1=1--", "{{7*7}}", "\u202e低保", "%", "a".repeat(2000)])(
		"shows %s back only as text, never as markup, and never fails",
		async (q) => {
			const res = await search(q);
			expect(res.status).toBe(200);
			// Inside a quoted attribute value (the search box) < and > are text; elsewhere they must be escaped.
			const html = (await res.text()).replace(/ value="[^"]*"/g, "");
			expect(html).not.toContain("<img src=x");
			expect(html).not.toContain("<script>alert");
		},
	);

	it("refuses an ID or mobile number in the address with 400, without showing it back", async () => {
		for (const q of ["13812345678", "身份证110105194005120015"]) {
			const res = await search(q);
			expect(res.status).toBe(400);
			const html = await res.text();
			expect(html).toContain("请不要在搜索框里输入身份证号、手机号");
			expect(html).not.toContain("13812345678");
			expect(html).not.toContain("110105194005120015");
			expect(html).toMatch(/<title>错误：/);
		}
	});
});

describe("POST /api/search/misses", () => {
	const rows = async () =>
		(
			await env.DB.prepare("SELECT day, query, misses FROM search_misses ORDER BY query").all<{
				day: string;
				query: string;
				misses: number;
			}>()
		).results;

	it("counts a query that found nothing per day, normalised, and stores nothing else", async () => {
		expect((await postJson("/api/search/misses", { q: " 牛丢了 " })).status).toBe(204);
		expect((await postJson("/api/search/misses", { q: "牛丢了" }, { Origin: BASE })).status).toBe(204);
		const stored = await rows();
		expect(stored).toEqual([{ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), query: "牛丢了", misses: 2 }]);
		const columns = (await env.DB.prepare("SELECT name FROM pragma_table_info('search_misses')").all<{ name: string }>()).results;
		expect(columns.map((c) => c.name).sort()).toEqual(["day", "misses", "query"]);
	});

	it.each([
		["{}", 422],
		['{"q":""}', 422],
		['{"q":1}', 422],
		['{"q":"低保","ip":"1.2.3.4"}', 422],
		['{"q":"低保","__proto__":{"x":1}}', 422],
		['{"q":"电话13812345678"}', 422],
		[JSON.stringify({ q: "低".repeat(200) }), 422],
		['{"q":"低保"', 400],
		["[]", 422],
	])("refuses %s with %i and writes nothing", async (body, status) => {
		const before = await rows();
		const res = await postJson("/api/search/misses", body);
		expect(res.status).toBe(status);
		const json = await res.json<{ errors: { message: string }[] }>();
		expect(json.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
		expect(await rows()).toEqual(before);
	});

	it("takes the nothing-found page's plain form without JavaScript, counts it and sends the reader back, thanked", async () => {
		const page = await (await search("天气预报")).text();
		expect(page).not.toMatch(/<form id="search-report"[^>]*hidden/);
		expect(page).toMatch(/id="search-report-q" value="天气预报"/);
		const before = (await rows()).find((r) => r.query === "天气预报")?.misses ?? 0;
		const form = (q: string) =>
			call("/api/search/misses", {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
				body: new URLSearchParams({ q }).toString(),
				redirect: "manual",
			});
		const sent = await form("天气预报");
		expect(sent.status).toBe(303);
		expect(sent.headers.get("Location")).toBe(`/search/?${new URLSearchParams({ q: "天气预报", reported: "1" }).toString()}`);
		expect((await rows()).find((r) => r.query === "天气预报")?.misses).toBe(before + 1);
		const thanked = await (await call(sent.headers.get("Location")!)).text();
		expect(thanked).not.toMatch(/<p id="search-reported"[^>]*hidden/);
		expect(thanked).toMatch(/<form id="search-report"[^>]*hidden/);
		// A form with a phone number in it is not counted, and the reader is sent to an empty search.
		const all = await rows();
		const refused = await form("电话13812345678");
		expect([refused.status, refused.headers.get("Location")]).toEqual([303, "/search/"]);
		expect(await rows()).toEqual(all);
	});

	it("refuses other methods, other sites and other content types", async () => {
		const before = await rows();
		expect((await call("/api/search/misses")).status).toBe(405);
		expect((await postJson("/api/search/misses", { q: "牛丢了" }, { Origin: "https://evil.example" })).status).toBe(403);
		expect(
			(await call("/api/search/misses", { method: "POST", headers: { "Content-Type": "text/plain" }, body: '{"q":"牛"}' })).status,
		).toBe(415);
		expect(await rows()).toEqual(before);
	});
});
