import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { Staff } from "../../../core/staff";
import { parseTrackingNo } from "../../../core/tracking";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { caseForStaff } from "../db/cases";
import { apiError, errorResponse } from "../lib/errors";
import { isSameOrigin } from "../lib/guards";
import { bodyOr } from "../lib/request-body";
import { applyForVillager, paperForwarded } from "../services/agent";
import { IDEMPOTENCY_KEY } from "../services/case-create";
import { depsOf } from "../services/deps";

/**
 * 全程代办 as JSON, mounted at /api/staff (the staff guard runs first): a village agent applies for a
 * villager of their station, and marks when the paper forms went to the centre. The agent's form pages
 * call the same service (services/agent.ts).
 */
export const staffAgent = new Hono<AppEnv>();

const agentsOnly = createMiddleware<AppEnv>(async (c, next) => {
	if (!isSameOrigin(c.req.raw)) return apiError(c, 403, "cross_site");
	if ((c.get("staff") as Staff).role !== "agent") return apiError(c, 403, "forbidden", { words: "staff.apply.error.forbidden" });
	await next();
});
staffAgent.use("/applications", agentsOnly);
staffAgent.use("/cases/:trackingNo/paper-forwarded", agentsOnly);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

staffAgent.post("/applications", async (c) => {
	const key = c.req.header("Idempotency-Key");
	if (!key || !IDEMPOTENCY_KEY.test(key)) return apiError(c, 400, "idempotency_key_required");
	const body = await bodyOr(c, "json");
	if (body instanceof Response) return body;
	const input = body.kind === "json" && isRecord(body.value) ? body.value : {};
	const unknown = Object.keys(input).filter((k) => k !== "application" && k !== "mandate");
	if (unknown.length > 0)
		return errorResponse(
			c,
			422,
			unknown.map((k) => ({ field: k, code: "unknown", message: t("error.unknown", { label: k }) })),
		);
	const result = await applyForVillager(await depsOf(c), c.get("staff") as Staff, input.application, input.mandate, {
		from: "header",
		key,
	});
	if (!result.ok) return errorResponse(c, result.status, result.errors);
	if (!result.created) c.header("Idempotent-Replayed", "true");
	// The agent hands the villager the tracking number and query code (printed or written down).
	return c.json({ trackingNo: result.trackingNo, queryCode: result.queryCode, status: "submitted", submittedAt: result.submittedAt }, 201);
});

staffAgent.post("/cases/:trackingNo/paper-forwarded", async (c) => {
	const agent = c.get("staff") as Staff;
	const deps = await depsOf(c);
	const tracking = parseTrackingNo(c.req.param("trackingNo"));
	const found = tracking.ok ? await caseForStaff(deps.db, agent, tracking.value) : null;
	if (!found) return apiError(c, 404, "not_found", { words: "staff.error.notFound.station" });
	return c.json({ trackingNo: found.trackingNo, paperForwardedAt: await paperForwarded(deps, agent, found) });
});
