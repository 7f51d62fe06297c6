import type { APIRoute } from "astro";
import { centresFile } from "../../../core/open-data-centres";
import { jsonResponse, openData } from "../../lib/open-data";

/** The index with the national exchange keys; checked against core's schema. */
export const GET: APIRoute = async () => {
	const { centres, updated } = await openData();
	return jsonResponse(
		centresFile(
			centres.map((c) => c.centre),
			updated,
		),
	);
};
