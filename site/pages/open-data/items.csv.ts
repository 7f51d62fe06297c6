import type { APIRoute } from "astro";
import { ITEM_FIELDS, toCsv } from "../../../core/open-data";
import { csvResponse, openData } from "../../lib/open-data";

/** 事项目录: one row per item, GB/T 39046's Chinese names as headers (where each is done: centres.csv). */
export const GET: APIRoute = async () => csvResponse(toCsv((await openData()).rows, ITEM_FIELDS));
