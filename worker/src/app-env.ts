/**
 * Hono's environment for every route: the bindings and vars wrangler.toml declares (Env is generated
 * by `wrangler types`) and the secrets, which live outside the repository (.dev.vars locally,
 * `wrangler secret put` in production), so the generated type cannot know them.
 */
export interface Secrets {
	/** 32 random bytes, base64: the root of the keys for personal data (see lib/crypto.ts). */
	PII_KEY?: string;
	/** Turns Turnstile on for submissions when set. */
	TURNSTILE_SECRET?: string;
}

export type AppEnv = { Bindings: Env & Secrets };
