import type { APIRoute, GetStaticPaths } from "astro";
import { OFFERING_FIELDS } from "../../../../core/open-data-centres";
import { toCsv } from "../../../../core/open-data";
import { csvResponse, openData } from "../../../lib/open-data";

/** One township centre's 实施清单: one row per item it offers. */
export const getStaticPaths = (async () =>
	(await openData()).centres.map(({ centre, rows }) => ({
		params: { slug: centre.centre.slug },
		props: { rows },
	}))) satisfies GetStaticPaths;

export const GET: APIRoute<{ rows: Awaited<ReturnType<typeof openData>>["centres"][number]["rows"] }> = ({ props }) =>
	csvResponse(toCsv(props.rows, OFFERING_FIELDS));
