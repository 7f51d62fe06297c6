/**
 * Security headers for every response. The Worker adds them to what it answers; the build writes
 * the same values into dist/_headers for pages the assets layer serves without the Worker.
 */

/** Cloudflare Turnstile's origin: its script and its challenge frame, allowed only where the widget is used. */
export const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

/**
 * No inline script anywhere: Astro's scripts are external files; Pagefind needs WebAssembly. With
 * `turnstile`, the apply page may also load Turnstile's script and frame.
 */
export function contentSecurityPolicy(turnstile = false): string {
	return [
		"default-src 'self'",
		`script-src 'self' 'wasm-unsafe-eval'${turnstile ? ` ${TURNSTILE_ORIGIN}` : ""}`,
		"style-src 'self'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		`frame-src ${turnstile ? TURNSTILE_ORIGIN : "'none'"}`,
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	].join("; ");
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The editors' /admin/ (Decap CMS): React's inline styles, the JSON-schema check of its configuration
 * ('unsafe-eval'), GitHub's API and avatars, and the local proxy (`npm run cms`) on this machine. Its sign-in
 * window must keep its opener, so the page allows popups to.
 */
export const ADMIN_CONTENT_SECURITY_POLICY = [
	"default-src 'self'",
	"script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data: blob: https://avatars.githubusercontent.com https://raw.githubusercontent.com",
	"font-src 'self' data:",
	"connect-src 'self' https://api.github.com http://127.0.0.1:* http://localhost:*",
	"frame-src 'none'",
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
export function headersFile(turnstile = false): string {
	const lines = ["/*", ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`)];
	// With Turnstile on, the apply pages replace ("!" detaches the header set above) the policy with one allowing it.
	if (turnstile)
		lines.push("", "/items/*/apply/", "  ! Content-Security-Policy", `  Content-Security-Policy: ${contentSecurityPolicy(true)}`);
	lines.push(
		"",
		"/admin/*",
		"  ! Content-Security-Policy",
		"  ! Cross-Origin-Opener-Policy",
		`  Content-Security-Policy: ${ADMIN_CONTENT_SECURITY_POLICY}`,
		"  Cross-Origin-Opener-Policy: same-origin-allow-popups",
	);
	lines.push("", "/_astro/*", "  Cache-Control: public, max-age=31536000, immutable", "");
	return lines.join("\n");
}
