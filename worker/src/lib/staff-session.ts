import { keysFrom } from "./crypto";
/**
 * The development sign-in (开发环境登录): on a developer's machine, where no Cloudflare Access stands in
 * front of the Worker, a person picks a seeded staff identity and gets a signed session cookie. It is
 * switched on only by DEV_SIGN_IN=true in .dev.vars, only while ACCESS_AUD is empty (a production
 * configuration always sets it), and only for requests addressed to a loopback host.
 *
 * Cookie `bm_staff` = base64url(JSON { s: staff id, e: expiry in epoch seconds }) "." base64url(HMAC-SHA-256),
 * keyed by a key derived from PII_KEY (HKDF, info "bianmin/staff-session"), so it is never a key that
 * protects anything else.
 */

export const STAFF_COOKIE = "bm_staff";
/** A working day. */
export const SESSION_SECONDS = 8 * 60 * 60;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export interface DevSignInSettings {
	DEV_SIGN_IN?: string;
	ACCESS_AUD?: string;
}

/** Whether this request may use the development sign-in. */
export function devSignInAllowed(env: DevSignInSettings, url: string | URL): boolean {
	return env.DEV_SIGN_IN === "true" && developerMachine(env, url);
}

/** A developer's machine: no Access (production sets ACCESS_AUD) and a request to a loopback host. */
export function developerMachine(env: { ACCESS_AUD?: string }, url: string | URL): boolean {
	return !env.ACCESS_AUD && LOOPBACK_HOSTS.has(new URL(url).hostname);
}

/** The session key (derived from PII_KEY like every other key), or undefined when PII_KEY is missing or malformed. */
export function sessionKeyFrom(secret: string | undefined): Promise<CryptoKey> | undefined {
	return keysFrom(secret)?.then((keys) => keys.session);
}

const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
	return btoa(String.fromCharCode(...bytes))
		.replace(/\+/g, "-")
		.replace(/\//g, "_")
		.replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | undefined {
	if (!/^[\w-]+$/.test(text)) return undefined;
	try {
		return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
	} catch {
		return undefined;
	}
}

async function mac(key: CryptoKey, payload: string): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(payload)));
}

/** A signed session value for this staff member, valid for SESSION_SECONDS from now. */
export async function signSession(key: CryptoKey, staffId: number, now = new Date()): Promise<string> {
	const payload = toBase64Url(encoder.encode(JSON.stringify({ s: staffId, e: Math.floor(now.getTime() / 1000) + SESSION_SECONDS })));
	return `${payload}.${toBase64Url(await mac(key, payload))}`;
}

/** The staff id in a session value this Worker signed and that has not expired; undefined otherwise. */
export async function verifySession(key: CryptoKey, value: string | undefined, now = new Date()): Promise<number | undefined> {
	if (!value || value.length > 512) return undefined;
	const [payload, signature, extra] = value.split(".");
	if (extra !== undefined || !payload || !signature) return undefined;
	const given = fromBase64Url(signature);
	const expected = await mac(key, payload);
	if (!given || given.length !== expected.length || !crypto.subtle.timingSafeEqual(given, expected)) return undefined;
	const bytes = fromBase64Url(payload);
	if (!bytes) return undefined;
	let claims: unknown;
	try {
		claims = JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return undefined;
	}
	if (typeof claims !== "object" || claims === null) return undefined;
	const { s, e } = claims as { s?: unknown; e?: unknown };
	if (!Number.isSafeInteger(s) || typeof e !== "number" || e <= now.getTime() / 1000) return undefined;
	return s as number;
}

/** Set-Cookie for a new session: HttpOnly, SameSite=Strict, the whole site, Secure over https. */
export function sessionCookie(value: string, url: string | URL): string {
	const secure = new URL(url).protocol === "https:" ? "; Secure" : "";
	return `${STAFF_COOKIE}=${value}; Path=/; Max-Age=${SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure}`;
}

/** Set-Cookie that removes the session. */
export function clearedSessionCookie(url: string | URL): string {
	const secure = new URL(url).protocol === "https:" ? "; Secure" : "";
	return `${STAFF_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure}`;
}
