/**
 * Per-client limits of the citizen routes, through Cloudflare's Workers Rate Limiting bindings
 * (`[[ratelimits]]` in wrangler.toml: a count per client and minute, kept by Cloudflare per location and
 * approximate, with no database write on the request's path). The per-case lookup lockout, which must be
 * exact, stays in D1 (applications.lookup_failures). The client is the address named by the header set in
 * CLIENT_IP_HEADER — on Cloudflare that is CF-Connecting-IP, which Cloudflare itself sets. Where no such
 * header is trusted (wrangler dev, tests), a client-sent CF-Connecting-IP or X-Forwarded-For could be
 * anything, so every request counts as the same client.
 */
export function clientOf(req: Request, trustedHeader: string | undefined): string {
	return (trustedHeader && req.headers.get(trustedHeader)?.trim()) || "unknown";
}

/** Which binding counts what: submissions of applications and complaints share one count. */
const LIMITERS = {
	lookup: "LOOKUP_LIMITER",
	submit: "SUBMIT_LIMITER",
	complaint: "SUBMIT_LIMITER",
	feedback: "FEEDBACK_LIMITER",
	"search-miss": "SEARCH_LIMITER",
} as const satisfies Record<string, keyof Env>;
export type LimitedAction = keyof typeof LIMITERS;

/** true while the request's client is within its limit for `action` this minute (and counts this one). */
export async function withinLimit(
	env: Pick<Env, (typeof LIMITERS)[LimitedAction] | "CLIENT_IP_HEADER">,
	action: LimitedAction,
	req: Request,
): Promise<boolean> {
	const { success } = await env[LIMITERS[action]].limit({ key: `${action}:${clientOf(req, env.CLIENT_IP_HEADER)}` });
	return success;
}

/** A positive whole number from a setting, or the default. */
export function limitSetting(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}
