import { afterEach, describe, expect, it, vi } from "vitest";
import { cmsAuth } from "../src/routes/cms-auth";

/** The editors' GitHub sign-in: the route alone, with the OAuth App's secrets as the Worker would have them. */
const BASE = "https://bianmin.example";
const SECRETS = { GITHUB_OAUTH_CLIENT_ID: "Iv1.test", GITHUB_OAUTH_CLIENT_SECRET: "s3cret" };
const call = (path: string, env: object, headers: Record<string, string> = {}) => cmsAuth.request(`${BASE}${path}`, { headers }, env);

afterEach(() => vi.restoreAllMocks());

describe("GET /api/cms/auth", () => {
	it("sends the sign-in window on to GitHub with the client id, the callback and a state it remembers in a cookie", async () => {
		const res = await call("/api/cms/auth?provider=github", SECRETS);
		expect(res.status).toBe(302);
		const to = new URL(res.headers.get("Location")!);
		expect(to.origin + to.pathname).toBe("https://github.com/login/oauth/authorize");
		expect(to.searchParams.get("client_id")).toBe("Iv1.test");
		expect(to.searchParams.get("redirect_uri")).toBe(`${BASE}/api/cms/callback`);
		const state = to.searchParams.get("state")!;
		expect(state).toMatch(/^[0-9a-f]{48}$/);
		expect(res.headers.get("Set-Cookie")).toContain(`cms_oauth_state=${state}`);
		expect(res.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
	});

	it("says in Chinese that sign-in is not set up when the secrets are missing", async () => {
		const res = await call("/api/cms/auth", {});
		expect(res.status).toBe(400);
		expect(await res.text()).toContain("还没有设置 GitHub 登录");
	});
});

describe("GET /api/cms/callback", () => {
	it("refuses a state that is not the one this browser started with, without asking GitHub", async () => {
		const fetch = vi.spyOn(globalThis, "fetch");
		const res = await call("/api/cms/callback?code=abc&state=forged", SECRETS, { Cookie: "cms_oauth_state=real" });
		expect(res.status).toBe(400);
		expect(await res.text()).toContain("登录没有完成");
		expect(fetch).not.toHaveBeenCalled();
	});

	it("trades the code for a token and hands it to the CMS window of this origin only, under a nonce", async () => {
		const fetch = vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ access_token: "gho_token" }));
		const res = await call("/api/cms/callback?code=abc&state=s1", SECRETS, { Cookie: "cms_oauth_state=s1" });
		expect(res.status).toBe(200);
		const [url, init] = fetch.mock.calls[0] as [string, RequestInit];
		expect(url).toBe("https://github.com/login/oauth/access_token");
		expect(JSON.parse(init.body as string)).toMatchObject({ client_id: "Iv1.test", client_secret: "s3cret", code: "abc" });
		const html = await res.text();
		expect(html).toContain(`authorization:github:success:{\\"token\\":\\"gho_token\\",\\"provider\\":\\"github\\"}`);
		expect(html).toContain(JSON.stringify(BASE));
		const nonce = /nonce="([0-9a-f]+)"/.exec(html)![1];
		expect(res.headers.get("Content-Security-Policy")).toContain(`script-src 'nonce-${nonce}'`);
		expect(res.headers.get("Cross-Origin-Opener-Policy")).toBe("unsafe-none");
	});
});
