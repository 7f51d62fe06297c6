import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const BASE = "http://127.0.0.1:8787";
const get = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

describe("GET /api/health", () => {
	it("answers ok with the number of applied migrations, read from D1", async () => {
		const res = await get("/api/health");
		expect(res.status).toBe(200);
		expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
		const body = await res.json<{ status: string; database: { migrations: number } }>();
		expect(body.status).toBe("ok");
		expect(body.database.migrations).toBe(env.TEST_MIGRATIONS.length);
		expect(body.database.migrations).toBeGreaterThan(0);
	});
});

describe("errors", () => {
	it("answers an unknown /api path with the JSON 404 envelope", async () => {
		const res = await get("/api/no-such-thing");
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ errors: [{ code: "not_found", message: expect.stringMatching(/没有这个接口/) }] });
	});

	it("answers a method the route does not take with JSON, not HTML", async () => {
		const res = await get("/api/health", { method: "POST", body: "{}" });
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(500);
		expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
	});

	it("turns a failing database into a 500 envelope with no SQL, stack or internal name", async () => {
		// Break the database the Worker reads, then restore it: the failure is real, not mocked.
		await env.DB.exec("ALTER TABLE d1_migrations RENAME TO d1_migrations_hidden");
		try {
			const res = await get("/api/health");
			expect(res.status).toBe(500);
			const text = await res.text();
			expect(JSON.parse(text)).toEqual({ errors: [{ code: "internal", message: expect.stringMatching(/稍后再试/) }] });
			expect(text).not.toMatch(/d1_|sql|stack|TypeError|\bat \S+ \(/i);
		} finally {
			await env.DB.exec("ALTER TABLE d1_migrations_hidden RENAME TO d1_migrations");
		}
	});
});

describe("security headers on API responses", () => {
	for (const path of ["/api/health", "/api/no-such-thing"]) {
		it(`${path} carries the CSP, framing, sniffing, referrer and HSTS headers, and no-store`, async () => {
			const res = await get(path);
			const csp = res.headers.get("Content-Security-Policy") ?? "";
			expect(csp).toContain("frame-ancestors 'none'");
			expect(csp).toMatch(/script-src [^;]*'wasm-unsafe-eval'/);
			expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
			expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
			expect(res.headers.get("Referrer-Policy")).toBeTruthy();
			expect(res.headers.get("Strict-Transport-Security")).toMatch(/max-age=\d{7,}/);
			expect(res.headers.get("Cache-Control")).toBe("no-store");
		});
	}
});

describe("audit_entries", () => {
	it("takes new rows but refuses UPDATE and DELETE", async () => {
		await env.DB.prepare("INSERT INTO audit_entries (created_at, actor, action, subject_type, subject_id) VALUES (?1, ?2, ?3, ?4, ?5)")
			.bind("2026-11-28T04:00:00.000Z", "system", "test", "case", "T1")
			.run();
		await expect(env.DB.prepare("UPDATE audit_entries SET actor = 'someone'").run()).rejects.toThrow(/append-only/);
		await expect(env.DB.prepare("DELETE FROM audit_entries").run()).rejects.toThrow(/append-only/);
		const row = await env.DB.prepare("SELECT actor FROM audit_entries WHERE subject_id = 'T1'").first<{ actor: string }>();
		expect(row?.actor).toBe("system");
	});
});
