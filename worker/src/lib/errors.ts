import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { API_ERROR_WORDS, type ApiErrorCode } from "../../../core/api-errors";
import type { FieldError } from "../../../core/application";
import { errorMessage } from "../../../core/messages";
import type { OnlineItem } from "../../../core/online-item";
import { type StringKey, t } from "../../../core/zh-CN";

/**
 * The one error envelope every API error uses: `{ errors: [{ code, message, field? }] }`.
 * Messages are plain Chinese that say what to do next; nothing internal ever goes in them.
 */
export interface ApiError {
	/** Stable machine-readable code: an ApiErrorCode, or a field error's code. */
	code: string;
	/** What happened and what to do, in Chinese. */
	message: string;
	/** The input field at fault, as a dotted path, when there is one. */
	field?: string;
}

/** One envelope error by its code, in the code's words or more precise ones from the table. */
export function apiErrorOf(
	code: ApiErrorCode,
	opts: { field?: string; words?: StringKey; values?: Record<string, string> } = {},
): ApiError {
	return { code, message: t(opts.words ?? API_ERROR_WORDS[code], opts.values), ...(opts.field ? { field: opts.field } : {}) };
}

/** Field errors of a form in the envelope, each with its sentence. */
export function fieldErrorsOf(errors: FieldError[], item?: OnlineItem, prefix = ""): ApiError[] {
	return errors.map((e) => ({
		...(e.field || prefix ? { field: `${prefix}${e.field ?? ""}`.replace(/\.$/, "") } : {}),
		code: e.code,
		message: errorMessage(e, item),
	}));
}

export function errorResponse(c: Context, status: ContentfulStatusCode, errors: ApiError[]) {
	return c.json({ errors }, status);
}

/** A single-error answer by code. */
export function apiError(c: Context, status: ContentfulStatusCode, code: ApiErrorCode, opts: Parameters<typeof apiErrorOf>[1] = {}) {
	return errorResponse(c, status, [apiErrorOf(code, opts)]);
}

/** app.onError: known HTTP errors keep their status; anything else is a 500 with no detail. */
export function handleError(err: Error, c: Context) {
	if (err instanceof HTTPException && err.status < 500) {
		const code = err.status === 404 ? "not_found" : err.status === 405 ? "method_not_allowed" : "bad_request";
		return apiError(c, err.status, code);
	}
	// Log the kind of failure and where, never the request body: it may hold personal data.
	console.error(JSON.stringify({ level: "error", path: c.req.path, method: c.req.method, error: err.name, message: err.message }));
	return apiError(c, 500, "internal");
}
