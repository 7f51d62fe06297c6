/**
 * Cloudflare Turnstile, on when TURNSTILE_SECRET is set. The browser widget puts its token in the
 * form field cf-turnstile-response (JSON clients send it in the CF-Turnstile-Response header); the
 * Worker asks Cloudflare's siteverify whether it is good. Tests replace `fetch` to stand in for it.
 */
export const SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

export async function verifyTurnstile(secret: string, token: string | null | undefined, remoteip: string | undefined): Promise<boolean> {
	if (!token || token.length > 2048) return false;
	const form = new FormData();
	form.append("secret", secret);
	form.append("response", token);
	if (remoteip) form.append("remoteip", remoteip);
	try {
		const res = await fetch(SITEVERIFY, { method: "POST", body: form });
		if (!res.ok) return false;
		const outcome = await res.json<{ success?: boolean }>();
		return outcome.success === true;
	} catch {
		return false;
	}
}
