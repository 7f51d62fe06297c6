import type { Staff } from "../../core/staff";

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
	/**
	 * "true" turns on the development sign-in (lib/staff-session.ts). Set it only in .dev.vars, never in
	 * wrangler.toml; it does nothing while ACCESS_AUD is set or on a host that is not loopback.
	 */
	DEV_SIGN_IN?: string;
	/**
	 * A day (YYYY-MM-DD) the Worker takes as today, for demonstration and training: cases are submitted,
	 * accepted and timed as on that day, at the present time of day. Development only, like DEV_SIGN_IN:
	 * ignored while ACCESS_AUD is set or on a host that is not loopback (services/deps.ts servedAt).
	 */
	DEV_TODAY?: string;
}

/**
 * Cloudflare Access (lib/access.ts). wrangler.toml declares both empty, so the generated type is the
 * literal ""; a deployment sets them, so they are typed as strings here.
 */
export interface AccessSettings {
	/** The Access team domain, e.g. city.cloudflareaccess.com (a host name only). */
	ACCESS_TEAM_DOMAIN: string;
	/** The Access application's AUD tag. Set means production: staff identity comes from Access only. */
	ACCESS_AUD: string;
}

export type AppEnv = {
	Bindings: Omit<Env, keyof AccessSettings | keyof Secrets> & AccessSettings & Secrets;
	Variables: {
		/** The signed-in staff member, set by requireStaff on /staff/* and /api/staff/*. */
		staff?: Staff;
	};
};
