/**
 * Security headers for every response. The Worker adds them to what it answers; the build writes
 * the same values into dist/_headers for pages the assets layer serves without the Worker.
 */

/** No inline script anywhere: Astro's scripts are external files; Pagefind needs WebAssembly. */
export const CONTENT_SECURITY_POLICY = [
	"default-src 'self'",
	"script-src 'self' 'wasm-unsafe-eval'",
	"style-src 'self'",
	"img-src 'self' data:",
	"font-src 'self'",
	"connect-src 'self'",
	"object-src 'none'",
	"base-uri 'none'",
	"form-action 'self'",
	"frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	"Content-Security-Policy": CONTENT_SECURITY_POLICY,
	"X-Content-Type-Options": "nosniff",
	"Referrer-Policy": "strict-origin-when-cross-origin",
	"Strict-Transport-Security": "max-age=31536000; includeSubDomains",
	"X-Frame-Options": "DENY",
	"Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
	"Cross-Origin-Opener-Policy": "same-origin",
};

/** The body of dist/_headers: security headers on every path, long caching for hashed build files. */
export function headersFile(): string {
	const lines = ["/*", ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`)];
	lines.push("", "/_astro/*", "  Cache-Control: public, max-age=31536000, immutable", "");
	return lines.join("\n");
}
