import { type Context, Hono } from "hono";
import {
	type Application,
	type ApplyItem,
	type FieldError,
	applicationFromForm,
	checkApplication,
	parseText,
} from "../../../core/application";
import { chinaDate, chinaDateTime } from "../../../core/calendar";
import { CASE_STATUSES, nextStatus } from "../../../core/case";
import { maskIdCard } from "../../../core/idcard";
import { maskMobile, maskName } from "../../../core/person";
import { newTrackingNo, parseQueryCode, parseTrackingNo } from "../../../core/tracking";
import { errorMessage } from "../../../site/i18n/messages";
import { type StringKey, t } from "../../../site/i18n/zh-CN";
import type { AppEnv } from "../app-env";
import {
	type StoredCase,
	answerCorrection,
	caseByIdempotencyKey,
	caseByTrackingNo,
	clearLookupFailures,
	insertCase,
	openCorrection,
	recordLookupFailure,
	timeline,
} from "../db/applications";
import { applyItems } from "../lib/apply-data";
import { type Keys, decrypt, encrypt, hmacHex, keysFrom, queryCodeFor, sameText } from "../lib/crypto";
import { type ApiError, errorResponse } from "../lib/errors";
import { hasPersonalDataInUrl, isSameOrigin } from "../lib/guards";
import { type ShownError, builtPage, escapeHtml, privateHtml, showing, withFormErrors, withTexts } from "../lib/pages";
import { contentSecurityPolicy } from "../lib/security-headers";
import { clientOf, limitSetting, withinLimit } from "../lib/rate-limit";
import { type Body, BodyRejected, readBody } from "../lib/request-body";
import { verifyTurnstile } from "../lib/turnstile";

type C = Context<AppEnv>;

/** The cookie that carries a fresh receipt from the 303 to the receipt page (never the URL). */
export const RECEIPT_COOKIE = "bm_receipt";
/** What an Idempotency-Key may look like (a UUID fits). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

const BODY_STATUS = { content_type: 415, too_large: 413, encoding: 400, json: 400 } as const;
const BODY_MESSAGE = { content_type: "api.contentType", too_large: "api.tooLarge", encoding: "api.encoding", json: "api.json" } as const;

/**
 * POST /api/applications, /api/applications/lookup, /api/applications/correction. Each takes JSON or
 * a plain HTML form; JSON gets JSON, a form gets a page (the built page, filled in).
 */
export const applications = new Hono<AppEnv>();

applications.use(async (c, next) => {
	if (c.req.method !== "POST") {
		c.header("Allow", "POST");
		return errorResponse(c, 405, [{ code: "method_not_allowed", message: "这个接口只接受 POST 提交。请按 README 的接口说明使用。" }]);
	}
	if (hasPersonalDataInUrl(new URL(c.req.url))) return apiError(c, 400, "personal_data_in_url", "api.personalDataInUrl");
	if (!isSameOrigin(c.req.raw)) return apiError(c, 403, "cross_site", "api.crossSite");
	await next();
});

applications.post("/", async (c) => {
	const now = new Date();
	const body = await bodyOf(c);
	if (body instanceof Response) return body;
	const items = await applyItems(c.env.ASSETS);
	const find = (code: string) => items.get(code);

	let raw: unknown;
	let key: string | undefined;
	let token: string | null | undefined;
	let values: [string, string][] = [];
	if (body.kind === "json") {
		raw = body.value;
		key = c.req.header("Idempotency-Key");
		token = c.req.header("CF-Turnstile-Response");
		if (key === undefined) return apiError(c, 400, "idempotency_key_required", "api.idempotency.required");
	} else {
		values = body.entries.filter(([k]) => k !== "idempotencyKey" && k !== "cf-turnstile-response");
		// A page's key that is not well formed is ignored: the Worker derives one instead.
		key = body.entries.find(([k, v]) => k === "idempotencyKey" && IDEMPOTENCY_KEY.test(v))?.[1];
		token = body.entries.find(([k]) => k === "cf-turnstile-response")?.[1];
		raw = applicationFromForm(values, find);
	}
	if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) return apiError(c, 400, "idempotency_key_format", "api.idempotency.format");

	const checked = checkApplication(raw, find, chinaDate(now));
	const itemCode = typeof (raw as { item?: unknown })?.item === "string" ? String((raw as { item: string }).item) : "";
	const reshow = (status: 403 | 422 | 429, errors: ShownError[]) =>
		showApplyForm(c, find(itemCode), status, errors, [...values, ...(key ? [["idempotencyKey", key] as [string, string]] : [])]);
	if (!checked.ok) {
		const shown = checked.errors.map((e) => ({ ...e, message: errorMessage(e, find(itemCode)) }));
		return body.kind === "json" ? fieldErrors(c, 422, checked.errors, find(itemCode)) : reshow(422, shown);
	}
	const application = checked.value;

	if (c.env.TURNSTILE_SECRET && !(await verifyTurnstile(c.env.TURNSTILE_SECRET, token, clientIp(c)))) {
		return body.kind === "json" ? apiError(c, 403, "turnstile", "api.turnstile") : reshow(403, [{ message: t("api.turnstile") }]);
	}
	const keys = await keysOf(c);
	if (!keys) return notConfigured(c);
	const limit = limitSetting(c.env.SUBMIT_LIMIT_PER_MINUTE, 30);
	if (!(await withinLimit(c.env.DB, keys, "submit", clientOf(c.req.raw, c.env.CLIENT_IP_HEADER), limit, now))) {
		return body.kind === "json" ? apiError(c, 429, "rate_limited", "api.rateLimited") : reshow(429, [{ message: t("api.rateLimited") }]);
	}

	const fingerprint = await hmacHex(keys.fingerprint, JSON.stringify(application));
	// A plain form without a key (JavaScript off) gets one from its content and the day: the same
	// form sent twice the same day, by a double click or a retry, is the same case.
	// A page's key is scoped to what was sent: going back, changing an answer and sending again is a
	// new application, not a reused key.
	const idempotencyKey =
		body.kind === "json"
			? key!
			: key
				? `${key}-${fingerprint.slice(0, 16)}`
				: `form-${(await hmacHex(keys.fingerprint, `${fingerprint}:${chinaDate(now)}`)).slice(0, 40)}`;
	const item = find(application.item)!;
	const centre = item.centres.find((x) => x.slug === application.centre)!;

	const made = await createCase(c.env.DB, keys, { application, idempotencyKey, fingerprint, now, centre });
	if (made === "key_reused") return apiError(c, 422, "idempotency_key_reused", "api.idempotency.mismatch");
	const { created, trackingNo, submittedAt } = made;

	if (body.kind === "form") {
		const cookie = await encrypt(keys.cipher, JSON.stringify({ t: trackingNo, c: centre.slug, s: submittedAt }));
		const secure = new URL(c.req.url).protocol === "https:" ? "; Secure" : "";
		return new Response(null, {
			status: 303,
			headers: {
				Location: `/items/${item.code}/apply/receipt/`,
				"Set-Cookie": `${RECEIPT_COOKIE}=${cookie}; Path=/items/${item.code}/apply/receipt/; Max-Age=1800; HttpOnly; SameSite=Strict${secure}`,
			},
		});
	}
	if (!created) c.header("Idempotent-Replayed", "true");
	return c.json(
		{
			trackingNo,
			queryCode: await queryCodeFor(keys, trackingNo),
			status: "submitted",
			statusLabel: t("case.status.submitted"),
			submittedAt,
			item: { code: item.code, name: item.name },
			centre: { slug: centre.slug, name: centre.name },
			next: t("case.next.submitted", { centre: centre.name }),
			receipt: `/items/${item.code}/apply/receipt/`,
			track: "/track/",
		},
		201,
	);
});

applications.post("/lookup", async (c) => {
	const now = new Date();
	const body = await bodyOf(c);
	if (body instanceof Response) return body;
	const form = credentialsOf(body, []);
	if ("errors" in form)
		return body.kind === "json" ? fieldErrors(c, 422, form.errors) : showTrack(c, 422, { errors: form.errors, values: form.values });
	const access = await verifiedCase(c, form, now);
	if (access instanceof Response) return access;
	if (!access.ok) return lookupFailed(c, body.kind, form.values, access.reason);
	const view = await caseView(c, access.case, access.keys);
	return body.kind === "json" ? c.json(view) : showTrack(c, 200, { view, queryCode: form.queryCode });
});

applications.post("/correction", async (c) => {
	const now = new Date();
	const body = await bodyOf(c);
	if (body instanceof Response) return body;
	const form = credentialsOf(body, ["supplied", "note"]);
	if ("errors" in form)
		return body.kind === "json" ? fieldErrors(c, 422, form.errors) : showTrack(c, 422, { errors: form.errors, values: form.values });
	const access = await verifiedCase(c, form, now);
	if (access instanceof Response) return access;
	if (!access.ok) return lookupFailed(c, body.kind, form.values, access.reason);
	const stored = access.case;
	const open = stored.status === "correction" ? await openCorrection(c.env.DB, stored.id) : null;
	const again = async (status: 409 | 422, errors: FieldError[] | ShownError[]) =>
		body.kind === "json"
			? fieldErrors(c, status, errors as FieldError[])
			: showTrack(c, status, { view: await caseView(c, stored, access.keys), queryCode: form.queryCode, errors });
	if (!open) return again(409, [{ code: "correction.none" } as unknown as FieldError]);

	const supplied =
		body.kind === "json" ? (body.value as Record<string, unknown>).supplied : form.all.filter(([k]) => k === "supplied").map(([, v]) => v);
	const ids = new Set(open.items.map((i) => i.id));
	const problems: FieldError[] = [];
	if (!Array.isArray(supplied) || supplied.length === 0)
		problems.push({ field: "supplied", code: "correction.supplied.required" as never });
	else if (
		supplied.length > ids.size ||
		supplied.some((s) => typeof s !== "string" || !ids.has(s)) ||
		new Set(supplied).size !== supplied.length
	)
		problems.push({ field: "supplied", code: "correction.supplied.option" as never });
	const rawNote = body.kind === "json" ? (body.value as Record<string, unknown>).note : form.all.find(([k]) => k === "note")?.[1];
	let note: string | null = null;
	if (rawNote !== undefined && rawNote !== null && rawNote !== "") {
		const parsed = typeof rawNote === "string" ? parseText(rawNote, true, 500) : { ok: false as const, code: "type" as const };
		if (parsed.ok) note = parsed.value || null;
		else problems.push({ field: "note", code: parsed.code });
	}
	if (problems.length > 0) return again(422, problems);

	const names = open.items.filter((i) => (supplied as string[]).includes(i.id)).map((i) => i.name);
	const ok = await answerCorrection(c.env.DB, {
		caseId: stored.id,
		trackingNo: stored.trackingNo,
		version: stored.version,
		correctionId: open.id,
		supplied: open.items.filter((i) => (supplied as string[]).includes(i.id)).map((i) => i.id),
		note,
		at: now.toISOString(),
		timelineNote: note
			? t("case.event.correction_answered.note", { items: names.join("、"), note })
			: t("case.event.correction_answered", { items: names.join("、") }),
	});
	if (!ok) return again(409, [{ code: "correction.none" } as unknown as FieldError]);
	const view = await caseView(c, { ...stored, status: nextStatus("correction", "answer_correction")! }, access.keys);
	return body.kind === "json" ? c.json(view) : showTrack(c, 200, { view, queryCode: form.queryCode, notice: t("correction.received") });
});

// ---------------------------------------------------------------------------------------------

export interface NewCaseInput {
	application: Application;
	idempotencyKey: string;
	/** Keyed hash of the normalised application (and mandate): a reused key with other content is refused. */
	fingerprint: string;
	now: Date;
	centre: ApplyItem["centres"][number];
	/** 代办: the agent applying for the villager, and the 委托. */
	agent?: { id: number; mandate: Record<string, string> };
}

/**
 * Stores a new case (or finds the one this Idempotency-Key already made): the case, its first timeline
 * event and its audit row in one batch, with a fresh random tracking number.
 */
export async function createCase(
	db: D1Database,
	keys: Keys,
	input: NewCaseInput,
): Promise<{ created: boolean; trackingNo: string; submittedAt: string } | "key_reused"> {
	const { application, idempotencyKey, fingerprint, centre } = input;
	const at = input.now.toISOString();
	for (let attempt = 0; attempt < 3; attempt++) {
		const candidate = newTrackingNo((n) => crypto.getRandomValues(new Uint8Array(n)));
		let created: boolean;
		try {
			created = await insertCase(db, {
				trackingNo: candidate,
				idempotencyKey,
				requestHash: fingerprint,
				application,
				idCipher: await encrypt(keys.cipher, application.applicant.idNumber),
				idIndex: await hmacHex(keys.index, application.applicant.idNumber),
				answersCipher: await encrypt(keys.cipher, JSON.stringify(application.answers)),
				phoneIndex: await hmacHex(keys.index, `phone:${application.applicant.phone}`),
				window: centre.window ?? "",
				agentId: input.agent?.id ?? null,
				mandateCipher: input.agent ? await encrypt(keys.cipher, JSON.stringify(input.agent.mandate)) : null,
				at,
				note: input.agent ? t("case.event.submittedByAgent", { centre: centre.name }) : t("case.event.submitted", { centre: centre.name }),
			});
		} catch (err) {
			// A tracking number drawn twice (one in 10^10 per pair): draw again.
			if (err instanceof Error && err.message.includes("tracking_no")) continue;
			throw err;
		}
		if (created) return { created, trackingNo: candidate, submittedAt: at };
		const earlier = await caseByIdempotencyKey(db, idempotencyKey);
		if (!earlier) continue;
		// Only a JSON client can reuse a key for other content: a page's key is scoped to its content.
		if (earlier.requestHash !== fingerprint) return "key_reused";
		return { created: false, trackingNo: earlier.trackingNo, submittedAt: earlier.submittedAt };
	}
	throw new Error("no tracking number after 3 attempts");
}

function apiError(c: C, status: 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503, code: string, key: StringKey, field?: string) {
	return errorResponse(c, status, [{ code, message: t(key), ...(field ? { field } : {}) }]);
}

/** Field errors as the API answers them: `{ errors: [{ field, code, message }] }`. */
function fieldErrors(c: C, status: 409 | 422, errors: FieldError[], item?: ApplyItem) {
	return errorResponse(
		c,
		status,
		errors.map((e): ApiError => ({ ...(e.field ? { field: e.field } : {}), code: e.code, message: errorMessage(e, item) })),
	);
}

async function bodyOf(c: C): Promise<Body | Response> {
	try {
		return await readBody(c.req.raw);
	} catch (err) {
		if (!(err instanceof BodyRejected)) throw err;
		return apiError(c, BODY_STATUS[err.reason], `body_${err.reason}`, BODY_MESSAGE[err.reason]);
	}
}

async function keysOf(c: C): Promise<Keys | undefined> {
	const keys = keysFrom(c.env.PII_KEY);
	// Said once per request that needs it, without any request data.
	if (!keys) console.error(JSON.stringify({ level: "error", message: "PII_KEY is missing or not 32 bytes of base64" }));
	return keys;
}

function notConfigured(c: C) {
	return apiError(c, 503, "not_configured", "api.notConfigured");
}

function clientIp(c: C): string | undefined {
	const header = c.env.CLIENT_IP_HEADER;
	return header ? c.req.header(header) : undefined;
}

interface Credentials {
	trackingNo: string;
	queryCode: string;
	/** What the person typed, to show again: never the query code. */
	values: [string, string][];
	all: [string, string][];
}

/** trackingNo and queryCode from JSON or a form, with `extra` keys allowed beside them. */
function credentialsOf(body: Body, extra: string[]): Credentials | { errors: FieldError[]; values: [string, string][] } {
	const allowed = ["trackingNo", "queryCode", ...extra];
	const all: [string, string][] = body.kind === "form" ? body.entries : [];
	let source: Record<string, unknown>;
	if (body.kind === "json") {
		if (typeof body.value !== "object" || body.value === null || Array.isArray(body.value))
			return { errors: [{ code: "body" }], values: [] };
		source = body.value as Record<string, unknown>;
	} else {
		source = Object.create(null) as Record<string, unknown>;
		for (const [k, v] of all) if (k !== "supplied") source[k] = source[k] === undefined ? v : [source[k], v].flat();
	}
	const errors: FieldError[] = [];
	for (const k of Object.keys(source)) if (!allowed.includes(k)) errors.push({ field: k, code: "unknown" });
	const get = (k: string) => (source[k] === undefined ? "" : source[k]);
	const tn = get("trackingNo");
	const qc = get("queryCode");
	const tracking = typeof tn === "string" ? parseTrackingNo(tn) : { ok: false as const, code: "type" as const };
	const query = typeof qc === "string" ? parseQueryCode(qc) : { ok: false as const, code: "type" as const };
	if (!tracking.ok) errors.push({ field: "trackingNo", code: tracking.code as never });
	if (!query.ok) errors.push({ field: "queryCode", code: query.code as never });
	const values: [string, string][] = typeof tn === "string" ? [["trackingNo", tn]] : [];
	if (errors.length > 0 || !tracking.ok || !query.ok) return { errors, values };
	return { trackingNo: tracking.value, queryCode: query.value, values: [["trackingNo", tracking.value]], all };
}

type Access = { ok: true; case: StoredCase; keys: Keys } | { ok: false; reason: "failed" | "rate_limited" };

/**
 * The one gate to a case for a citizen: the per-client rate limit, then the tracking number and its
 * query code. An unknown number, a wrong code and a locked case all come back as the same failure.
 */
async function verifiedCase(c: C, cred: Credentials, now: Date): Promise<Access | Response> {
	const keys = await keysOf(c);
	if (!keys) return notConfigured(c);
	const limit = limitSetting(c.env.LOOKUP_LIMIT_PER_MINUTE, 20);
	if (!(await withinLimit(c.env.DB, keys, "lookup", clientOf(c.req.raw, c.env.CLIENT_IP_HEADER), limit, now)))
		return { ok: false, reason: "rate_limited" };
	const stored = await caseByTrackingNo(c.env.DB, cred.trackingNo);
	// Compute the code even for an unknown number, so both paths do the same work.
	const expected = await queryCodeFor(keys, cred.trackingNo);
	if (!stored) return { ok: false, reason: "failed" };
	if (stored.lockedUntil !== null && stored.lockedUntil > now.toISOString()) return { ok: false, reason: "failed" };
	if (!sameText(expected, cred.queryCode)) {
		await recordLookupFailure(c.env.DB, stored.id, now);
		return { ok: false, reason: "failed" };
	}
	await clearLookupFailures(c.env.DB, stored.id);
	return { ok: true, case: stored, keys };
}

function lookupFailed(c: C, kind: Body["kind"], values: [string, string][], reason: "failed" | "rate_limited") {
	const key = reason === "failed" ? "lookup.failed" : "lookup.rateLimited";
	const status = reason === "failed" ? 404 : 429;
	if (kind === "json") return apiError(c, status, reason === "failed" ? "lookup_failed" : "rate_limited", key);
	return showTrack(c, status, { errors: [{ field: "trackingNo", message: t(key) }], values });
}

export interface CaseView {
	trackingNo: string;
	item: { code: string; name: string };
	centre: { slug: string; name: string };
	applicant: { name: string; idNumber: string; phone: string };
	status: string;
	statusCode: string;
	statusLabel: string;
	submittedAt: string;
	next: string;
	timeline: { at: string; status: string; statusLabel: string; note: string | null }[];
	correction: { respondBy: string; items: { id: string; name: string; reason: string }[] } | null;
}

/** What a citizen may see of a case: status, public timeline, next step, and personal data masked. */
async function caseView(c: C, stored: StoredCase, keys: Keys): Promise<CaseView> {
	const items = await applyItems(c.env.ASSETS);
	const item = items.get(stored.item);
	const centreName = item?.centres.find((x) => x.slug === stored.centre)?.name ?? stored.centre;
	const open = stored.status === "correction" ? await openCorrection(c.env.DB, stored.id) : null;
	const idNumber = await decrypt(keys.cipher, stored.idCipher);
	const events = await timeline(c.env.DB, stored.id);
	return {
		trackingNo: stored.trackingNo,
		item: { code: stored.item, name: item?.name ?? stored.item },
		centre: { slug: stored.centre, name: centreName },
		applicant: {
			name: maskName(stored.applicantName),
			idNumber: idNumber ? maskIdCard(idNumber) : "",
			phone: maskMobile(stored.applicantPhone),
		},
		status: stored.status,
		statusCode: CASE_STATUSES[stored.status],
		statusLabel: t(`case.status.${stored.status}`),
		submittedAt: stored.submittedAt,
		next: t(`case.next.${stored.status}`, { centre: centreName, date: open?.respondBy ?? "" }),
		timeline: events.map((e) => ({ at: e.at, status: e.status, statusLabel: t(`case.status.${e.status}`), note: e.note })),
		correction: open && { respondBy: open.respondBy, items: open.items },
	};
}

/** The apply page again with the errors and the values as sent; a page that does not exist → the 404 page. */
async function showApplyForm(c: C, item: ApplyItem | undefined, status: number, errors: ShownError[], values: [string, string][]) {
	const origin = new URL(c.req.url).origin;
	const page = item && (await builtPage(c.env.ASSETS, origin, `/items/${item.code}/apply/`));
	if (!page) {
		const notFound = await c.env.ASSETS.fetch(new Request(new URL("/404.html", origin)));
		return privateHtml(notFound.body, status);
	}
	const policy: Record<string, string> = c.env.TURNSTILE_SECRET ? { "Content-Security-Policy": contentSecurityPolicy(true) } : {};
	return privateHtml(withFormErrors(new HTMLRewriter(), errors, values).transform(page).body, status, policy);
}

interface TrackState {
	view?: CaseView;
	/** Put back into the 补正 form (a hidden field in the body, never the URL). */
	queryCode?: string;
	errors?: (ShownError | FieldError)[];
	values?: [string, string][];
	notice?: string;
}

/** /track/ as built, with the result, the 补正 form, a notice or errors filled in. */
async function showTrack(c: C, status: number, s: TrackState) {
	const page = await builtPage(c.env.ASSETS, new URL(c.req.url).origin, "/track/");
	if (!page) throw new Error("the build has no /track/ page");
	const errors: ShownError[] = (s.errors ?? []).map((e) => ("message" in e ? e : { field: e.field, message: errorMessage(e) }));
	const values = s.values ?? (s.view ? [["trackingNo", s.view.trackingNo] as [string, string]] : []);
	const r = withFormErrors(new HTMLRewriter(), errors, values);
	if (s.notice) showing(withTexts(r, { "track-notice": s.notice }), ["track-notice"]);
	const v = s.view;
	if (v) {
		showing(r, ["track-result"]);
		withTexts(r, {
			"track-tracking-no": v.trackingNo,
			"track-item": v.item.name,
			"track-centre": v.centre.name,
			"track-name": v.applicant.name,
			"track-status": v.statusLabel,
			"track-next": v.next,
		});
		const rows = v.timeline
			.map(
				(e) =>
					`<li><time datetime="${escapeHtml(e.at)}">${escapeHtml(chinaDateTime(new Date(e.at)))}</time> ${escapeHtml(e.statusLabel)}${e.note ? `：${escapeHtml(e.note)}` : ""}</li>`,
			)
			.join("");
		r.on("#track-timeline", { element: (el) => void el.setInnerContent(rows, { html: true }) });
		if (v.correction && s.queryCode) {
			showing(r, ["track-correction"]);
			withTexts(r, { "track-correction-due": t("case.next.correction", { date: v.correction.respondBy, centre: v.centre.name }) });
			r.on("#correction-tracking-no", { element: (el) => void el.setAttribute("value", v.trackingNo) });
			r.on("#correction-query-code", { element: (el) => void el.setAttribute("value", s.queryCode!) });
			const boxes = v.correction.items
				.map((item, i) => {
					const id = i === 0 ? "f-supplied" : `f-supplied-${escapeHtml(item.id)}`;
					return `<div class="app-choice"><input type="checkbox" name="supplied" value="${escapeHtml(item.id)}" id="${id}"><label for="${id}">${escapeHtml(item.name)}：${escapeHtml(item.reason)}</label></div>`;
				})
				.join("");
			r.on("#track-correction-items", { element: (el) => void el.setInnerContent(boxes, { html: true }) });
		}
	}
	return privateHtml(r.transform(page).body, status);
}
