import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Staff } from "../../../core/staff";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { apiError, errorResponse } from "../lib/errors";
import { hasPersonalDataInUrl, isSameOrigin } from "../lib/guards";
import { notFoundPage } from "../lib/pages";
import { bodyOr, formEntriesOr } from "../lib/request-body";
import { isActionName, showComplaint } from "../pages/staff-complaint";
import { showComplaints } from "../pages/staff-complaints";
import { actOnComplaint, allowedComplaintActions, complaintDetail, complaintList, visibleComplaint } from "../services/complaints";
import type { Deps } from "../services/deps";
import { depsOf } from "../services/deps";

type C = Context<AppEnv>;
const me = (c: C) => c.get("staff") as Staff;

/**
 * 投诉建议 in the back office: GET /api/staff/complaints (the list with its counts), GET
 * /api/staff/complaints/:no (reading changes nothing), POST /api/staff/complaints/:no/actions (JSON or a
 * form; the first to act on a complaint nobody owns becomes its owner, 首问负责),
 * and the same as pages, /staff/complaints/ and /staff/complaints/<编号>/ with a plain form per
 * action. One rule set: services/complaints.ts. The staff guard runs before (index.ts).
 */
export const staffComplaints = new Hono<AppEnv>();

const apiGuard = createMiddleware<AppEnv>(async (c, next) => {
	if (hasPersonalDataInUrl(new URL(c.req.url))) return apiError(c, 400, "personal_data_in_url");
	if (c.req.method !== "GET" && c.req.method !== "HEAD" && !isSameOrigin(c.req.raw)) return apiError(c, 403, "cross_site");
	await next();
});
staffComplaints.use("/api/staff/complaints", apiGuard);
staffComplaints.use("/api/staff/complaints/*", apiGuard);

const pageGuard = createMiddleware<AppEnv>(async (c, next) => {
	if (c.req.method !== "GET" && c.req.method !== "HEAD" && !isSameOrigin(c.req.raw))
		return showComplaints(c, await depsOf(c), 403, [{ message: t("api.crossSite") }]);
	if (hasPersonalDataInUrl(new URL(c.req.url))) return showComplaints(c, await depsOf(c), 400, [{ message: t("api.personalDataInUrl") }]);
	await next();
});
staffComplaints.use("/staff/complaints/*", pageGuard);

/** A complaint outside the caller's scope is simply not there for them: the same answer as an unknown number. */
const notFound = (c: C) => apiError(c, 404, "not_found", { words: "staff.complaint.notFound" });

/** The detail as JSON, with the actions the caller may take now. */
async function detailJson(deps: Deps, staff: Staff, trackingNo: string) {
	const found = await visibleComplaint(deps, staff, trackingNo);
	return found && { ...(await complaintDetail(deps, found)), actions: allowedComplaintActions(staff, found) };
}

staffComplaints.get("/api/staff/complaints", async (c) => c.json(await complaintList(await depsOf(c), me(c))));

staffComplaints.get("/api/staff/complaints/:trackingNo", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleComplaint(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFound(c);
	return c.json(await detailJson(deps, me(c), found.trackingNo));
});

/** { action: "acknowledge", note? } | { action: "extend", reason } | { action: "reply", verdict, reply } | { action: "handover", to }, each with `version`. */
staffComplaints.post("/api/staff/complaints/:trackingNo/actions", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleComplaint(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFound(c);
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const done = await actOnComplaint(deps, me(c), found, body.kind === "json" ? body.value : Object.fromEntries(body.entries));
	return done.ok ? c.json(await detailJson(deps, me(c), found.trackingNo)) : errorResponse(c, done.status, done.errors);
});

staffComplaints.get("/staff/complaints/", async (c) => showComplaints(c, await depsOf(c), 200));

// The complaint shell alone is no page: a complaint is always /staff/complaints/<编号>/.
staffComplaints.get("/staff/complaint/", (c) => notFoundPage(c));

staffComplaints.get("/staff/complaints/:trackingNo/", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleComplaint(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const done = c.req.query("done");
	const notice = done && isActionName(done) ? t(`staff.complaint.done.${done}`) : undefined;
	return showComplaint(c, deps, found, 200, { notice });
});

staffComplaints.post("/staff/complaints/:trackingNo/actions/", async (c) => {
	const deps = await depsOf(c);
	const found = await visibleComplaint(deps, me(c), c.req.param("trackingNo"));
	if (!found) return notFoundPage(c);
	const entries = await formEntriesOr(c.req.raw);
	if (!Array.isArray(entries))
		return showComplaint(c, deps, found, entries, { apiErrors: [{ code: "body", message: t("staff.form.contentType") }] });
	const action = entries.find(([k]) => k === "action")?.[1] ?? "";
	const done = await actOnComplaint(deps, me(c), found, Object.fromEntries(entries));
	if (done.ok) return c.redirect(`/staff/complaints/${found.trackingNo}/?done=${isActionName(action) ? action : ""}`, 303);
	// Shown again as it is now (another clerk may have moved it on), with what was typed.
	const now = (await visibleComplaint(deps, me(c), found.trackingNo)) ?? found;
	return showComplaint(c, deps, now, done.status, { apiErrors: done.errors, failed: { action, entries } });
});
