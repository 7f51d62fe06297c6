import type { APIRoute } from "astro";
import { onlineItems } from "../../lib/apply";

/**
 * The online forms as data. The Worker reads this file from the built site to check submissions
 * with the same definitions the apply pages were built from, so a content change needs no code change.
 */
export const GET: APIRoute = async () =>
	new Response(JSON.stringify(await onlineItems()), { headers: { "Content-Type": "application/json; charset=utf-8" } });
