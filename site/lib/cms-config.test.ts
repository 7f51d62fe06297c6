import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ItemSchema } from "../../core/item";
import { loadContent } from "../../scripts/content-files";
import { CMS_COLLECTIONS, cmsConfig, collectionFields } from "./cms-config";
import { type CmsField, defOf, isChineseLabel, shapeOf, unwrap } from "./cms-fields";
import { entryErrors, withoutEmpty } from "./cms-validate";

/** Every key path of a schema, read straight off zod (list items without index): items.materials.name … */
function schemaPaths(schema: z.ZodType, path: string): string[] {
	const inner = unwrap(schema).inner;
	const def = defOf(inner);
	if (def.type === "object") return Object.entries(shapeOf(inner)).flatMap(([k, s]) => [`${path}.${k}`, ...schemaPaths(s, `${path}.${k}`)]);
	if (def.type === "array") return schemaPaths(def.element!, path);
	return [];
}

/** Every CMS field path with its field. */
function cmsPaths(fields: CmsField[], path: string): [string, CmsField][] {
	return fields.flatMap((f) => {
		const here = `${path}.${f.name}`;
		return [[here, f] as [string, CmsField], ...cmsPaths(f.fields ?? [], here)];
	});
}

const target = { repo: "shifan/bianmin", branch: "main", siteUrl: "https://bianmin.example" };

describe("the CMS configuration generated from core's schemas", () => {
	for (const c of CMS_COLLECTIONS) {
		it(`${c.name}: every schema field has a CMS field with a Chinese label`, () => {
			const cms = new Map(cmsPaths(collectionFields(c), c.name));
			const missing = schemaPaths(c.schema, c.name).filter((p) => !cms.has(p));
			expect(missing).toEqual([]);
			const unlabelled = [...cms].filter(([, f]) => !isChineseLabel(f.label) || (f.field && !isChineseLabel(f.field.label)));
			expect(unlabelled.map(([p]) => p)).toEqual([]);
		});
	}

	it("marks required what the schema requires, and offers a choice's options as the schema lists them", () => {
		const fields = new Map(cmsPaths(collectionFields(CMS_COLLECTIONS[0]), "items"));
		expect(fields.get("items.name")?.required).toBeUndefined();
		expect(fields.get("items.quantityLimit")?.required).toBe(false);
		expect(fields.get("items.type")?.options).toContain("行政许可");
		expect(fields.get("items.materials")?.widget).toBe("list");
		expect(fields.get("items.materials.copies")).toMatchObject({ widget: "number", value_type: "int", min: 1, max: 20, default: 1 });
		expect(fields.get("items.legalBasis.article")?.pattern?.[1]).toContain("第十一条");
		expect(fields.get("items.visits")).toMatchObject({ min: 0, max: 2 });
		expect(fields.get("items.name")?.label).toBe("事项名称");
		// Inside a group a guide may leave out, the CMS asks for nothing; the schema check before saving does.
		expect(fields.get("items.acceptance.within.days")?.required).toBe(false);
	});

	it("sends every change through the editorial workflow in Chinese, signed in through the Worker", () => {
		const config = cmsConfig(target);
		expect(config).toMatchObject({ locale: "zh_Hans", publish_mode: "editorial_workflow" });
		expect(config.backend).toMatchObject({
			name: "github",
			repo: "shifan/bianmin",
			base_url: target.siteUrl,
			auth_endpoint: "api/cms/auth",
		});
		expect(config.collections.map((c) => c.folder)).toEqual(CMS_COLLECTIONS.map((c) => c.folder));
	});
});

describe("the check before saving", () => {
	const dibao = loadContent(".", "items", ItemSchema, [".md"]).entries.find((e) => e.id === "dibao")!;
	const raw = JSON.parse(JSON.stringify(dibao.data)) as Record<string, unknown>;

	it("passes a valid guide, and ignores the boxes an editor left empty", () => {
		expect(entryErrors("items", "dibao", { ...raw, quantityLimit: "", acceptance: { within: {} }, body: "正文" })).toEqual([]);
	});

	it("refuses a promise longer than the law's with the content check's own message", () => {
		const errors = entryErrors("items", "dibao", { ...raw, promisedDeadline: { days: 40, unit: "工作日" } });
		expect(errors).toEqual([
			"content/items/dibao.md：promisedDeadline：承诺时限（40个工作日）不能长于法定时限（30个工作日），请缩短承诺时限",
		]);
	});

	it("drops empty text and empty groups but keeps lists and numbers", () => {
		expect(withoutEmpty({ a: "", b: { c: "" }, d: [], e: 0, f: " x " })).toEqual({ d: [], e: 0, f: "x" });
	});
});
