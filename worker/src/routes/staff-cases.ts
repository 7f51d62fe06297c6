import { type Context, Hono } from "hono";
import type { Staff } from "../../../core/staff";
import type { AppEnv } from "../app-env";
import { apiError, errorResponse } from "../lib/errors";
import { hasPersonalDataInUrl, isSameOrigin } from "../lib/guards";
import { bodyOr } from "../lib/request-body";
import { exportCsv, exportRange } from "../services/case-export";
import { depsOf } from "../services/deps";
import { enteredBy, followUpCase, followUpSettings, rateCase, ratingFromForm, staffRatings } from "../services/ratings";
import { caseDetail, caseList, commandFromForm, editOverdueReason, performAction, revealId, visibleCase } from "../services/staff-cases";

type C = Context<AppEnv>;
const me = (c: C) => c.get("staff") as Staff;

/**
 * /api/staff/cases — the back office's cases as JSON: the list with the deadline board, search by POST,
 * the CSV export, one case, its changes, the audited ID reveal, and its 好差评 (a rating typed in, the follow-up). The staff guard runs before (index.ts).
 */
export const staffCases = new Hono<AppEnv>();

staffCases.use(async (c, next) => {
	// A phone or ID number is searched by POST (/search): in an address it would land in history and logs.
	if (hasPersonalDataInUrl(new URL(c.req.url))) return apiError(c, 400, "personal_data_in_url");
	if (c.req.method !== "GET" && !isSameOrigin(c.req.raw)) return apiError(c, 403, "cross_site");
	await next();
});

const badFilter = (c: C, field: string) => apiError(c, 400, "bad_filter", { field });

staffCases.get("/", async (c) => {
	const list = await caseList(await depsOf(c), me(c), c.req.query());
	return "cases" in list ? c.json(list) : badFilter(c, list.field);
});

/** POST /api/staff/cases/search { q, status?, item?, window?, due? } (JSON or a form): the list, found by phone or ID number. */
staffCases.post("/search", async (c) => {
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const raw = body.kind === "json" ? body.value : Object.fromEntries(body.entries);
	if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return badFilter(c, "q");
	const entries = Object.entries(raw as Record<string, unknown>);
	if (entries.some(([k, v]) => !["q", "status", "item", "window", "due"].includes(k) || typeof v !== "string")) return badFilter(c, "q");
	const list = await caseList(await depsOf(c), me(c), Object.fromEntries(entries) as Record<string, string>);
	return "cases" in list ? c.json(list) : badFilter(c, list.field);
});

/** GET /api/staff/cases/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD — the caller's cases submitted in that range (China dates, inclusive). */
staffCases.get("/export.csv", async (c) => {
	const range = exportRange(c.req.query("from") ?? "", c.req.query("to") ?? "");
	if (!range) return apiError(c, 400, "bad_range");
	return new Response(await exportCsv(await depsOf(c), me(c), range), {
		headers: {
			"Content-Type": "text/csv; charset=utf-8",
			"Content-Disposition": `attachment; filename="cases-${range.from}-${range.to}.csv"`,
			// A month of the whole city is some 3 MB of text: the runtime compresses it when it sees this header.
			...(/\bgzip\b/.test(c.req.header("Accept-Encoding") ?? "") ? { "Content-Encoding": "gzip" } : {}),
			Vary: "Accept-Encoding",
		},
	});
});

staffCases.get("/:trackingNo", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	return found ? c.json(await caseDetail(deps, found)) : notFound(c);
});

staffCases.post("/:trackingNo/reveal-id", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFound(c);
	const shown = await revealId(deps, me(c), found);
	return shown.ok ? c.json({ idNumber: shown.idNumber }) : errorResponse(c, shown.status, shown.errors);
});

staffCases.post("/:trackingNo/actions", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFound(c);
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const outcome = await performAction(deps, me(c), found, body.kind === "json" ? body.value : commandFromForm(body.entries));
	return outcome.ok ? c.json(outcome.case) : errorResponse(c, outcome.status, outcome.errors);
});

/** The head (or admin) corrects a case's published 超期原因: { reason, version }. */
staffCases.post("/:trackingNo/overdue-reason", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFound(c);
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const saved = await editOverdueReason(deps, me(c), found, body.kind === "json" ? body.value : Object.fromEntries(body.entries));
	return saved.ok
		? c.json(await caseDetail(deps, (await visibleCase(deps, me(c), found.trackingNo))!))
		: errorResponse(c, saved.status, saved.errors);
});

/** 好差评 typed in for the applicant: { level, problems?, text?, anonymous? }; 201 with the case's ratings. */
staffCases.post("/:trackingNo/rating", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFound(c);
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const { keys } = deps;
	if (!keys) return apiError(c, 503, "not_configured");
	const raw = body.kind === "json" ? body.value : ratingFromForm(body.entries);
	const rated = await rateCase({ ...deps, keys }, found, raw, enteredBy(me(c), followUpSettings(c.env)));
	return rated.ok ? c.json(await staffRatings(deps, found), 201) : errorResponse(c, rated.status, rated.errors);
});

/** A 差评's follow-up step: { step: "contact", note, version } or { step: "resolve", finding, fixNote, reply, version }. */
staffCases.post("/:trackingNo/follow-up", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleCase(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFound(c);
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const { keys } = deps;
	if (!keys) return apiError(c, 503, "not_configured");
	const raw = body.kind === "json" ? body.value : Object.fromEntries(body.entries);
	const done = await followUpCase({ ...deps, keys }, me(c), found, raw);
	return done.ok ? c.json(await staffRatings(deps, found)) : errorResponse(c, done.status, done.errors);
});

/** A case outside the staff member's centre, station or window is simply not there for them. */
const notFound = (c: C) => apiError(c, 404, "not_found", { words: "staff.error.notFound" });
