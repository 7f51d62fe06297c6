import { Hono } from "hono";
import { type FeedbackError, checkFeedback, feedbackErrorMessage, feedbackFromForm } from "../../../core/page-feedback";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { citizenPost } from "../lib/citizen-post";
import { insertFeedback } from "../db/page-feedback";
import { apiError, errorResponse } from "../lib/errors";
import { guides } from "../lib/guides";
import { withinLimit } from "../lib/rate-limit";
import { bodyOr } from "../lib/request-body";
import { showGuideFeedback } from "../pages/guide-feedback";
import { depsOf } from "../services/deps";

/** The fields of the 没用 form a page shows again; item and useful are the page's own. */
const SHOWN_FIELDS = new Set(["reason", "text"]);

/**
 * POST /api/feedback — 本页有用吗 from the foot of a guide, as JSON or a plain HTML form, under the same rules
 * as the citizen's other posts (POST only, same origin, no personal data in the address, the one body
 * reader, a per-client limit). JSON gets 201 with what was stored; a form gets a 303 back to the guide at
 * #feedback-thanks, or the guide again with its errors. Nothing is written unless everything is right.
 */
export const feedback = new Hono<AppEnv>();

feedback.use(citizenPost);

feedback.post("/", async (c) => {
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const list = await guides(c.env.ASSETS);
	const json = body.kind === "json";
	const raw = json ? body.value : feedbackFromForm(body.entries);
	const sentItem = !json ? body.entries.find(([k]) => k === "item")?.[1] : undefined;
	const guide = sentItem === undefined ? undefined : list.get(sentItem.trim());
	const values = json ? [] : body.entries.filter(([k]) => SHOWN_FIELDS.has(k));
	const shown = (errors: FeedbackError[]) =>
		errors.map((e) => ({ ...(e.field && SHOWN_FIELDS.has(e.field) ? { field: e.field } : {}), message: feedbackErrorMessage(e) }));

	const checked = checkFeedback(raw, (code) => list.has(code));
	if (!checked.ok) {
		if (json)
			return errorResponse(
				c,
				422,
				checked.errors.map((e) => ({ ...(e.field ? { field: e.field } : {}), code: e.code, message: feedbackErrorMessage(e) })),
			);
		return showGuideFeedback(c, guide, 422, shown(checked.errors), values);
	}
	const deps = await depsOf(c);
	if (!deps.keys) return apiError(c, 503, "not_configured");
	if (!(await withinLimit(c.env, "feedback", c.req.raw)))
		return json ? apiError(c, 429, "rate_limited") : showGuideFeedback(c, guide, 429, [{ message: t("api.rateLimited") }], values);

	const value = checked.value;
	await insertFeedback(deps.db, value, deps.now.toISOString());
	if (!json) return c.redirect(`/items/${value.item}/#feedback-thanks`, 303);
	const item = list.get(value.item)!;
	return c.json(
		{
			item: { code: item.code, name: item.name },
			useful: value.useful,
			reason: value.reason,
			text: value.text,
			message: t("feedback.thanks"),
		},
		201,
	);
});
