import type { APIRoute } from "astro";
import { itemsFile } from "../../../core/open-data";
import { jsonResponse, openData } from "../../lib/open-data";

/** 事项目录 with the national exchange keys, each item's materials nested; checked against core's schema. */
export const GET: APIRoute = async () => {
	const { rows, updated } = await openData();
	return jsonResponse(itemsFile(rows, updated));
};
