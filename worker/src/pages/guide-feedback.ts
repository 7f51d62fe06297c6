import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { PLACE_COOKIE } from "../../../core/place";
import type { Guide } from "../../../core/page-feedback";
import type { AppEnv } from "../app-env";
import { type ShownError, builtPage, fillForm, notFoundPage, privateHtml } from "../lib/pages";
import { readPlace } from "../lib/place";
import { fillPlace } from "./guide-place";

/**
 * A guide page as built, with its 本页有用吗 form shown again after a plain form post that could not be
 * taken: 没用 opened, the error summary filled and focused, the reason and text as sent. A guide that does
 * not exist is the site's 404 page. 在哪里办 shows the reader's remembered place, as on the guide itself.
 */
export async function showGuideFeedback(
	c: Context<AppEnv>,
	guide: Guide | undefined,
	status: number,
	errors: ShownError[],
	values: [string, string][],
): Promise<Response> {
	const page = guide && (await builtPage(c.env.ASSETS, new URL(c.req.url).origin, `/items/${guide.code}/`));
	if (!page) return notFoundPage(c, 404);
	const place = await readPlace(c.env.ASSETS, new URLSearchParams(), getCookie(c, PLACE_COOKIE));
	const r = fillPlace(fillForm(new HTMLRewriter(), { errors, values }), guide.code, place);
	r.on("#feedback-no", { element: (el) => void el.setAttribute("open", "") });
	return privateHtml(r.transform(page).body, status);
}
