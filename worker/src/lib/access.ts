import { createRemoteJWKSet, errors, jwtVerify } from "jose";

/**
 * Cloudflare Access in front of the back office: Access signs in the person and sends the Worker a
 * JWT in Cf-Access-Jwt-Assertion. The Worker trusts nothing else about who is asking: it checks the
 * signature against the team's published keys (RS256 only), the issuer (the team domain), the
 * audience (the Access application's AUD tag), expiry and not-before, and takes the email claim.
 * The token itself is never logged or stored.
 */

export interface AccessConfig {
	/** The team domain, e.g. city.cloudflareaccess.com: the issuer is https://<teamDomain>. */
	teamDomain: string;
	/** The Access application's AUD tag. */
	audience: string;
}

/** Why a request carries no usable identity; `unavailable` is the key endpoint failing, not the person. */
export type AccessFailure =
	| "missing"
	| "malformed"
	| "bad_signature"
	| "expired"
	| "not_yet_valid"
	| "wrong_audience"
	| "wrong_issuer"
	| "unknown_key"
	| "wrong_alg"
	| "unavailable";

export type AccessResult = { ok: true; email: string } | { ok: false; reason: AccessFailure };

/**
 * Seconds a token may be past its expiry or before its not-before and still pass: both clocks are
 * Cloudflare's, so only a little drift between the edge that signed and the one that runs the Worker.
 */
export const CLOCK_TOLERANCE_SECONDS = 30;
/**
 * The team's keys are fetched once and kept for ten minutes. A token signed with a key id the kept
 * set lacks (Access rotated its key) makes one refetch, unless the set was fetched within the last
 * 30 seconds: then the new key cannot be there yet, and a stream of made-up key ids cannot turn into
 * a stream of fetches.
 */
export const JWKS_MAX_AGE_MS = 10 * 60_000;
export const JWKS_COOLDOWN_MS = 30_000;
/** Access tokens are about 1 KB; anything far larger is not one. */
const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** One key set per team domain, for the life of the isolate (production has exactly one). */
const jwksByTeam = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function jwksFor(teamDomain: string) {
	let jwks = jwksByTeam.get(teamDomain);
	if (!jwks) {
		jwks = createRemoteJWKSet(new URL(`https://${teamDomain}/cdn-cgi/access/certs`), {
			cacheMaxAge: JWKS_MAX_AGE_MS,
			cooldownDuration: JWKS_COOLDOWN_MS,
			timeoutDuration: 5000,
		});
		jwksByTeam.set(teamDomain, jwks);
	}
	return jwks;
}

/** Whether ACCESS_TEAM_DOMAIN is usable: a bare lower-case host name, no scheme or path. */
export function isTeamDomain(value: string): boolean {
	return HOST_NAME.test(value);
}

/**
 * The signed-in person's email (lower-case) from an Access token, or why there is none. Throws only
 * when the configuration itself is wrong (no audience, a team domain that is not a host name).
 */
export async function verifyAccessJwt(token: string | null | undefined, config: AccessConfig, now?: Date): Promise<AccessResult> {
	if (!isTeamDomain(config.teamDomain)) throw new Error("ACCESS_TEAM_DOMAIN must be a host name such as city.cloudflareaccess.com");
	if (!config.audience) throw new Error("ACCESS_AUD is empty");
	if (!token) return { ok: false, reason: "missing" };
	if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) return { ok: false, reason: "malformed" };
	try {
		const { payload } = await jwtVerify(token, jwksFor(config.teamDomain), {
			algorithms: ["RS256"],
			issuer: `https://${config.teamDomain}`,
			audience: config.audience,
			requiredClaims: ["exp", "email"],
			clockTolerance: CLOCK_TOLERANCE_SECONDS,
			currentDate: now,
		});
		const email = payload.email;
		if (typeof email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(email)) return { ok: false, reason: "malformed" };
		return { ok: true, email: email.toLowerCase() };
	} catch (err) {
		return { ok: false, reason: failureOf(err) };
	}
}

function failureOf(err: unknown): AccessFailure {
	if (err instanceof errors.JOSEAlgNotAllowed) return "wrong_alg";
	if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return "unknown_key";
	if (err instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
	if (err instanceof errors.JWTExpired) return "expired";
	if (err instanceof errors.JWTClaimValidationFailed && err.reason === "check_failed") {
		if (err.claim === "nbf") return "not_yet_valid";
		if (err.claim === "aud") return "wrong_audience";
		if (err.claim === "iss") return "wrong_issuer";
	}
	// The key endpoint did not answer 200 with a key set in time, or the network failed.
	if (err instanceof errors.JWKSInvalid || err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) return "unavailable";
	if (err.code === errors.JOSEError.code) return "unavailable";
	return "malformed";
}
