import type { APIRoute } from "astro";
import { MATERIAL_FIELDS, materialRows, toCsv } from "../../../core/open-data";
import { csvResponse, openData } from "../../lib/open-data";

/** 申请材料清单: one row per material of each item. */
export const GET: APIRoute = async () => csvResponse(toCsv(materialRows((await openData()).items), MATERIAL_FIELDS));
