import { Hono } from "hono";
import type { Staff } from "../../../core/staff";
import { t } from "../../../site/i18n/zh-CN";
import type { AppEnv } from "../app-env";
import { setAbsence } from "../db/staff";
import { errorResponse } from "../lib/errors";
import { isSameOrigin } from "../lib/guards";

/**
 * POST /api/staff/absence { "absent": true | false, "staffId"?: n } — AB岗: an A post marks itself away
 * (or back); a centre head may mark any A post of the centre. While an A post is away, the B post of
 * the same window sees and handles the window's cases. Audited.
 */
export const staffAbsence = new Hono<AppEnv>().post("/", async (c) => {
	if (!isSameOrigin(c.req.raw)) return errorResponse(c, 403, [{ code: "cross_site", message: t("api.crossSite") }]);
	const me = c.get("staff") as Staff;
	const body = await c.req.json<unknown>().catch(() => undefined);
	const input = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
	const extra = Object.keys(input).filter((k) => k !== "absent" && k !== "staffId");
	if (typeof input.absent !== "boolean" || extra.length > 0 || (input.staffId !== undefined && !Number.isSafeInteger(input.staffId))) {
		return errorResponse(c, 422, [
			{ code: "invalid", field: "absent", message: "请说明是离岗（absent: true）还是回岗（absent: false）。" },
		]);
	}
	const targetId = (input.staffId as number | undefined) ?? me.id;
	const target = await c.env.DB.prepare(`SELECT id, centre_slug, post FROM staff WHERE id = ?1 AND active = 1`)
		.bind(targetId)
		.first<{ id: number; centre_slug: string | null; post: string | null }>();
	const allowed =
		target !== null &&
		target.post === "A" &&
		(target.id === me.id || (me.role === "head" && me.centre === target.centre_slug) || me.role === "admin");
	if (!allowed) return errorResponse(c, 403, [{ code: "forbidden", message: "只有A岗本人、本中心负责人或市级管理员可以登记A岗离岗。" }]);
	await setAbsence(c.env.DB, me.id, targetId, input.absent, new Date().toISOString());
	return c.json({ staffId: targetId, absent: input.absent });
});
