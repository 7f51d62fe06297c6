import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

// Runs against dist/ as built (npm test builds first): the catalogue page, filtered by the Worker.
const get = (query: string) => exports.default.fetch(new Request(`http://127.0.0.1:8787/items/${query}`));
const entries = (html: string) =>
	[...html.matchAll(/<li data-department="([^"]+)"[^>]*data-online="(\d)"/g)].map((m) => ({ department: m[1], online: m[2] }));

describe("GET /items/ with filters", () => {
	it("passes the built page through untouched without a query", async () => {
		const res = await get("");
		expect(res.status).toBe(200);
		expect(entries(await res.text()).length).toBeGreaterThan(20);
	});

	it("keeps only matching items, selects the chosen option and counts what is left", async () => {
		const res = await get("?department=minzheng&online=1");
		expect(res.status).toBe(200);
		expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
		const html = await res.text();
		const kept = entries(html);
		expect(kept.length).toBeGreaterThan(0);
		expect(kept.every((e) => e.department === "minzheng" && e.online === "1")).toBe(true);
		expect(html).toContain(`共 ${kept.length} 个事项`);
		expect(html).toMatch(/<option value="minzheng"[^>]*selected/);
		expect(html).toMatch(/name="online" value="1"[^>]*checked/);
	});

	it.each(["?type=%3Cscript%3E", "?online=yes", "?sort=name", "?department=minzheng&department=renshe"])(
		"answers %s with 400, every item and the message",
		async (query) => {
			const res = await get(query);
			expect(res.status).toBe(400);
			const html = await res.text();
			expect(html).toMatch(/<title>错误：/);
			const errorBox = /<div id="catalogue-error"[^>]*>/.exec(html)?.[0] ?? "";
			expect(errorBox).toContain('role="alert"');
			expect(errorBox).not.toContain("hidden");
			expect(entries(html).length).toBeGreaterThan(20);
			expect(html).not.toContain("<script>");
		},
	);
});
