import { getCollection } from "astro:content";
import { itemWarnings } from "../../core/item";

/**
 * Every item and department, cross-checked once per build. A broken reference stops the build
 * with a Chinese message naming the file; soft problems (unverified citations, past review
 * dates) are printed as warnings.
 */
export async function loadCatalogue() {
	const [items, departments] = await Promise.all([getCollection("items"), getCollection("departments")]);
	const departmentById = new Map(departments.map((d) => [d.id, d.data]));
	const problems: string[] = [];
	for (const item of items) {
		const file = `content/items/${item.id}.md`;
		if (item.data.code !== item.id) {
			problems.push(`${file}：code「${item.data.code}」必须和文件名「${item.id}」一致，请改成同一个编码`);
		}
		if (!departmentById.has(item.data.department)) {
			problems.push(`${file}：department「${item.data.department}」在 content/departments/ 里不存在，请填已有的部门文件名`);
		}
	}
	if (problems.length > 0) throw new Error(`内容检查没有通过：\n${problems.join("\n")}`);
	warnOnce(items.flatMap((item) => itemWarnings(item.data, new Date()).map((w) => `content/items/${item.id}.md：${w}`)));

	const sorted = items.map((i) => i.data).sort((a, b) => a.code.localeCompare(b.code));
	return {
		items: sorted,
		departmentOf: (slug: string) => departmentById.get(slug)!,
	};
}

const warned = new Set<string>();
function warnOnce(warnings: string[]) {
	for (const w of warnings) {
		if (warned.has(w)) continue;
		warned.add(w);
		console.warn(`[内容提醒] ${w}`);
	}
}
