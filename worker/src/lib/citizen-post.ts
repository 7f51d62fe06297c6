import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { apiError } from "./errors";
import { hasPersonalDataInUrl, isSameOrigin } from "./guards";

/**
 * The gate of every citizen POST route (applications, complaints, feedback): POST only (405 with Allow),
 * no ID or mobile number in the address (400), same origin (403). Nothing is read or written before it.
 */
export const citizenPost = createMiddleware<AppEnv>(async (c, next) => {
	if (c.req.method !== "POST") {
		c.header("Allow", "POST");
		return apiError(c, 405, "method_not_allowed", { words: "api.postOnly" });
	}
	if (hasPersonalDataInUrl(new URL(c.req.url))) return apiError(c, 400, "personal_data_in_url");
	if (!isSameOrigin(c.req.raw)) return apiError(c, 403, "cross_site");
	await next();
});
