import type { APIRoute } from "astro";
import { fieldsCsv } from "../../../core/open-data-fields";
import { csvResponse } from "../../lib/open-data";

/** The fields file as CSV, for spreadsheet users. */
export const GET: APIRoute = () => csvResponse(fieldsCsv());
