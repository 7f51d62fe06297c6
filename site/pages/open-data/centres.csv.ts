import type { APIRoute } from "astro";
import { CENTRE_FIELDS } from "../../../core/open-data-centres";
import { toCsv } from "../../../core/open-data";
import { csvResponse, openData } from "../../lib/open-data";

/** The index: one row per township centre, with the address of its 实施清单 (centreListPath). */
export const GET: APIRoute = async () =>
	csvResponse(
		toCsv(
			(await openData()).centres.map((c) => c.centre),
			CENTRE_FIELDS,
		),
	);
