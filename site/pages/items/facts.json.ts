import type { APIRoute } from "astro";
import { itemFacts } from "../../lib/apply";

/**
 * The facts of every online item (name, type, the clock's rules, materials), without forms or places:
 * what the back office and the 电子监察 sweep need for any case they show, in one small file.
 */
export const GET: APIRoute = async () =>
	new Response(JSON.stringify(await itemFacts()), { headers: { "Content-Type": "application/json; charset=utf-8" } });
