/**
 * Keys for personal data, all derived (HKDF-SHA-256) from one Worker secret, PII_KEY: 32 random
 * bytes in base64 (`npm start` writes a local one into .dev.vars; production sets it with
 * `wrangler secret put PII_KEY`). Separate derived keys keep each use apart: encrypting ID numbers,
 * their blind index, query codes, request fingerprints, receipt cookies, rate-limit buckets and staff sessions.
 */
export interface Keys {
	/** AES-GCM key for ID numbers and receipt cookies. */
	cipher: CryptoKey;
	/** HMAC-SHA-256 keys. */
	index: CryptoKey;
	queryCode: CryptoKey;
	fingerprint: CryptoKey;
	client: CryptoKey;
	/** Signs the development sign-in's session cookie. */
	session: CryptoKey;
}

const cache = new Map<string, Promise<Keys>>();

/** undefined when the secret is missing or not 32 bytes: the caller refuses to take personal data. */
export function keysFrom(secret: string | undefined): Promise<Keys> | undefined {
	if (!secret) return undefined;
	let raw: Uint8Array;
	try {
		raw = Uint8Array.from(atob(secret.trim()), (c) => c.charCodeAt(0));
	} catch {
		return undefined;
	}
	if (raw.length !== 32) return undefined;
	let keys = cache.get(secret);
	if (!keys) {
		keys = derive(raw);
		cache.set(secret, keys);
	}
	return keys;
}

async function derive(raw: Uint8Array): Promise<Keys> {
	const master = await crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveKey"]);
	const hkdf = (info: string) => ({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(32), info: new TextEncoder().encode(info) });
	const hmac = (info: string) =>
		crypto.subtle.deriveKey(hkdf(info), master, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
	return {
		cipher: await crypto.subtle.deriveKey(hkdf("bianmin/cipher"), master, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]),
		index: await hmac("bianmin/id-index"),
		queryCode: await hmac("bianmin/query-code"),
		fingerprint: await hmac("bianmin/fingerprint"),
		client: await hmac("bianmin/client"),
		session: await hmac("bianmin/staff-session"),
	};
}

const encoder = new TextEncoder();
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** base64(12-byte random IV ‖ ciphertext+tag). */
export async function encrypt(key: CryptoKey, plain: string): Promise<string> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, encoder.encode(plain)));
	const out = new Uint8Array(12 + sealed.length);
	out.set(iv);
	out.set(sealed, 12);
	return toBase64(out);
}

/** undefined for anything that was not sealed with this key (tampered, truncated, other key). */
export async function decrypt(key: CryptoKey, sealed: string): Promise<string | undefined> {
	try {
		const bytes = fromBase64(sealed);
		if (bytes.length < 29) return undefined;
		const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12) }, key, bytes.slice(12));
		return new TextDecoder().decode(plain);
	} catch {
		return undefined;
	}
}

export async function hmacHex(key: CryptoKey, text: string): Promise<string> {
	return toHex(await crypto.subtle.sign("HMAC", key, encoder.encode(text)));
}

/**
 * The query code of a case: six digits derived from its tracking number, so it is never stored and a
 * retried submission can be answered with the same code. Anyone without PII_KEY cannot compute it.
 */
export async function queryCodeFor(keys: Keys, trackingNo: string): Promise<string> {
	const mac = new DataView(await crypto.subtle.sign("HMAC", keys.queryCode, encoder.encode(trackingNo)));
	return String(mac.getUint32(0) % 1_000_000).padStart(6, "0");
}

/** Compares two strings in time that does not depend on where they differ. */
export function sameText(a: string, b: string): boolean {
	const x = encoder.encode(a);
	const y = encoder.encode(b);
	if (x.length !== y.length) return false;
	return crypto.subtle.timingSafeEqual(x, y);
}
