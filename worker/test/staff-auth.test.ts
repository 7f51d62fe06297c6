import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { SignJWT, base64url } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import app from "../src/index";
import { type AccessFailure, JWKS_COOLDOWN_MS, verifyAccessJwt } from "../src/lib/access";
import { STAFF_COOKIE, SESSION_SECONDS, devSignInAllowed, sessionKeyFrom, signSession } from "../src/lib/staff-session";
import { AUDIENCE, type SigningKey, accessToken, newTeamDomain, serveJwks, signingKey } from "./access-keys";

/**
 * Staff identity: Cloudflare Access's token in production, the development sign-in on a developer's
 * machine, the staff directory in D1 behind both.
 */

const LOCAL = "http://127.0.0.1:8787";
const PUBLIC = "https://bianmin.example.gov.cn";

type Vars = Record<string, string>;

async function fetchApp(url: string, vars: Vars, init: RequestInit = {}): Promise<Response> {
	const ctx = createExecutionContext();
	const res = await app.fetch(new Request(url, { redirect: "manual", ...init }), { ...env, ...vars }, ctx);
	await waitOnExecutionContext(ctx);
	return res;
}

/** Production configuration for one team domain. */
const production = (teamDomain: string): Vars => ({ ACCESS_TEAM_DOMAIN: teamDomain, ACCESS_AUD: AUDIENCE });
/** A developer's machine with the development sign-in switched on in .dev.vars. */
const DEVELOPMENT: Vars = { ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "", DEV_SIGN_IN: "true" };

const me = (vars: Vars, headers: Record<string, string> = {}, base = LOCAL) => fetchApp(`${base}/api/staff/me`, vars, { headers });
const withToken = (token: string) => ({ "Cf-Access-Jwt-Assertion": token });

interface Envelope {
	errors: { code: string; message: string }[];
}

async function refusedJson(res: Response, status: number, code: string) {
	const text = await res.text();
	expect(res.status, text).toBe(status);
	expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
	expect(res.headers.get("Cache-Control")).toBe("no-store");
	const body = JSON.parse(text) as Envelope;
	expect(body.errors).toHaveLength(1);
	expect(body.errors[0].code).toBe(code);
	expect(body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
	return body.errors[0];
}

const CLERK = "clerk@example.gov.cn";
const HEAD = "head@example.gov.cn";
const GONE = "gone@example.gov.cn";
const ids: Record<string, number> = {};

beforeAll(async () => {
	const at = new Date().toISOString();
	const insert = (
		email: string,
		name: string,
		role: string,
		centre: string | null,
		window: string | null,
		post: string | null,
		active: number,
	) =>
		env.DB.prepare(
			`INSERT INTO staff (email, name, role, centre_slug, station_slug, window_department, post, absent, active, created_at, updated_at)
			 VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, 0, ?7, ?8, ?8) ON CONFLICT (email) DO NOTHING`,
		).bind(email, name, role, centre, window, post, active, at);
	await env.DB.batch([
		insert(CLERK, "王窗口", "clerk", "qingshi", "minzheng", "A", 1),
		insert(HEAD, "李主任", "head", "qingshi", null, null, 1),
		insert(GONE, "赵离职", "clerk", "qingshi", "minzheng", "B", 0),
	]);
	const { results } = await env.DB.prepare("SELECT id, email FROM staff WHERE email IN (?1, ?2, ?3)")
		.bind(CLERK, HEAD, GONE)
		.all<{ id: number; email: string }>();
	for (const row of results) ids[row.email] = row.id;
});

afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe("Cloudflare Access (production configuration)", () => {
	let key: SigningKey;
	let team: string;
	beforeAll(async () => {
		key = await signingKey();
	});

	/** A fresh team (nothing cached) whose key set holds `key`. */
	function freshTeam(keys = [key.jwk]) {
		team = newTeamDomain();
		return serveJwks(team, keys);
	}

	/** Both the Worker's answer (401, the envelope) and the verifier's reason, so each check is seen to bite. */
	async function refusedFor(token: string, reason: AccessFailure) {
		await refusedJson(await me(production(team), withToken(token)), 401, "unauthenticated");
		expect(await verifyAccessJwt(token, { teamDomain: team, audience: AUDIENCE })).toEqual({ ok: false, reason });
	}

	it("takes a valid token: 200 with the staff member's directory entry, no-store", async () => {
		const jwks = freshTeam();
		const res = await me(production(team), withToken(await accessToken(key, team)));
		expect(res.status, await res.clone().text()).toBe(200);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		expect(await res.json()).toEqual({
			id: ids[CLERK],
			name: "王窗口",
			role: "clerk",
			centre: "qingshi",
			station: null,
			window: "minzheng",
			post: "A",
		});
		expect(jwks.fetches()).toBe(1);
	});

	it("matches the email without regard to case", async () => {
		freshTeam();
		const token = await accessToken(key, team, { email: "Head@Example.GOV.cn" });
		expect(await verifyAccessJwt(token, { teamDomain: team, audience: AUDIENCE })).toEqual({ ok: true, email: HEAD });
		const res = await me(production(team), withToken(token));
		expect(res.status).toBe(200);
		expect((await res.json<{ id: number }>()).id).toBe(ids[HEAD]);
	});

	it("answers 401 without the header, and fetches no keys", async () => {
		const jwks = freshTeam();
		const error = await refusedJson(await me(production(team)), 401, "unauthenticated");
		expect(error.message).toContain("统一登录");
		expect(error.message).not.toContain("/staff/sign-in/");
		expect(jwks.fetches()).toBe(0);
		expect(await verifyAccessJwt(null, { teamDomain: team, audience: AUDIENCE })).toEqual({ ok: false, reason: "missing" });
	});

	it.each([
		["garbage", "not-a-token"],
		["two parts", "eyJhbGciOiJSUzI1NiJ9.eyJlbWFpbCI6ImEifQ"],
		["alg none, no signature", `${base64url.encode('{"alg":"none"}')}.${base64url.encode(`{"email":"${CLERK}"}`)}.`],
		["a header that is not JSON", `${base64url.encode("{")}.${base64url.encode("{}")}.c2ln`],
		["far too long", `${"a".repeat(9000)}.b.c`],
	])("answers 401 to %s", async (_name, token) => {
		const jwks = freshTeam();
		await refusedFor(token, "malformed");
		expect(jwks.fetches()).toBe(0);
	});

	it("refuses an expired token (beyond the clock tolerance)", async () => {
		freshTeam();
		await refusedFor(await accessToken(key, team, { expiresIn: -120 }), "expired");
	});

	it("refuses a token that is not valid yet", async () => {
		freshTeam();
		await refusedFor(await accessToken(key, team, { notBefore: 600 }), "not_yet_valid");
	});

	it("refuses a token for another Access application", async () => {
		freshTeam();
		await refusedFor(await accessToken(key, team, { audience: ["aud-2"] }), "wrong_audience");
	});

	it("refuses a token from another team", async () => {
		freshTeam();
		await refusedFor(await accessToken(key, team, { issuer: "https://other.cloudflareaccess.com" }), "wrong_issuer");
	});

	it("refuses a token without an email (e.g. a service token)", async () => {
		freshTeam();
		await refusedFor(await accessToken(key, team, { claims: { email: undefined, common_name: "robot" } }), "malformed");
	});

	it("refuses a token whose signature does not match its content", async () => {
		freshTeam();
		const [header, , signature] = (await accessToken(key, team)).split(".");
		const forged = base64url.encode(JSON.stringify({ email: HEAD, iss: `https://${team}`, aud: [AUDIENCE], exp: 4102444800 }));
		await refusedFor(`${header}.${forged}.${signature}`, "bad_signature");
	});

	it("refuses HS256 signed with the public key (algorithm confusion) before fetching any key", async () => {
		const jwks = freshTeam();
		const secret = new TextEncoder().encode(JSON.stringify(key.jwk));
		const now = Math.floor(Date.now() / 1000);
		const token = await new SignJWT({ email: CLERK })
			.setProtectedHeader({ alg: "HS256", kid: key.kid })
			.setIssuer(`https://${team}`)
			.setAudience(AUDIENCE)
			.setIssuedAt(now)
			.setExpirationTime(now + 3600)
			.sign(secret);
		await refusedFor(token, "wrong_alg");
		expect(jwks.fetches()).toBe(0);
	});

	it("answers 403 to a valid token for someone not in the directory, or no longer active", async () => {
		freshTeam();
		for (const email of ["stranger@example.com", GONE]) {
			const error = await refusedJson(await me(production(team), withToken(await accessToken(key, team, { email }))), 403, "not_staff");
			expect(error.message).toContain("管理员");
		}
	});

	it("never logs the token", async () => {
		freshTeam();
		const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
		const token = await accessToken(key, team, { audience: ["aud-2"] });
		await me(production(team), withToken(token));
		expect(warn).toHaveBeenCalledOnce();
		const logged = JSON.stringify(warn.mock.calls);
		expect(logged).toContain("wrong_audience");
		expect(logged).not.toContain(token.split(".")[1]);
		expect(logged).not.toContain(CLERK);
	});

	it("answers 503, not 401, when the team's key set cannot be fetched", async () => {
		team = newTeamDomain();
		serveJwks(team, [], 500);
		vi.spyOn(console, "warn").mockImplementation(() => undefined);
		await refusedJson(await me(production(team), withToken(await accessToken(key, team))), 503, "unavailable");
	});

	describe("the team's key set", () => {
		it("is fetched once and kept: two requests, one fetch", async () => {
			const jwks = freshTeam();
			for (let i = 0; i < 2; i++) expect((await me(production(team), withToken(await accessToken(key, team)))).status).toBe(200);
			expect(jwks.fetches()).toBe(1);
		});

		it("is fetched again once for a new key id (rotation), then the new key is kept", async () => {
			vi.useFakeTimers({ toFake: ["Date"] });
			const jwks = freshTeam();
			expect((await me(production(team), withToken(await accessToken(key, team)))).status).toBe(200);
			// Access rotates: the new key is published beside the old one and signs from now on.
			const next = await signingKey();
			jwks.keys = [key.jwk, next.jwk];
			vi.setSystemTime(Date.now() + JWKS_COOLDOWN_MS + 1000);
			expect((await me(production(team), withToken(await accessToken(next, team)))).status).toBe(200);
			expect(jwks.fetches()).toBe(2);
			expect((await me(production(team), withToken(await accessToken(next, team)))).status).toBe(200);
			expect((await me(production(team), withToken(await accessToken(key, team)))).status).toBe(200);
			expect(jwks.fetches()).toBe(2);
		});

		it("refuses a key it still does not know after exactly one refetch, and does not refetch within the cooldown", async () => {
			vi.useFakeTimers({ toFake: ["Date"] });
			const jwks = freshTeam();
			expect((await me(production(team), withToken(await accessToken(key, team)))).status).toBe(200);
			expect(jwks.fetches()).toBe(1);
			vi.setSystemTime(Date.now() + JWKS_COOLDOWN_MS + 1000);
			const stranger = await signingKey();
			await refusedFor(await accessToken(stranger, team), "unknown_key");
			expect(jwks.fetches()).toBe(2);
			// Another made-up key id right away: no more fetches.
			const another = await signingKey();
			await refusedFor(await accessToken(another, team), "unknown_key");
			await refusedFor(await accessToken(stranger, team), "unknown_key");
			expect(jwks.fetches()).toBe(2);
		});

		it("does not fetch a set it has only just fetched again for an unknown key id", async () => {
			const jwks = freshTeam();
			const stranger = await signingKey();
			await refusedFor(await accessToken(stranger, team), "unknown_key");
			expect(jwks.fetches()).toBe(1);
		});

		it("refuses an RS256 token signed by another key under a known key id", async () => {
			freshTeam();
			const impostor = await signingKey(key.kid);
			await refusedFor(await accessToken(impostor, team), "bad_signature");
		});
	});

	it("guards every /staff/ page and /api/staff/ address, also ones no route answers", async () => {
		freshTeam();
		await refusedJson(await fetchApp(`${PUBLIC}/api/staff/cases`, production(team)), 401, "unauthenticated");
		for (const path of ["/staff", "/staff/", "/staff/cases/"]) {
			const res = await fetchApp(`${PUBLIC}${path}`, production(team));
			expect(res.status).toBe(401);
			expect(res.headers.get("Cache-Control")).toBe("no-store");
			const html = await res.text();
			expect(html).toMatch(/^<!doctype html>\s*<html lang="zh-CN">/);
			expect(html).toMatch(/<title>请先登录 - /);
			expect(html.match(/<h1>/g)).toHaveLength(1);
			expect(html).not.toContain("/staff/sign-in/");
		}
		const res = await fetchApp(`${PUBLIC}/staff/`, production(team), { headers: withToken(await accessToken(key, team)) });
		expect(res.status).not.toBe(401);
		expect(res.status).not.toBe(403);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
	});

	it("sends sign-out to Access's own logout", async () => {
		const res = await fetchApp(`${PUBLIC}/staff/sign-out/`, production(newTeamDomain()), { method: "POST", headers: { Origin: PUBLIC } });
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe("/cdn-cgi/access/logout");
	});
});

describe("development sign-in", () => {
	async function signIn(vars: Vars, staffId: number | string, headers: Record<string, string> = { Origin: LOCAL }, base = LOCAL) {
		return fetchApp(`${base}/staff/sign-in/`, vars, {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
			body: new URLSearchParams([["staff", String(staffId)]]).toString(),
		});
	}

	const cookieOf = (res: Response) => res.headers.get("Set-Cookie")!.split(";")[0];
	const testKey = () => sessionKeyFrom(env.PII_KEY)!;

	it("shows a sign-in page listing active staff on 127.0.0.1", async () => {
		const res = await fetchApp(`${LOCAL}/staff/sign-in/`, DEVELOPMENT);
		expect(res.status).toBe(200);
		expect(res.headers.get("Cache-Control")).toBe("no-store");
		const html = await res.text();
		expect(html).toContain('<html lang="zh-CN"');
		expect(html).toContain("<h1>开发环境登录</h1>");
		expect(html).toContain("正式环境没有这个页面");
		expect(html).toMatch(
			new RegExp(
				`<input type="radio" id="(f-staff[-\\d]*)" name="staff" value="${ids[CLERK]}"><label for="\\1">王窗口（窗口工作人员，qingshi · minzheng窗口A岗）</label>`,
			),
		);
		expect(html).toContain("李主任（中心负责人，qingshi）");
		expect(html).not.toContain("赵离职");
		expect(html).toMatch(/<button type="submit" class="[^"]*">登录<\/button>/);
	});

	it.each(["http://localhost:8787", "http://[::1]:8787"])("is allowed on %s too", async (base) => {
		expect((await fetchApp(`${base}/staff/sign-in/`, DEVELOPMENT)).status).toBe(200);
	});

	it("signs in: the cookie is HttpOnly, SameSite=Strict, 8 hours, and /api/staff/me answers with it", async () => {
		const res = await signIn(DEVELOPMENT, ids[HEAD]);
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe("/staff/");
		const cookie = res.headers.get("Set-Cookie")!;
		expect(cookie).toMatch(
			new RegExp(`^${STAFF_COOKIE}=[\\w-]+\\.[\\w-]+; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict$`),
		);
		const answer = await me(DEVELOPMENT, { Cookie: cookieOf(res) });
		expect(answer.status).toBe(200);
		expect(await answer.json()).toMatchObject({ id: ids[HEAD], name: "李主任", role: "head", centre: "qingshi" });
		const page = await fetchApp(`${LOCAL}/staff/`, DEVELOPMENT, { headers: { Cookie: cookieOf(res) } });
		expect([200, 404]).toContain(page.status);
	});

	it("marks the cookie Secure over https", async () => {
		const res = await signIn(DEVELOPMENT, ids[HEAD], { Origin: "https://localhost" }, "https://localhost");
		expect(res.headers.get("Set-Cookie")).toMatch(/; Secure$/);
	});

	it("sends a page without a session to the sign-in page, and answers the API 401 naming it", async () => {
		const res = await fetchApp(`${LOCAL}/staff/`, DEVELOPMENT);
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe("/staff/sign-in/");
		expect((await refusedJson(await me(DEVELOPMENT), 401, "unauthenticated")).message).toContain("/staff/sign-in/");
	});

	it("shows the page again with an error for no choice, a made-up id or an inactive one, setting no cookie", async () => {
		for (const chosen of ["", "abc", "99999999", String(ids[GONE])]) {
			const res = await signIn(DEVELOPMENT, chosen);
			expect(res.status).toBe(422);
			expect(res.headers.get("Set-Cookie")).toBeNull();
			const html = await res.text();
			expect(html).toContain("<title>错误：开发环境登录");
			expect(html).toContain('role="alert"');
			// The one error summary of every form: linked to the group, which carries the message.
			expect(html).toContain('<li><a href="#f-staff">请选择一个账号，再点「登录」。</a></li>');
			expect(html).toMatch(/id="f-staff-fieldset"[^>]*aria-describedby="f-staff-error"/);
			expect(html).toMatch(/<input type="radio" id="f-staff" name="staff" value="\d+" aria-invalid="true">/);
		}
	});

	it("refuses a cross-site sign-in with 403 and sets no cookie", async () => {
		const attempts: Record<string, string>[] = [{ Origin: "https://evil.example" }, { "Sec-Fetch-Site": "cross-site" }, { Origin: "null" }];
		for (const headers of attempts) {
			const res = await signIn(DEVELOPMENT, ids[HEAD], headers);
			expect(res.status).toBe(403);
			expect(res.headers.get("Set-Cookie")).toBeNull();
		}
	});

	it("refuses a tampered or expired cookie with 401", async () => {
		const key = await testKey();
		const good = await signSession(key, ids[CLERK]);
		const [payload, signature] = good.split(".");
		const flipped = signature.slice(0, -2) + (signature.at(-2) === "A" ? "B" : "A") + signature.at(-1);
		const otherPayload = base64url.encode(JSON.stringify({ s: ids[HEAD], e: Math.floor(Date.now() / 1000) + 3600 }));
		const expired = await signSession(key, ids[CLERK], new Date(Date.now() - (SESSION_SECONDS + 60) * 1000));
		expect((await me(DEVELOPMENT, { Cookie: `${STAFF_COOKIE}=${good}` })).status).toBe(200);
		for (const value of [`${payload}.${flipped}`, `${otherPayload}.${signature}`, expired, payload, `${good}.x`, "garbage"])
			await refusedJson(await me(DEVELOPMENT, { Cookie: `${STAFF_COOKIE}=${value}` }), 401, "unauthenticated");
	});

	it("answers 403 to a session for someone no longer active", async () => {
		const cookie = `${STAFF_COOKIE}=${await signSession(await testKey(), ids[GONE])}`;
		await refusedJson(await me(DEVELOPMENT, { Cookie: cookie }), 403, "not_staff");
	});

	it("signs out: the cookie is cleared and the browser sent to the sign-in page", async () => {
		const res = await fetchApp(`${LOCAL}/staff/sign-out/`, DEVELOPMENT, { method: "POST", headers: { Origin: LOCAL } });
		expect(res.status).toBe(303);
		expect(res.headers.get("Location")).toBe("/staff/sign-in/");
		expect(res.headers.get("Set-Cookie")).toMatch(new RegExp(`^${STAFF_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`));
		const crossSite = await fetchApp(`${LOCAL}/staff/sign-out/`, DEVELOPMENT, {
			method: "POST",
			headers: { Origin: "https://evil.example" },
		});
		expect(crossSite.status).toBe(403);
	});

	it("cannot be switched on by a production configuration: with ACCESS_AUD set, DEV_SIGN_IN=true does nothing", async () => {
		const team = newTeamDomain();
		const jwks = serveJwks(team, []);
		const vars = { ...production(team), DEV_SIGN_IN: "true" };
		expect(devSignInAllowed(vars, LOCAL)).toBe(false);
		expect((await fetchApp(`${LOCAL}/staff/sign-in/`, vars)).status).toBe(404);
		const post = await signIn(vars, ids[HEAD]);
		expect(post.status).toBe(404);
		expect(post.headers.get("Set-Cookie")).toBeNull();
		// A session the development sign-in made is worth nothing here.
		const cookie = `${STAFF_COOKIE}=${await signSession(await testKey(), ids[HEAD])}`;
		await refusedJson(await me(vars, { Cookie: cookie }), 401, "unauthenticated");
		const page = await fetchApp(`${LOCAL}/staff/`, vars, { headers: { Cookie: cookie } });
		expect(page.status).toBe(401);
		expect(await page.text()).not.toContain("/staff/sign-in/");
		expect(jwks.fetches()).toBe(0);
	});

	it("is off on a host that is not loopback, even with DEV_SIGN_IN=true and no ACCESS_AUD", async () => {
		expect((await fetchApp(`${PUBLIC}/staff/sign-in/`, DEVELOPMENT)).status).toBe(404);
		expect((await signIn(DEVELOPMENT, ids[HEAD], { Origin: PUBLIC }, PUBLIC)).status).toBe(404);
		const cookie = `${STAFF_COOKIE}=${await signSession(await testKey(), ids[HEAD])}`;
		await refusedJson(await me(DEVELOPMENT, { Cookie: cookie }, PUBLIC), 401, "unauthenticated");
		for (const host of ["127.0.0.1.example.com", "localhost.example.com", "10.0.0.1"])
			expect(devSignInAllowed(DEVELOPMENT, `http://${host}/staff/sign-in/`)).toBe(false);
	});

	it("is off unless DEV_SIGN_IN is exactly true", async () => {
		for (const value of [undefined, "", "1", "TRUE", "yes"]) {
			const vars: Vars = { ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "" };
			if (value !== undefined) vars.DEV_SIGN_IN = value;
			expect((await fetchApp(`${LOCAL}/staff/sign-in/`, vars)).status).toBe(404);
		}
	});

	it("is off in the default configuration (neither Access nor DEV_SIGN_IN set), which answers 401", async () => {
		expect(env.ACCESS_AUD).toBe("");
		expect((await fetchApp(`${LOCAL}/staff/sign-in/`, {})).status).toBe(404);
		await refusedJson(await me({}), 401, "unauthenticated");
	});
});
