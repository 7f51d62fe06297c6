import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The one error envelope every API error uses: `{ errors: [{ code, message, field? }] }`.
 * Messages are plain Chinese that say what to do next; nothing internal ever goes in them.
 */
export interface ApiError {
	/** Stable machine-readable code, e.g. not_found. */
	code: string;
	/** What happened and what to do, in Chinese. */
	message: string;
	/** The input field at fault, as a dotted path, when there is one. */
	field?: string;
}

export const MESSAGES = {
	not_found: "没有这个接口。请检查地址是否正确，接口说明见项目 README。",
	method_not_allowed: "这个接口不支持这种请求方式。请按接口说明使用正确的方法。",
	bad_request: "请求格式不对。请按接口说明重新提交。",
	internal: "系统暂时出了点问题，请稍后再试。急需办理的，请直接拨打所在便民服务中心的电话。",
} as const;

export function errorResponse(c: Context, status: ContentfulStatusCode, errors: ApiError[]) {
	return c.json({ errors }, status);
}

/** app.onError: known HTTP errors keep their status; anything else is a 500 with no detail. */
export function handleError(err: Error, c: Context) {
	if (err instanceof HTTPException && err.status < 500) {
		const code = err.status === 404 ? "not_found" : err.status === 405 ? "method_not_allowed" : "bad_request";
		return errorResponse(c, err.status, [{ code, message: MESSAGES[code] }]);
	}
	// Log the kind of failure and where, never the request body: it may hold personal data.
	console.error(JSON.stringify({ level: "error", path: c.req.path, method: c.req.method, error: err.name, message: err.message }));
	return errorResponse(c, 500, [{ code: "internal", message: MESSAGES.internal }]);
}
