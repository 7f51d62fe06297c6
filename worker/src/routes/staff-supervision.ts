import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Staff } from "../../../core/staff";
import { nearDaysSetting } from "../../../core/supervision";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { apiError, errorResponse } from "../lib/errors";
import { isSameOrigin } from "../lib/guards";
import { bodyOr, formEntriesOr } from "../lib/request-body";
import { showSupervision } from "../pages/staff-supervision";
import { depsOf } from "../services/deps";
import { closeWarning, supervisionBoard } from "../services/supervision";

type C = Context<AppEnv>;
const me = (c: C) => c.get("staff") as Staff;
const nearDays = (c: C) => nearDaysSetting(c.env.SUPERVISION_NEAR_DAYS);

/**
 * 电子监察 in the back office: GET /api/staff/supervision (the board as JSON), POST
 * /api/staff/supervision/:no/close (`{ result }`, JSON or a form), and the page /staff/supervision/ with
 * a plain form per warning a head closes. The records are written by the Cron Trigger's sweep
 * (services/supervision.ts); reading changes nothing. The staff guard runs before (index.ts).
 */
export const staffSupervision = new Hono<AppEnv>();

const crossSite = createMiddleware<AppEnv>(async (c, next) => {
	if (c.req.method !== "GET" && c.req.method !== "HEAD" && !isSameOrigin(c.req.raw)) {
		if (c.req.path.startsWith("/api/")) return apiError(c, 403, "cross_site");
		return showSupervision(c, await depsOf(c), 403, { errors: [{ message: t("api.crossSite") }], nearDays: nearDays(c) });
	}
	await next();
});
staffSupervision.use("/api/staff/supervision/*", crossSite);
staffSupervision.use("/staff/supervision/*", crossSite);

staffSupervision.get("/api/staff/supervision", async (c) => {
	const board = await supervisionBoard(await depsOf(c), me(c));
	if (!board) return apiError(c, 403, "forbidden", { words: "supervision.error.agent" });
	return c.json({ nearDays: nearDays(c), ...board });
});

staffSupervision.post("/api/staff/supervision/:no/close", async (c) => {
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const done = await closeWarning(
		await depsOf(c),
		me(c),
		c.req.param("no"),
		body.kind === "json" ? body.value : Object.fromEntries(body.entries),
	);
	return done.ok ? c.json({ closed: c.req.param("no") }) : errorResponse(c, done.status, done.errors);
});

staffSupervision.get("/staff/supervision/", async (c) => {
	const deps = await depsOf(c);
	const closed = c.req.query("closed");
	const notice = closed && /^JC\d{2}-\d{8}-\d{6}$/.test(closed) ? t("supervision.close.done", { no: closed }) : undefined;
	const board = await supervisionBoard(deps, me(c));
	return showSupervision(c, deps, board ? 200 : 403, { notice, nearDays: nearDays(c) });
});

staffSupervision.post("/staff/supervision/:no/close/", async (c) => {
	const deps = await depsOf(c);
	const no = c.req.param("no");
	const entries = await formEntriesOr(c.req.raw);
	if (!Array.isArray(entries))
		return showSupervision(c, deps, entries, { errors: [{ message: t("staff.form.contentType") }], nearDays: nearDays(c) });
	const done = await closeWarning(deps, me(c), no, Object.fromEntries(entries));
	if (done.ok) return c.redirect(`/staff/supervision/?closed=${encodeURIComponent(no)}`, 303);
	const result = entries.find(([k]) => k === "result")?.[1] ?? "";
	const errors = done.errors.map((e) => ({ ...(e.field ? { field: `result-${no}` } : {}), message: e.message }));
	return showSupervision(c, deps, done.status, { errors, failed: { no, result }, nearDays: nearDays(c) });
});
