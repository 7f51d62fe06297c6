import { type CryptoKey, type JWK, type JWTPayload, SignJWT, exportJWK, generateKeyPair } from "jose";
import { type MockInstance, vi } from "vitest";

/**
 * Stand-ins for Cloudflare Access in tests: RSA signing keys made here, tokens shaped like Access's,
 * and a stubbed fetch that serves the team's key set (JWKS) and counts how often it is asked.
 */

export const AUDIENCE = "aud-1";

let teams = 0;
/**
 * A team domain of its own for each test: the Worker keeps one key set per team domain for the life of
 * the isolate, so a fresh domain starts with nothing kept.
 */
export function newTeamDomain(): string {
	teams += 1;
	return `test${teams}.cloudflareaccess.com`;
}

export interface SigningKey {
	kid: string;
	privateKey: CryptoKey;
	/** The public half, as Access publishes it. */
	jwk: JWK;
}

export async function signingKey(kid: string = crypto.randomUUID()): Promise<SigningKey> {
	const { publicKey, privateKey } = await generateKeyPair("RS256");
	return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export interface TokenOptions {
	email?: string;
	/** Defaults to https://<teamDomain>. */
	issuer?: string;
	audience?: string | string[];
	/** Seconds from now; defaults to one hour. */
	expiresIn?: number;
	/** Seconds from now (negative: in the past). */
	notBefore?: number;
	/** Extra claims, or undefined values to drop a claim. */
	claims?: JWTPayload;
}

/** A token as Access signs it: RS256, the key id in the header, audience as a list. */
export async function accessToken(key: SigningKey, teamDomain: string, options: TokenOptions = {}): Promise<string> {
	const now = Math.floor(Date.now() / 1000);
	const payload: JWTPayload = {
		email: options.email ?? "clerk@example.gov.cn",
		type: "app",
		identity_nonce: "nonce",
		sub: "7335d417-61da-459d-899c-0a01c76a2f94",
		country: "CN",
		...options.claims,
	};
	const jwt = new SignJWT(payload)
		.setProtectedHeader({ alg: "RS256", kid: key.kid })
		.setIssuer(options.issuer ?? `https://${teamDomain}`)
		.setAudience(options.audience ?? [AUDIENCE])
		.setIssuedAt(now)
		.setExpirationTime(now + (options.expiresIn ?? 3600));
	if (options.notBefore !== undefined) jwt.setNotBefore(now + options.notBefore);
	return jwt.sign(key.privateKey);
}

export interface JwksServer {
	/** The keys served now; change it to rotate. */
	keys: JWK[];
	/** How many times the key set was fetched. */
	fetches: () => number;
	spy: MockInstance<typeof fetch>;
}

/**
 * Stubs globalThis.fetch: the team's certs address answers the current key set (or `status`), every
 * other address fails the test.
 */
export function serveJwks(teamDomain: string, keys: JWK[], status = 200): JwksServer {
	const certs = `https://${teamDomain}/cdn-cgi/access/certs`;
	const server: JwksServer = {
		keys,
		fetches: () => server.spy.mock.calls.length,
		spy: vi.spyOn(globalThis, "fetch").mockImplementation((input: RequestInfo | URL) => {
			const url = input instanceof Request ? input.url : String(input);
			if (url !== certs) return Promise.reject(new Error(`unexpected fetch: ${url}`));
			if (status !== 200) return Promise.resolve(new Response("unavailable", { status }));
			return Promise.resolve(Response.json({ keys: server.keys }));
		}),
	};
	return server;
}
