import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { checkApplication, parseText } from "../../../core/application";
import { chinaDate } from "../../../core/calendar";
import { normalizeInput } from "../../../core/normalize";
import type { Staff } from "../../../core/staff";
import { parseTrackingNo } from "../../../core/tracking";
import { errorMessage } from "../../../site/i18n/messages";
import { type StringKey, t } from "../../../site/i18n/zh-CN";
import type { AppEnv } from "../app-env";
import { caseForStaff, markPaperForwarded } from "../db/cases";
import { applyItems } from "../lib/apply-data";
import { hmacHex, keysFrom, queryCodeFor } from "../lib/crypto";
import { type ApiError, errorResponse } from "../lib/errors";
import { isSameOrigin } from "../lib/guards";
import { BodyRejected, readBody } from "../lib/request-body";
import { IDEMPOTENCY_KEY, createCase } from "./applications";

type C = Context<AppEnv>;

/** 委托: on what authority the agent acts for the villager. */
export const MANDATE_BASES = ["书面委托书", "本人当面委托（已核验身份证）"] as const;
export type MandateBasis = (typeof MANDATE_BASES)[number];

export interface Mandate {
	basis: MandateBasis;
	/** The day the villager gave the 委托 (YYYY-MM-DD, China time), never after today. */
	signedOn: string;
	note?: string;
}

/** The 委托 fields and their labels, in the order the form shows them. */
export const MANDATE_KEYS = ["basis", "signedOn", "note"] as const;
const MANDATE_LABELS: Record<(typeof MANDATE_KEYS)[number], StringKey> = {
	basis: "staff.apply.mandate.basis",
	signedOn: "staff.apply.mandate.signedOn",
	note: "staff.apply.mandate.note",
};
const NOTE_MAX = 200;

/**
 * Where the Idempotency-Key came from. A JSON client's header is the key itself: the same key with other
 * content is refused. A page's hidden key is scoped to what was sent (going back, changing an answer and
 * sending again is a new application); a page without a well-formed key gets one from its content and
 * the day, so a double click or a retry still makes one case.
 */
export type AgentIdempotencyKey = { from: "header"; key: string } | { from: "form"; key: string | undefined };

export type AgentApplyResult =
	| {
			ok: true;
			/** False when the key had already made this case: the same case again. */
			created: boolean;
			trackingNo: string;
			queryCode: string;
			submittedAt: string;
			centre: { slug: string; name: string };
			/** For the receipt the agent hands over: whose application, on what 委托. */
			applicantName: string;
			mandate: Mandate;
	  }
	/** Errors with the API's field paths: application.applicant.village, mandate.basis. */
	| { ok: false; status: 403 | 422 | 503; errors: ApiError[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The 委托 as sent, checked: every problem at once, each with its field (mandate.basis …) and message. */
export function checkMandate(raw: unknown, today: string): { ok: true; value: Mandate } | { ok: false; errors: ApiError[] } {
	if (raw === undefined) raw = {};
	if (!isRecord(raw)) return { ok: false, errors: [{ field: "mandate", code: "type", message: t("staff.apply.error.mandate") }] };
	const errors: ApiError[] = [];
	const fail = (key: string, code: string, message: string) => void errors.push({ field: `mandate.${key}`, code, message });
	const label = (key: (typeof MANDATE_KEYS)[number]) => t(MANDATE_LABELS[key]);
	for (const key of Object.keys(raw))
		if (!(MANDATE_KEYS as readonly string[]).includes(key)) fail(key, "unknown", t("error.unknown", { label: key }));

	const basis = typeof raw.basis === "string" ? raw.basis.normalize("NFC").trim() : raw.basis;
	if (basis === undefined || basis === "") fail("basis", "required", t("error.required.choice", { label: label("basis") }));
	else if (typeof basis !== "string" || !(MANDATE_BASES as readonly string[]).includes(basis))
		fail("basis", "option", t("error.option", { label: label("basis") }));

	const signedOn = typeof raw.signedOn === "string" ? normalizeInput(raw.signedOn) : raw.signedOn;
	if (signedOn === undefined || signedOn === "") fail("signedOn", "required", t("error.required", { label: label("signedOn") }));
	else if (typeof signedOn !== "string" || !isRealDate(signedOn) || signedOn < "1900-01-01")
		fail("signedOn", "date.format", t("error.date.format", { label: label("signedOn") }));
	else if (signedOn > today) fail("signedOn", "date.range", t("staff.apply.error.signedOnFuture"));

	let note: string | undefined;
	if (raw.note !== undefined && raw.note !== null && raw.note !== "") {
		const parsed = typeof raw.note === "string" ? parseText(raw.note, true, NOTE_MAX) : { ok: false as const, code: "type" as const };
		if (!parsed.ok) fail("note", parsed.code, t(`error.${parsed.code}` as StringKey, { label: label("note") }));
		else if (parsed.value !== "") note = parsed.value;
	}
	if (errors.length > 0) return { ok: false, errors };
	return { ok: true, value: { basis: basis as MandateBasis, signedOn: signedOn as string, ...(note ? { note } : {}) } };
}

function isRealDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const d = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * 全程代办, the one rule set of the JSON API and the agent's form page: a village agent applies for a
 * villager of their own station, for an item an agent may do, with the 委托 recorded (who: the agent;
 * when: the 委托's date and the moment it was recorded; on what authority: its basis). The case is
 * stored with the agent's id and the 委托 encrypted.
 */
export async function applyForVillager(
	c: C,
	agent: Staff,
	rawApplication: unknown,
	rawMandate: unknown,
	idempotencyKey: AgentIdempotencyKey,
): Promise<AgentApplyResult> {
	if (agent.role !== "agent") return { ok: false, status: 403, errors: [{ code: "forbidden", message: t("staff.apply.error.forbidden") }] };
	const now = new Date();
	const today = chinaDate(now);
	const items = await applyItems(c.env.ASSETS);
	const find = (code: string) => items.get(code);
	const checked = checkApplication(rawApplication, find, today);
	const mandate = checkMandate(rawMandate, today);
	const itemCode = isRecord(rawApplication) && typeof rawApplication.item === "string" ? rawApplication.item : "";
	const errors: ApiError[] = checked.ok
		? []
		: checked.errors.map((e) => ({
				field: `application.${e.field ?? ""}`.replace(/\.$/, ""),
				code: e.code,
				message: errorMessage(e, find(itemCode)),
			}));
	if (!mandate.ok) errors.push(...mandate.errors);
	if (checked.ok) {
		const a = checked.value;
		const item = find(a.item);
		if (a.centre !== agent.centre) {
			const centre = item?.centres.find((x) => x.slug === agent.centre)?.name ?? t("apply.label.centre");
			errors.push({ field: "application.centre", code: "agent.scope", message: t("staff.apply.error.centre", { centre }) });
		}
		if (a.centre !== agent.centre || a.applicant.village !== agent.station)
			errors.push({ field: "application.applicant.village", code: "agent.scope", message: t("staff.apply.error.village") });
		if (!item?.agentAllowed)
			errors.push({ field: "application.item", code: "agent.not_allowed", message: t("staff.apply.error.notAllowed") });
	}
	if (errors.length > 0 || !checked.ok || !mandate.ok) return { ok: false, status: 422, errors };

	const keys = await keysFrom(c.env.PII_KEY);
	if (!keys) return { ok: false, status: 503, errors: [{ code: "not_configured", message: t("api.notConfigured") }] };
	const application = checked.value;
	const centre = find(application.item)!.centres.find((x) => x.slug === application.centre)!;
	const fingerprint = await hmacHex(keys.fingerprint, JSON.stringify({ application, mandate: mandate.value, agent: agent.id }));
	const scoped =
		idempotencyKey.from === "header"
			? idempotencyKey.key
			: idempotencyKey.key && IDEMPOTENCY_KEY.test(idempotencyKey.key)
				? `page-${idempotencyKey.key}-${fingerprint.slice(0, 16)}`
				: `form-${(await hmacHex(keys.fingerprint, `${fingerprint}:${today}`)).slice(0, 40)}`;
	const made = await createCase(c.env.DB, keys, {
		application,
		idempotencyKey: `agent-${agent.id}-${scoped}`,
		fingerprint,
		now,
		centre,
		agent: { id: agent.id, mandate: { ...mandate.value, agent: agent.name, recordedAt: now.toISOString() } },
	});
	if (made === "key_reused")
		return { ok: false, status: 422, errors: [{ code: "idempotency_key_reused", message: t("api.idempotency.mismatch") }] };
	return {
		ok: true,
		created: made.created,
		trackingNo: made.trackingNo,
		queryCode: await queryCodeFor(keys, made.trackingNo),
		submittedAt: made.submittedAt,
		centre: { slug: centre.slug, name: centre.name },
		applicantName: application.applicant.name,
		mandate: mandate.value,
	};
}

/**
 * 全程代办 as JSON: a village agent applies for a villager of their station, and marks when the paper
 * forms went to the centre. Mounted at /api/staff (requireStaff runs first). The plain-form pages of the
 * same (/staff/apply/) are in staff-pages.ts and call applyForVillager too.
 */
export const staffAgent = new Hono<AppEnv>();

const agentsOnly = createMiddleware<AppEnv>(async (c, next) => {
	if (!isSameOrigin(c.req.raw)) return errorResponse(c, 403, [{ code: "cross_site", message: t("api.crossSite") }]);
	if ((c.get("staff") as Staff).role !== "agent") {
		return errorResponse(c, 403, [{ code: "forbidden", message: t("staff.apply.error.forbidden") }]);
	}
	await next();
});
staffAgent.use("/applications", agentsOnly);
staffAgent.use("/cases/:trackingNo/paper-forwarded", agentsOnly);

staffAgent.post("/applications", async (c) => {
	const agent = c.get("staff") as Staff;
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
	const input = isRecord(body) ? body : {};
	const unknown = Object.keys(input).filter((k) => k !== "application" && k !== "mandate");
	if (unknown.length > 0)
		return errorResponse(
			c,
			422,
			unknown.map((k) => ({ field: k, code: "unknown", message: t("error.unknown", { label: k }) })),
		);
	const result = await applyForVillager(c, agent, input.application, input.mandate, { from: "header", key });
	if (!result.ok) return errorResponse(c, result.status, result.errors);
	if (!result.created) c.header("Idempotent-Replayed", "true");
	// The agent hands the villager the tracking number and query code (printed or written down).
	return c.json({ trackingNo: result.trackingNo, queryCode: result.queryCode, status: "submitted", submittedAt: result.submittedAt }, 201);
});

staffAgent.post("/cases/:trackingNo/paper-forwarded", async (c) => {
	const agent = c.get("staff") as Staff;
	const tracking = parseTrackingNo(c.req.param("trackingNo"));
	const found = tracking.ok ? await caseForStaff(c.env.DB, agent, tracking.value) : null;
	if (!found) return errorResponse(c, 404, [{ code: "not_found", message: "没有找到这件办件，或者它不是本服务站的办件。" }]);
	const paperForwardedAt = found.paperForwardedAt ?? (await markPaperForwarded(c.env.DB, agent.id, found, new Date().toISOString()));
	return c.json({ trackingNo: found.trackingNo, paperForwardedAt });
});
