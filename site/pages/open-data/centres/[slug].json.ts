import type { APIRoute, GetStaticPaths } from "astro";
import { centreListFile } from "../../../../core/open-data-centres";
import { jsonResponse, openData } from "../../../lib/open-data";

type Centre = Awaited<ReturnType<typeof openData>>["centres"][number];

/** One township centre's 实施清单 with the national exchange keys; checked against core's schema. */
export const getStaticPaths = (async () => {
	const { centres, updated } = await openData();
	return centres.map((entry) => ({ params: { slug: entry.centre.centre.slug }, props: { entry, updated } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ entry: Centre; updated: string }> = ({ props }) =>
	jsonResponse(centreListFile(props.entry.centre, props.entry.rows, props.updated));
