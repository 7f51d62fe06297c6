import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { DepartmentSchema } from "../core/department";
import { ItemSchema } from "../core/item";

const items = defineCollection({
	loader: glob({ pattern: "*.{md,mdx}", base: "./content/items" }),
	schema: ItemSchema,
});

const departments = defineCollection({
	loader: glob({ pattern: "*.yaml", base: "./content/departments" }),
	schema: DepartmentSchema,
});

export const collections = { items, departments };
