import type { Context } from "hono";
import type { Guide } from "../../../core/page-feedback";
import type { AppEnv } from "../app-env";
import { type ShownError, builtPage, fillForm, notFoundPage, privateHtml } from "../lib/pages";

/**
 * A guide page as built, with its 本页有用吗 form shown again after a plain form post that could not be
 * taken: 没用 opened, the error summary filled and focused, the reason and text as sent. A guide that does
 * not exist is the site's 404 page.
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
	const r = fillForm(new HTMLRewriter(), { errors, values });
	r.on("#feedback-no", { element: (el) => void el.setAttribute("open", "") });
	return privateHtml(r.transform(page).body, status);
}
