import { type Context, Hono } from "hono";
import { placesCheck } from "../../../core/complaint";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import { citizenPost } from "../lib/citizen-post";
import { apiError, errorResponse } from "../lib/errors";
import { hasPersonalDataInUrl } from "../lib/guards";
import { guides } from "../lib/guides";
import { type ShownError, builtPage, fillForm, privateHtml, showing, withTexts } from "../lib/pages";
import { centreData } from "../lib/centre-data";
import { places } from "../lib/places";
import { withinLimit } from "../lib/rate-limit";
import { bodyOr } from "../lib/request-body";
import { verifyTurnstile } from "../lib/turnstile";
import { showTrack } from "../pages/citizen";
import { clockOfComplaint, complaintView, fileComplaint, rateReply } from "../services/complaints";
import { complaintByTrackingNo } from "../db/complaints";
import { depsOf } from "../services/deps";
import { findComplaint, openRecord } from "./open-record";

type C = Context<AppEnv>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * 投诉建议 for citizens: POST /api/complaints (file one, JSON or the plain form), POST
 * /api/complaints/rating (rate the answer, from /track/), and GET /complaints/ (the form, filled with what
 * a link from a guide, centre or station page names). The same abuse rules as applications.
 */
export const complaints = new Hono<AppEnv>();
export const complaintPage = new Hono<AppEnv>();

complaints.use(citizenPost);

complaints.post("/", async (c) => {
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const json = body.kind === "json";
	const values = json ? [] : body.entries.filter(([k]) => k !== "cf-turnstile-response");
	const raw = json ? body.value : Object.fromEntries(values);
	const reshow = (status: number, errors: ShownError[]) => showComplaintForm(c, status, { errors, values });
	const token = json ? c.req.header("CF-Turnstile-Response") : body.entries.find(([k]) => k === "cf-turnstile-response")?.[1];
	const clientIp = c.env.CLIENT_IP_HEADER ? c.req.header(c.env.CLIENT_IP_HEADER) : undefined;
	if (c.env.TURNSTILE_SECRET && !(await verifyTurnstile(c.env.TURNSTILE_SECRET, token, clientIp)))
		return json ? apiError(c, 403, "turnstile") : reshow(403, [{ message: t("api.turnstile") }]);
	const deps = await depsOf(c);
	const { keys } = deps;
	if (!keys) return apiError(c, 503, "not_configured");
	// The places the complaint names: every centre by name, and the stations and windows of the one it is about.
	const about = isRecord(raw) && typeof raw.centre === "string" ? [raw.centre.trim()] : [];
	const [known, guideList] = await Promise.all([places(c.env.ASSETS, about), guides(c.env.ASSETS)]);
	const check = placesCheck(known, (code) => guideList.has(code));
	// Checked before the rate limit: a form with mistakes is not a submission.
	const filed = await fileComplaint({ ...deps, keys }, check, raw, () => withinLimit(c.env, "complaint", c.req.raw));
	if (filed === "rate_limited") return json ? apiError(c, 429, "rate_limited") : reshow(429, [{ message: t("api.rateLimited") }]);
	if (!filed.ok) return json ? errorResponse(c, 422, filed.errors) : reshow(422, filed.errors);
	const stored = (await complaintByTrackingNo(deps.db, filed.trackingNo))!;
	const clock = clockOfComplaint(deps, stored);
	const receipt = { trackingNo: filed.trackingNo, queryCode: filed.queryCode, type: stored.type, ...clock };
	if (!json) return showComplaintForm(c, 201, { receipt });
	if (!filed.created) c.header("Idempotent-Replayed", "true");
	return c.json(
		{
			trackingNo: filed.trackingNo,
			queryCode: filed.queryCode,
			type: stored.type,
			status: stored.status,
			acknowledgeBy: clock.acknowledgeBy,
			answerBy: clock.answerBy,
			track: "/track/",
		},
		201,
	);
});

/** The person rates the answer to their complaint: { trackingNo, queryCode, replyRating }. */
complaints.post("/rating", async (c) => {
	const opened = await openRecord(c, ["replyRating"], findComplaint);
	if (opened instanceof Response) return opened;
	const { body, cred, deps, record } = opened;
	const json = body.kind === "json";
	const raw = json ? (body.value as Record<string, unknown>).replyRating : body.entries.find(([k]) => k === "replyRating")?.[1];
	const rated = await rateReply(deps, record, raw);
	const now = (await complaintByTrackingNo(deps.db, record.trackingNo))!;
	const complaint = await complaintView(deps, now);
	if (json) return rated.ok ? c.json(complaint) : errorResponse(c, rated.status, rated.errors);
	const shown = rated.ok
		? { notice: t("complaint.rate.thanks") }
		: { errors: rated.errors.map((e) => ({ field: e.field, message: e.message })) };
	return showTrack(c, rated.ok ? 200 : rated.status, { complaint, queryCode: cred.queryCode, ...shown });
});

/** What a link may name: the place or guide the complaint is about (never anything personal). */
const PREFILL = ["centre", "station", "window", "item"];

complaintPage.get("/complaints/", async (c) => {
	if (hasPersonalDataInUrl(new URL(c.req.url))) return apiError(c, 400, "personal_data_in_url");
	const values = PREFILL.flatMap((k): [string, string][] => {
		const v = c.req.query(k);
		return v && /^[a-z0-9-]{1,60}$/.test(v) ? [[k, v]] : [];
	});
	// The township form's answer (or a link) naming a centre that does not exist: say so, list nothing.
	const centre = c.req.query("centre");
	if (centre !== undefined && !(await centreData(c.env.ASSETS, centre.trim())))
		return showComplaintForm(c, 400, {
			errors: [{ field: "centre", message: t("complaint.error.centre") }],
			values: values.filter(([k]) => k !== "centre" && k !== "station"),
		});
	return showComplaintForm(c, 200, { values });
});

interface FormState {
	errors?: ShownError[];
	values?: [string, string][];
	receipt?: { trackingNo: string; queryCode: string; type: string; acknowledgeBy: string; answerBy: string };
}

/** /complaints/ as built: filled with values, shown again with errors, or the receipt in the form's place. */
async function showComplaintForm(c: C, status: number, s: FormState) {
	const page = await builtPage(c.env.ASSETS, new URL(c.req.url).origin, "/complaints/");
	if (!page) throw new Error("the build has no /complaints/ page");
	// The stations of the township chosen (by a link, the township form or the form sent), never every one.
	const chosen = s.values?.find(([k]) => k === "centre")?.[1]?.trim();
	const township = chosen ? await centreData(c.env.ASSETS, chosen) : undefined;
	const villages = township?.stations.map((v) => ({ value: v.slug, text: v.village }));
	const r = fillForm(new HTMLRewriter(), { errors: s.errors ?? [], values: s.values ?? [], villages });
	if (s.receipt) {
		const { receipt } = s;
		showing(r, ["complaint-receipt"]);
		r.on("#complaint-page", { element: (el) => void el.remove() });
		r.on("title", { element: (el) => void el.setInnerContent(`${t("complaint.received", { type: receipt.type })} - ${t("site.name")}`) });
		withTexts(r, {
			"complaint-receipt-title": t("complaint.received", { type: receipt.type }),
			"complaint-receipt-tracking-no": receipt.trackingNo,
			"complaint-receipt-query-code": receipt.queryCode,
			"complaint-receipt-body": t("complaint.received.body", { acknowledgeBy: receipt.acknowledgeBy, answerBy: receipt.answerBy }),
		});
	}
	return privateHtml(r.transform(page).body, status);
}
