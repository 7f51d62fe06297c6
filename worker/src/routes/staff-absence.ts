import { Hono } from "hono";
import type { Staff } from "../../../core/staff";
import type { AppEnv } from "../app-env";
import { setAbsence, staffPostOf } from "../db/staff";
import { apiError } from "../lib/errors";
import { isSameOrigin } from "../lib/guards";
import { bodyOr } from "../lib/request-body";

/**
 * POST /api/staff/absence { "absent": true | false, "staffId"?: n } — AB岗: an A post marks itself away
 * (or back); a centre head may mark any A post of the centre. While an A post is away, the B post of
 * the same window sees and handles the window's cases. Audited.
 */
export const staffAbsence = new Hono<AppEnv>().post("/", async (c) => {
	if (!isSameOrigin(c.req.raw)) return apiError(c, 403, "cross_site");
	const me = c.get("staff") as Staff;
	const body = await bodyOr(c, "json");
	if (body instanceof Response) return body;
	const input =
		body.kind === "json" && typeof body.value === "object" && body.value !== null ? (body.value as Record<string, unknown>) : {};
	const extra = Object.keys(input).filter((k) => k !== "absent" && k !== "staffId");
	if (typeof input.absent !== "boolean" || extra.length > 0 || (input.staffId !== undefined && !Number.isSafeInteger(input.staffId)))
		return apiError(c, 422, "invalid", { field: "absent", words: "staff.absence.error.input" });
	const targetId = (input.staffId as number | undefined) ?? me.id;
	const target = await staffPostOf(c.env.DB, targetId);
	const allowed =
		target !== null &&
		target.post === "A" &&
		(target.id === me.id || (me.role === "head" && me.centre === target.centre) || me.role === "admin");
	if (!allowed) return apiError(c, 403, "forbidden", { words: "staff.absence.error.forbidden" });
	await setAbsence(c.env.DB, me.id, targetId, input.absent, new Date().toISOString());
	return c.json({ staffId: targetId, absent: input.absent });
});
