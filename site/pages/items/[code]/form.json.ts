import type { APIRoute, GetStaticPaths } from "astro";
import type { OnlineItem } from "../../../../core/online-item";
import { onlineItems } from "../../../lib/apply";

/**
 * One online item as data (its facts, form and the centres offering it): the Worker reads only the
 * item a request is about, and checks it with the same definition the apply page was built from.
 */
export const getStaticPaths = (async () =>
	(await onlineItems()).map((item) => ({ params: { code: item.code }, props: { item } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ item: OnlineItem }> = ({ props }) =>
	new Response(JSON.stringify(props.item), { headers: { "Content-Type": "application/json; charset=utf-8" } });
