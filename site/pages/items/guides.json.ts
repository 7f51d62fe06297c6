import type { APIRoute } from "astro";
import { loadCatalogue } from "../../lib/content";

/**
 * Every guide as data: code, name and the department (窗口) that handles it. The Worker reads this file
 * from the built site to take feedback only on guides that exist (本页有用吗) and to show each window the
 * feedback on its own items; it is parsed with core's GuideListSchema there.
 */
export const GET: APIRoute = async () => {
	const { items, departmentOf } = await loadCatalogue();
	const guides = items.map((i) => ({
		code: i.code,
		name: i.name,
		department: i.department,
		departmentName: departmentOf(i.department).name,
	}));
	return new Response(JSON.stringify(guides), { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
