import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { checkApplication } from "../../../core/application";
import { chinaDate } from "../../../core/calendar";
import type { Staff } from "../../../core/staff";
import { parseTrackingNo } from "../../../core/tracking";
import { errorMessage } from "../../../site/i18n/messages";
import { t } from "../../../site/i18n/zh-CN";
import type { AppEnv } from "../app-env";
import { caseForStaff, markPaperForwarded } from "../db/cases";
import { applyItems } from "../lib/apply-data";
import { hmacHex, keysFrom, queryCodeFor } from "../lib/crypto";
import { errorResponse } from "../lib/errors";
import { isSameOrigin } from "../lib/guards";
import { BodyRejected, readBody } from "../lib/request-body";
import { createCase } from "./applications";

/** 委托: on what authority the agent acts for the villager. */
const MandateSchema = z.strictObject({
	basis: z.enum(["书面委托书", "本人当面委托（已核验身份证）"], { error: "请选择委托方式：书面委托书，或本人当面委托（已核验身份证）" }),
	signedOn: z.iso.date({ error: "委托日期请写成 2026-11-28 这样的格式" }),
	note: z.string().trim().max(200, "委托说明不能超过200字").optional(),
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/**
 * 全程代办: a village agent applies for a villager of their station, with the 委托 recorded, and
 * marks when the paper forms went to the centre. Mounted at /api/staff (requireStaff runs first).
 */
export const staffAgent = new Hono<AppEnv>();

const agentsOnly = createMiddleware<AppEnv>(async (c, next) => {
	if (!isSameOrigin(c.req.raw)) return errorResponse(c, 403, [{ code: "cross_site", message: t("api.crossSite") }]);
	if ((c.get("staff") as Staff).role !== "agent") {
		return errorResponse(c, 403, [{ code: "forbidden", message: "只有村代办员可以代为申请和登记材料送交。" }]);
	}
	await next();
});
staffAgent.use("/applications", agentsOnly);
staffAgent.use("/cases/:trackingNo/paper-forwarded", agentsOnly);

staffAgent.post("/applications", async (c) => {
	const agent = c.get("staff") as Staff;
	const now = new Date();
	const key = c.req.header("Idempotency-Key");
	if (!key || !IDEMPOTENCY_KEY.test(key))
		return errorResponse(c, 400, [{ code: "idempotency_key_required", message: t("api.idempotency.required") }]);
	let body: unknown;
	try {
		const read = await readBody(c.req.raw);
		if (read.kind !== "json") throw new BodyRejected("content_type");
		body = read.value;
	} catch (err) {
		if (err instanceof BodyRejected)
			return errorResponse(c, err.reason === "too_large" ? 413 : 400, [{ code: `body_${err.reason}`, message: t("api.json") }]);
		throw err;
	}
	const input = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
	const unknown = Object.keys(input).filter((k) => k !== "application" && k !== "mandate");
	if (unknown.length > 0)
		return errorResponse(
			c,
			422,
			unknown.map((k) => ({ field: k, code: "unknown", message: t("error.unknown", { label: k }) })),
		);
	const items = await applyItems(c.env.ASSETS);
	const find = (code: string) => items.get(code);
	const checked = checkApplication(input.application, find, chinaDate(now));
	const mandate = MandateSchema.safeParse(input.mandate);
	const errors: { field: string; code: string; message: string }[] = checked.ok
		? []
		: checked.errors.map((e) => ({
				field: `application.${e.field ?? ""}`.replace(/\.$/, ""),
				code: e.code,
				message: errorMessage(e, find(String((input.application as { item?: unknown })?.item))),
			}));
	if (!mandate.success)
		errors.push(...mandate.error.issues.map((i) => ({ field: ["mandate", ...i.path].join("."), code: "invalid", message: i.message })));
	if (checked.ok) {
		const a = checked.value;
		if (a.centre !== agent.centre || a.applicant.village !== agent.station)
			errors.push({
				field: "application.applicant.village",
				code: "agent.scope",
				message: "代办员只能为本服务站所在村（社区）的村民代为申请。",
			});
		if (!find(a.item)?.agentAllowed)
			errors.push({ field: "application.item", code: "agent.not_allowed", message: "这个事项不能代办，请告诉村民本人到中心窗口办理。" });
	}
	if (errors.length > 0 || !checked.ok || !mandate.success) return errorResponse(c, 422, errors);

	const keys = await keysFrom(c.env.PII_KEY);
	if (!keys) return errorResponse(c, 503, [{ code: "not_configured", message: t("api.notConfigured") }]);
	const application = checked.value;
	const centre = find(application.item)!.centres.find((x) => x.slug === application.centre)!;
	const fingerprint = await hmacHex(keys.fingerprint, JSON.stringify({ application, mandate: mandate.data, agent: agent.id }));
	const made = await createCase(c.env.DB, keys, {
		application,
		idempotencyKey: `agent-${agent.id}-${key}`,
		fingerprint,
		now,
		centre,
		agent: { id: agent.id, mandate: { ...mandate.data, agent: agent.name, recordedAt: now.toISOString() } },
	});
	if (made === "key_reused") return errorResponse(c, 422, [{ code: "idempotency_key_reused", message: t("api.idempotency.mismatch") }]);
	// The agent hands the villager the tracking number and query code (printed or written down).
	return c.json(
		{
			trackingNo: made.trackingNo,
			queryCode: await queryCodeFor(keys, made.trackingNo),
			status: "submitted",
			submittedAt: made.submittedAt,
		},
		201,
	);
});

staffAgent.post("/cases/:trackingNo/paper-forwarded", async (c) => {
	const agent = c.get("staff") as Staff;
	const tracking = parseTrackingNo(c.req.param("trackingNo"));
	const found = tracking.ok ? await caseForStaff(c.env.DB, agent, tracking.value) : null;
	if (!found) return errorResponse(c, 404, [{ code: "not_found", message: "没有找到这件办件，或者它不是本服务站的办件。" }]);
	const paperForwardedAt = found.paperForwardedAt ?? (await markPaperForwarded(c.env.DB, agent.id, found, new Date().toISOString()));
	return c.json({ trackingNo: found.trackingNo, paperForwardedAt });
});
