/**
 * Checks every state-changing request passes before anything else reads it.
 */

/**
 * Same-origin only: a browser names the page's origin in Origin and says cross-site in
 * Sec-Fetch-Site; either pointing elsewhere (or Origin: null, from sandboxed frames and some
 * redirects) is refused. Clients that send neither (curl, server-to-server) are not browsers
 * acting for a signed-in user and pass.
 */
export function isSameOrigin(req: Request): boolean {
	const site = req.headers.get("Sec-Fetch-Site");
	if (site !== null && site !== "same-origin" && site !== "none") return false;
	const origin = req.headers.get("Origin");
	return origin === null || origin === new URL(req.url).origin;
}

/**
 * An ID number or a mobile number in the query string: personal data that would end up in logs,
 * history and Referer headers. Refused before anything logs the address.
 */
export function hasPersonalDataInUrl(url: URL): boolean {
	const query = decodeSafely(url.search).normalize("NFKC");
	return /\d{6}(18|19|20)\d{2}[01]\d[0-3]\d{4}|\d{17}[\dXx]|1[3-9]\d{9}|\d{11,}/.test(query.replace(/[\s-]/g, ""));
}

function decodeSafely(s: string): string {
	try {
		return decodeURIComponent(s.replace(/\+/g, " "));
	} catch {
		return s;
	}
}
