import { type Context, Hono } from "hono";
import { inputId } from "../../../core/application";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { type StringKey, t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import type { Staff } from "../../../core/staff";
import { listStaff, staffByEmail, staffById } from "../db/staff";
import { verifyAccessJwt } from "../lib/access";
import { errorResponse } from "../lib/errors";
import { isSameOrigin } from "../lib/guards";
import { escapeHtml, fillForm, notFoundPage, privateHtml, showing } from "../lib/pages";
import { BodyRejected, readBody } from "../lib/request-body";
import {
	STAFF_COOKIE,
	clearedSessionCookie,
	devSignInAllowed,
	sessionCookie,
	sessionKeyFrom,
	signSession,
	verifySession,
} from "../lib/staff-session";

type C = Context<AppEnv>;

const SIGN_IN_PATH = "/staff/sign-in/";

/**
 * Who is asking, for every /staff/ page and /api/staff/ route. In production (ACCESS_AUD set) only
 * Cloudflare Access's signed token counts; on a developer's machine, only the development sign-in's
 * cookie, and only where that sign-in is allowed. Then the person must be active in the staff
 * directory. Without an identity: 401 (a page is sent to the development sign-in where it is
 * allowed); an identity that is not active staff: 403.
 */
export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
	const identity = await identify(c);
	if (identity === "unavailable") return refuse(c, 503, "unavailable");
	if (identity === undefined) return refuse(c, 401, "unauthenticated");
	const staff = "email" in identity ? await staffByEmail(c.env.DB, identity.email) : await staffById(c.env.DB, identity.id);
	if (!staff) return refuse(c, 403, "not_staff");
	c.set("staff", staff);
	await next();
});

async function identify(c: C): Promise<{ email: string } | { id: number } | "unavailable" | undefined> {
	if (c.env.ACCESS_AUD) {
		const result = await verifyAccessJwt(c.req.header("Cf-Access-Jwt-Assertion"), {
			teamDomain: c.env.ACCESS_TEAM_DOMAIN,
			audience: c.env.ACCESS_AUD,
		});
		if (result.ok) return { email: result.email };
		// The reason only: never the token, never an email.
		console.warn(JSON.stringify({ level: "warn", event: "staff_identity_refused", reason: result.reason, path: c.req.path }));
		return result.reason === "unavailable" ? "unavailable" : undefined;
	}
	if (!devSignInAllowed(c.env, c.req.url)) return undefined;
	const key = sessionKeyFrom(c.env.PII_KEY);
	const id = key ? await verifySession(await key, getCookie(c, STAFF_COOKIE)) : undefined;
	return id === undefined ? undefined : { id };
}

const REFUSALS = {
	unauthenticated: { title: "staff.unauthenticated.title", message: "staff.unauthenticated" },
	not_staff: { title: "staff.notStaff.title", message: "staff.notStaff" },
	unavailable: { title: "staff.unavailable.title", message: "staff.unavailable" },
} as const satisfies Record<string, { title: StringKey; message: StringKey }>;

function refuse(c: C, status: 401 | 403 | 503, code: keyof typeof REFUSALS) {
	const dev = devSignInAllowed(c.env, c.req.url);
	const { title, message } = REFUSALS[code];
	const text = t(code === "unauthenticated" && dev ? "staff.unauthenticated.dev" : message);
	if (c.req.path.startsWith("/api/")) return errorResponse(c, status, [{ code, message: text }]);
	if (status === 401 && dev) return c.redirect(SIGN_IN_PATH, 303);
	const link = dev ? `<p><a href="${SIGN_IN_PATH}">${escapeHtml(t("staff.signIn.link"))}</a></p>` : "";
	return privateHtml(page(t(title), `<h1>${escapeHtml(t(title))}</h1><p>${escapeHtml(text)}</p>${link}`), status);
}

/** A minimal, complete page for the few answers the back office gives before it has pages of its own. */
function page(title: string, main: string): string {
	return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(`${title} - ${t("staff.title")} - ${t("site.name")}`)}</title>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
}

/** 王窗口（窗口工作人员，qingshi · minzheng窗口A岗）: enough to pick the right test account. */
function roleAndPlace(s: Staff): string {
	const place = [
		s.centre ?? t("staff.place.city"),
		s.station,
		s.window && s.post ? t("staff.place.window", { window: s.window, post: s.post }) : null,
	];
	return `${t(`staff.role.${s.role}`)}，${place.filter((p) => p !== null).join(" · ")}`;
}

/** The built sign-in page with the active staff to choose from, and the error when none was chosen. */
async function signInPage(c: C, staff: Staff[], status: number, error?: string): Promise<Response> {
	const page = await c.env.ASSETS.fetch(new Request(new URL(SIGN_IN_PATH, c.req.url)));
	const choices = { [inputId("staff")]: staff.map((s) => ({ value: String(s.id), text: `${s.name}（${roleAndPlace(s)}）` })) };
	const r = fillForm(new HTMLRewriter(), { errors: error ? [{ field: "staff", message: error }] : [], choices });
	if (staff.length === 0) showing(r, ["sign-in-empty"]).on("#sign-in-form", { element: (el) => void el.remove() });
	return privateHtml(r.transform(page).body, status);
}

/** Paths under /staff/ that answer without an identity: signing in and out. */
const OPEN_PATHS = new Set([SIGN_IN_PATH, "/staff/sign-out/"]);

/**
 * The guard index.ts mounts on /staff/* and /api/staff/*: every back-office answer is no-store, and
 * every path but signing in and out needs a staff identity (requireStaff).
 */
export const staffGuard = createMiddleware<AppEnv>(async (c, next) => {
	const refused = OPEN_PATHS.has(c.req.path) ? await next() : await requireStaff(c, next);
	if (refused instanceof Response) c.res = refused;
	if (!c.req.path.startsWith("/staff/")) return;
	// Copy: a page from the assets binding has immutable headers.
	const res = new Response(c.res.body, c.res);
	res.headers.set("Cache-Control", "no-store");
	c.res = undefined;
	c.res = res;
});

/** The development sign-in and sign-out, and who am I. */
export const staffAuth = new Hono<AppEnv>()
	.get(SIGN_IN_PATH, async (c) => {
		if (!devSignInAllowed(c.env, c.req.url)) return notFoundPage(c);
		return signInPage(c, await listStaff(c.env.DB), 200);
	})
	.post(SIGN_IN_PATH, async (c) => {
		if (!devSignInAllowed(c.env, c.req.url)) return notFoundPage(c);
		if (!isSameOrigin(c.req.raw)) return privateHtml(page(t("staff.crossSite.title"), crossSiteMain()), 403);
		const key = sessionKeyFrom(c.env.PII_KEY);
		if (!key) throw new Error("PII_KEY is missing or not 32 bytes: the development sign-in signs its cookie with a key derived from it");
		let chosen: string | undefined;
		try {
			const body = await readBody(c.req.raw);
			if (body.kind === "form") chosen = body.entries.find(([name]) => name === "staff")?.[1];
		} catch (err) {
			if (!(err instanceof BodyRejected)) throw err;
		}
		const staff = chosen && /^[1-9]\d{0,9}$/.test(chosen) ? await staffById(c.env.DB, Number(chosen)) : undefined;
		if (!staff) return signInPage(c, await listStaff(c.env.DB), 422, t("staff.signIn.required"));
		return new Response(null, {
			status: 303,
			headers: { Location: "/staff/", "Set-Cookie": sessionCookie(await signSession(await key, staff.id), c.req.url) },
		});
	})
	.post("/staff/sign-out/", (c) => {
		if (!isSameOrigin(c.req.raw)) return privateHtml(page(t("staff.crossSite.title"), crossSiteMain()), 403);
		// Production: Access ends its own session.
		if (c.env.ACCESS_AUD) return c.redirect("/cdn-cgi/access/logout", 303);
		if (!devSignInAllowed(c.env, c.req.url)) return notFoundPage(c);
		return new Response(null, { status: 303, headers: { Location: SIGN_IN_PATH, "Set-Cookie": clearedSessionCookie(c.req.url) } });
	})
	.get("/api/staff/me", (c) => {
		const { id, name, role, centre, station, window, post } = c.get("staff")!;
		return c.json({ id, name, role, centre, station, window, post });
	});

function crossSiteMain(): string {
	return `<h1>${escapeHtml(t("staff.crossSite.title"))}</h1><p>${escapeHtml(t("staff.crossSite"))}</p>`;
}
