import { type Context, Hono } from "hono";
import type { Staff } from "../../../core/staff";
import type { AppEnv } from "../app-env";
import { apiError } from "../lib/errors";
import { guides } from "../lib/guides";
import { hasPersonalDataInUrl } from "../lib/guards";
import { showFeedback } from "../pages/staff-feedback";
import { depsOf } from "../services/deps";
import { feedbackReport, feedbackScope } from "../services/page-feedback";

type C = Context<AppEnv>;
const me = (c: C) => c.get("staff") as Staff;

/**
 * 本页有用吗 in the back office: GET /api/staff/feedback (JSON) and the page /staff/feedback/, the same
 * report for the same scope — admin and centre heads every guide, a window clerk the guides of their
 * window's department, a village agent none (403). The staff guard runs before (index.ts).
 */
export const staffFeedback = new Hono<AppEnv>();

async function reportFor(c: C) {
	const deps = await depsOf(c);
	const list = await guides(c.env.ASSETS);
	const scope = feedbackScope(me(c));
	const report = scope && (await feedbackReport(deps.db, list, scope, deps.now));
	const windowName = scope?.department ? [...list.values()].find((g) => g.department === scope.department)?.departmentName : undefined;
	return { deps, report, windowName: windowName ?? scope?.department ?? undefined };
}

staffFeedback.get("/api/staff/feedback", async (c) => {
	if (hasPersonalDataInUrl(new URL(c.req.url))) return apiError(c, 400, "personal_data_in_url");
	const { report } = await reportFor(c);
	if (!report) return apiError(c, 403, "forbidden", { words: "staff.feedback.forbidden" });
	return c.json(report);
});

staffFeedback.get("/staff/feedback/", async (c) => {
	const { deps, report, windowName } = await reportFor(c);
	return showFeedback(c, deps, report, windowName);
});

// Reading only: nothing here changes on any method.
for (const path of ["/api/staff/feedback", "/staff/feedback/"])
	staffFeedback.on(["POST", "PUT", "PATCH", "DELETE"], path, (c) => {
		c.header("Allow", "GET, HEAD");
		return apiError(c, 405, "method_not_allowed");
	});
