import type { APIRoute } from "astro";
import { fieldsFile } from "../../../core/open-data-fields";
import { jsonResponse, openData } from "../../lib/open-data";

/** Which JSON key is which CSV column, what it holds and its code list. */
export const GET: APIRoute = async () => jsonResponse(fieldsFile((await openData()).updated));
