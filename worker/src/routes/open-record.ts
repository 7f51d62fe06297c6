import type { Context } from "hono";
import type { FieldError } from "../../../core/application";
import { parseQueryCode, parseTrackingNo } from "../../../core/tracking";
import { t } from "../../../core/zh-CN";
import type { AppEnv } from "../app-env";
import type { StoredComplaint } from "../db/complaints";
import type { Keys } from "../lib/crypto";
import { apiError, errorResponse, fieldErrorsOf } from "../lib/errors";
import { withinLimit } from "../lib/rate-limit";
import { type Body, bodyOr } from "../lib/request-body";
import { showTrack } from "../pages/citizen";
import { type CaseRecord, verifiedCase, verifiedCaseOrComplaint } from "../services/citizen-cases";
import { verifiedComplaint } from "../services/complaints";
import { type Deps, depsOf } from "../services/deps";

type C = Context<AppEnv>;

interface Opened<R> {
	body: Body;
	cred: { trackingNo: string; queryCode: string };
	deps: Deps & { keys: Keys };
	record: R;
}

/** What a tracking number with its query code may open: a case, a complaint, or (/track/'s lookup) either. */
type Finder<R> = (deps: Deps & { keys: Keys }, cred: { trackingNo: string; queryCode: string }) => Promise<R | undefined>;

export const findCase: Finder<CaseRecord> = verifiedCase;
export const findComplaint: Finder<StoredComplaint> = verifiedComplaint;
export const findEither: Finder<CaseRecord | StoredComplaint> = verifiedCaseOrComplaint;

/**
 * A citizen's way to their case or complaint: the body, the tracking number and query code (with `extra`
 * keys allowed beside them), the per-client rate limit, then the record itself. Anything short of the
 * record is already the answer: JSON for JSON, /track/ with errors for a form. Unknown numbers, wrong
 * codes and locked records all answer the same.
 */
export async function openRecord<R>(c: C, extra: string[], find: Finder<R>): Promise<Opened<R> | Response> {
	const body = await bodyOr(c);
	if (body instanceof Response) return body;
	const form = credentialsOf(body, extra);
	if ("errors" in form)
		return body.kind === "json"
			? errorResponse(c, 422, fieldErrorsOf(form.errors))
			: showTrack(c, 422, { errors: form.errors, values: form.values });
	const deps = await depsOf(c);
	const { keys } = deps;
	if (!keys) return apiError(c, 503, "not_configured");
	const allowed = await withinLimit(c.env, "lookup", c.req.raw);
	const found = allowed ? await find({ ...deps, keys }, form) : undefined;
	if (found) return { body, cred: form, deps: { ...deps, keys }, record: found };
	const words = allowed ? "lookup.failed" : "lookup.rateLimited";
	if (body.kind === "json") return apiError(c, allowed ? 404 : 429, allowed ? "lookup_failed" : "rate_limited", { words });
	return showTrack(c, allowed ? 404 : 429, {
		errors: [{ field: "trackingNo", message: t(words) }],
		values: [["trackingNo", form.trackingNo]],
	});
}

/** trackingNo and queryCode from JSON or a form, with `extra` keys allowed beside them. */
function credentialsOf(
	body: Body,
	extra: string[],
): { trackingNo: string; queryCode: string } | { errors: FieldError[]; values: [string, string][] } {
	const allowed = ["trackingNo", "queryCode", ...extra];
	let source: Record<string, unknown>;
	if (body.kind === "json") {
		if (typeof body.value !== "object" || body.value === null || Array.isArray(body.value))
			return { errors: [{ code: "body" }], values: [] };
		source = body.value as Record<string, unknown>;
	} else {
		source = Object.create(null) as Record<string, unknown>;
		for (const [k, v] of body.entries) if (k !== "supplied") source[k] = source[k] === undefined ? v : [source[k], v].flat();
	}
	const errors: FieldError[] = [];
	for (const k of Object.keys(source)) if (!allowed.includes(k)) errors.push({ field: k, code: "unknown" });
	const tn = source.trackingNo ?? "";
	const qc = source.queryCode ?? "";
	const tracking = typeof tn === "string" ? parseTrackingNo(tn) : { ok: false as const, code: "type" as const };
	const query = typeof qc === "string" ? parseQueryCode(qc) : { ok: false as const, code: "type" as const };
	if (!tracking.ok) errors.push({ field: "trackingNo", code: tracking.code });
	if (!query.ok) errors.push({ field: "queryCode", code: query.code });
	const values: [string, string][] = typeof tn === "string" ? [["trackingNo", tn]] : [];
	if (errors.length > 0 || !tracking.ok || !query.ok) return { errors, values };
	return { trackingNo: tracking.value, queryCode: query.value };
}
