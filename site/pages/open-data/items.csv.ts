import type { APIRoute } from "astro";
import { ITEM_FIELDS, toCsv } from "../../../core/open-data";
import { csvResponse, openData } from "../../lib/open-data";

/** 事项实施清单: one row per item per township centre offering it, GB/T 39046's Chinese names as headers. */
export const GET: APIRoute = async () => csvResponse(toCsv((await openData()).rows, ITEM_FIELDS));
