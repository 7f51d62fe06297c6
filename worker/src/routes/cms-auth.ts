import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";

/**
 * The sign-in of the editors' /admin/ (Decap CMS) through GitHub: the OAuth handshake the CMS's GitHub backend
 * expects of an external auth server, served by this Worker. The OAuth App's id and secret are Worker secrets
 * (GITHUB_OAUTH_CLIENT_ID, GITHUB_OAUTH_CLIENT_SECRET); README, "Editors' sign-in", sets them up step by step.
 *
 * GET /api/cms/auth     the CMS's sign-in window lands here and is sent on to GitHub with a one-time state
 * GET /api/cms/callback GitHub sends it back with a code; the code becomes a token, handed to the CMS window
 *                       that opened it (postMessage, only to this site's own origin)
 */

const AUTHORIZE = "https://github.com/login/oauth/authorize";
const TOKEN = "https://github.com/login/oauth/access_token";
const STATE_COOKIE = "cms_oauth_state";

interface OAuthSecrets {
	GITHUB_OAUTH_CLIENT_ID?: string;
	GITHUB_OAUTH_CLIENT_SECRET?: string;
}

const randomHex = (bytes: number) =>
	[...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

/**
 * The page that ends the sign-in window: it tells the CMS window (same origin only) the outcome in the message
 * format Decap CMS listens for, then the CMS closes it. Its one inline script runs under a nonce.
 */
function resultPage(origin: string, outcome: "success" | "error", content: object, note: string): Response {
	const nonce = randomHex(16);
	const message = `authorization:github:${outcome}:${JSON.stringify(content)}`;
	const script = `(function(){var o=${JSON.stringify(origin)};var m=${JSON.stringify(message)};
window.addEventListener("message",function(e){if(e.origin===o&&window.opener){window.opener.postMessage(m,o);}},false);
if(window.opener){window.opener.postMessage("authorizing:github",o);}})();`;
	const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>内容编辑后台登录</title></head><body><p>${note}</p><script nonce="${nonce}">${script}</script></body></html>`;
	return new Response(html, {
		status: outcome === "success" ? 200 : 400,
		headers: {
			"Content-Type": "text/html; charset=utf-8",
			"Content-Security-Policy": `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors 'none'`,
			// The CMS window must stay this window's opener to receive the token.
			"Cross-Origin-Opener-Policy": "unsafe-none",
			"Cache-Control": "no-store",
		},
	});
}

export const cmsAuth = new Hono<AppEnv>()
	.get("/api/cms/auth", (c) => {
		const { GITHUB_OAUTH_CLIENT_ID: clientId } = c.env as OAuthSecrets;
		const origin = new URL(c.req.url).origin;
		if (!clientId)
			return resultPage(origin, "error", { message: "not configured" }, "内容编辑后台还没有设置 GitHub 登录，请联系市政务服务中心管理员。");
		const state = randomHex(24);
		setCookie(c, STATE_COOKIE, state, {
			path: "/api/cms/",
			httpOnly: true,
			secure: origin.startsWith("https:"),
			sameSite: "Lax",
			maxAge: 600,
		});
		const to = new URL(AUTHORIZE);
		to.searchParams.set("client_id", clientId);
		to.searchParams.set("redirect_uri", `${origin}/api/cms/callback`);
		// repo: the CMS commits, opens branches and pull requests in the content repository.
		to.searchParams.set("scope", "repo,user");
		to.searchParams.set("state", state);
		return c.redirect(to.toString(), 302);
	})
	.get("/api/cms/callback", async (c) => {
		const { GITHUB_OAUTH_CLIENT_ID: clientId, GITHUB_OAUTH_CLIENT_SECRET: secret } = c.env as OAuthSecrets;
		const origin = new URL(c.req.url).origin;
		const code = c.req.query("code");
		const state = c.req.query("state");
		const expected = getCookie(c, STATE_COOKIE);
		if (!clientId || !secret || !code || !state || !expected || state !== expected)
			return resultPage(
				origin,
				"error",
				{ message: "bad state" },
				"登录没有完成（链接已过期或不是从本站发起的），请关闭本窗口，回到内容编辑后台重新登录。",
			);
		const res = await fetch(TOKEN, {
			method: "POST",
			headers: { Accept: "application/json", "Content-Type": "application/json", "User-Agent": "bianmin-cms-auth" },
			body: JSON.stringify({ client_id: clientId, client_secret: secret, code, redirect_uri: `${origin}/api/cms/callback` }),
		});
		const body = await res.json<{ access_token?: string }>().catch(() => ({ access_token: undefined }));
		setCookie(c, STATE_COOKIE, "", { path: "/api/cms/", maxAge: 0 });
		if (!res.ok || !body.access_token)
			return resultPage(origin, "error", { message: "no token" }, "GitHub 没有同意这次登录，请关闭本窗口后重试；多次失败请联系管理员。");
		return resultPage(origin, "success", { token: body.access_token, provider: "github" }, "登录成功，本窗口会自动关闭。");
	});
