import { Hono } from "hono";
import { applicationFromForm } from "../../../core/application";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { citizenPost } from "../lib/citizen-post";
import { apiError, errorResponse, fieldErrorsOf } from "../lib/errors";
import { queryCodeFor } from "../lib/crypto";
import { applyItemFor } from "../lib/item-data";
import { withinLimit } from "../lib/rate-limit";
import { type Body, bodyOr } from "../lib/request-body";
import { verifyTurnstile } from "../lib/turnstile";
import { receiptRedirect, showApplyForm, showTrack } from "../pages/citizen";
import { answerBy } from "../services/case-clock";
import { IDEMPOTENCY_KEY } from "../services/case-create";
import { answerCorrection, caseView, checkSubmission, storeSubmission } from "../services/citizen-cases";
import { complaintView } from "../services/complaints";
import { depsOf } from "../services/deps";
import { followUpSettings, rateCase, ratingFromForm } from "../services/ratings";
import type { StoredRating } from "../db/ratings";
import { chinaDateTime } from "../../../core/calendar";
import { findCase, findEither, openRecord } from "./open-record";

/**
 * POST /api/applications, /api/applications/lookup, /api/applications/correction, /api/applications/rating. Each takes JSON or
 * a plain HTML form; JSON gets JSON, a form gets a page (the built page, filled in).
 */
export const applications = new Hono<AppEnv>();

applications.use(citizenPost);

applications.post("/", async (c) => {
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const json = body.kind === "json";
	const sent = (key: string) => (json ? (body.value as Record<string, unknown> | null)?.[key] : body.entries.find(([k]) => k === key)?.[1]);
	const [deps, applyItem] = await Promise.all([depsOf(c), applyItemFor(c.env.ASSETS, sent("item"), sent("centre"))]);
	const find = (code: string) => (code === applyItem?.code ? applyItem : undefined);
	const values = json ? [] : body.entries.filter(([k]) => k !== "idempotencyKey" && k !== "cf-turnstile-response");
	// A page's key that is not well formed is ignored: the Worker derives one instead.
	const key = json
		? c.req.header("Idempotency-Key")
		: body.entries.find(([k, v]) => k === "idempotencyKey" && IDEMPOTENCY_KEY.test(v))?.[1];
	if (json && key === undefined) return apiError(c, 400, "idempotency_key_required");
	if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) return apiError(c, 400, "idempotency_key_format");
	const raw = json ? body.value : applicationFromForm(values, find);

	const checked = checkSubmission(deps, raw, applyItem);
	const itemCode = typeof (raw as { item?: unknown })?.item === "string" ? String((raw as { item: string }).item) : "";
	const reshow = (status: 403 | 422 | 429, errors: { field?: string; message: string }[]) =>
		showApplyForm(c, find(itemCode), status, errors, [...values, ...(key ? [["idempotencyKey", key] as [string, string]] : [])]);
	if (!checked.ok) {
		const errors = fieldErrorsOf(checked.errors, find(itemCode));
		return json ? errorResponse(c, 422, errors) : reshow(422, errors);
	}
	const token = json ? c.req.header("CF-Turnstile-Response") : body.entries.find(([k]) => k === "cf-turnstile-response")?.[1];
	const clientIp = c.env.CLIENT_IP_HEADER ? c.req.header(c.env.CLIENT_IP_HEADER) : undefined;
	if (c.env.TURNSTILE_SECRET && !(await verifyTurnstile(c.env.TURNSTILE_SECRET, token, clientIp)))
		return json ? apiError(c, 403, "turnstile") : reshow(403, [{ message: t("api.turnstile") }]);
	const { keys } = deps;
	if (!keys) return apiError(c, 503, "not_configured");
	if (!(await withinLimit(c.env, "submit", c.req.raw)))
		return json ? apiError(c, 429, "rate_limited") : reshow(429, [{ message: t("api.rateLimited") }]);

	const application = checked.value;
	const item = applyItem!;
	const made = await storeSubmission({ ...deps, keys }, application, json ? { from: "header", key: key! } : { from: "form", key }, item);
	if (made === "key_reused") return apiError(c, 422, "idempotency_key_reused");
	const centre = item.centres.find((x) => x.slug === application.centre)!;
	if (!json) return receiptRedirect(c, keys, item, { trackingNo: made.trackingNo, centre: centre.slug, submittedAt: made.submittedAt });
	if (!made.created) c.header("Idempotent-Replayed", "true");
	const by = answerBy({ item: item.code, submittedAt: made.submittedAt, answeredAt: null }, deps);
	return c.json(
		{
			trackingNo: made.trackingNo,
			queryCode: await queryCodeFor(keys, made.trackingNo),
			status: "submitted",
			statusLabel: t("case.status.submitted"),
			submittedAt: made.submittedAt,
			item: { code: item.code, name: item.name },
			centre: { slug: centre.slug, name: centre.name },
			answerBy: by,
			next: t("case.next.submitted", { centre: centre.name, date: by }),
			receipt: `/items/${item.code}/apply/receipt/`,
			track: "/track/",
		},
		201,
	);
});

/** /track/'s lookup: a case, or a complaint (投诉建议), by its number and query code. */
applications.post("/lookup", async (c) => {
	const opened = await openRecord(c, [], findEither);
	if (opened instanceof Response) return opened;
	const { record, deps, cred } = opened;
	const json = opened.body.kind === "json";
	if ("title" in record) {
		const complaint = await complaintView(deps, record);
		return json ? c.json(complaint) : showTrack(c, 200, { complaint, queryCode: cred.queryCode });
	}
	const view = await caseView(deps, record.stored, record.details);
	return json ? c.json(view) : showTrack(c, 200, { view, queryCode: cred.queryCode });
});

applications.post("/correction", async (c) => {
	const opened = await openRecord(c, ["supplied", "note"], findCase);
	if (opened instanceof Response) return opened;
	const { body, cred, deps } = opened;
	const json = body.kind === "json";
	const fields = json ? (body.value as Record<string, unknown>) : undefined;
	const supplied = json ? fields!.supplied : body.entries.filter(([k]) => k === "supplied").map(([, v]) => v);
	const note = json ? fields!.note : body.entries.find(([k]) => k === "note")?.[1];
	const answer = await answerCorrection(deps, opened.record, supplied, note);
	if (answer.ok)
		return json
			? c.json(answer.view)
			: showTrack(c, 200, { view: answer.view, queryCode: cred.queryCode, notice: t("correction.received") });
	if (json) return errorResponse(c, answer.status, fieldErrorsOf(answer.errors));
	const view = await caseView(deps, opened.record.stored, opened.record.details);
	return showTrack(c, answer.status, { view, queryCode: cred.queryCode, errors: answer.errors });
});

/**
 * 好差评 from /track/: the applicant rates a closed case (and once more after the reply to a 差评). The
 * channel is where it came from: 移动端 for a phone's browser, PC 端 otherwise.
 */
applications.post("/rating", async (c) => {
	const opened = await openRecord(c, ["level", "problems", "text", "anonymous"], findCase);
	if (opened instanceof Response) return opened;
	const { body, cred, deps } = opened;
	const json = body.kind === "json";
	const raw = json ? withoutCredentials(body.value as Record<string, unknown>) : ratingFromForm(body.entries);
	const channel = /Mobi|Android|iPhone|HarmonyOS/.test(c.req.header("User-Agent") ?? "") ? "mobile" : "pc";
	const { stored } = opened.record;
	const rated = await rateCase(deps, stored, raw, { channel, followUp: followUpSettings(c.env) });
	if (!rated.ok) {
		if (json) return errorResponse(c, rated.status, rated.errors);
		const errors = rated.errors.map((e) => ({ ...(e.field ? { field: e.field } : {}), message: e.message }));
		return showTrack(c, rated.status, {
			view: await caseView(deps, stored, opened.record.details),
			queryCode: cred.queryCode,
			errors,
			values: valuesOf(body),
		});
	}
	const view = await caseView(deps, stored);
	if (json) return c.json(view, 201);
	return showTrack(c, 201, { view, queryCode: cred.queryCode, notice: thanksFor(rated.ratings.at(-1)!) });
});

const withoutCredentials = ({ trackingNo: _t, queryCode: _q, ...rest }: Record<string, unknown>) => rest;

const valuesOf = (body: Body): [string, string][] =>
	body.kind === "json" ? [] : body.entries.filter(([k]) => k !== "queryCode" && k !== "trackingNo");

function thanksFor(r: StoredRating): string {
	const f = r.followUp;
	if (!f) return t("rating.thanks");
	const when = (iso: string) => chinaDateTime(new Date(iso));
	return f.contactBy
		? t("rating.thanks.bad", { contactBy: when(f.contactBy), fixBy: when(f.fixBy) })
		: t("rating.thanks.bad.anonymous", { fixBy: when(f.fixBy) });
}
