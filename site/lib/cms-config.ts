// The whole Decap CMS configuration of /admin/, generated from core's schemas at build time: one collection
// per content folder an editor keeps, each field from its schema (cms-fields.ts). The build bundles it into
// /admin/cms.js; nobody keeps a config.yml by hand.
import type { z } from "zod";
import { CentreSchema, StationSchema } from "../../core/centre";
import { DepartmentSchema } from "../../core/department";
import { LifeEventSchema } from "../../core/event";
import { ItemSchema } from "../../core/item";
import { type CmsField, cmsFields, shapeOf } from "./cms-fields";

/** A content folder the CMS edits, the schema its files follow and how the CMS lists them. */
export interface CmsCollection {
	name: string;
	label: string;
	folder: string;
	schema: z.ZodType;
	/** md: Markdown with YAML frontmatter and a body; yaml: the whole file is the data. */
	format: "md" | "yaml";
	/** The field that names an entry in lists. */
	summary: string;
}

/** The folders an editor keeps in the CMS. The calendar and deployment files change once a year by the city's admin, in Git. */
export const CMS_COLLECTIONS: CmsCollection[] = [
	{ name: "items", label: "办事指南", folder: "content/items", schema: ItemSchema, format: "md", summary: "name" },
	{ name: "centres", label: "便民服务中心", folder: "content/centres", schema: CentreSchema, format: "yaml", summary: "name" },
	{ name: "stations", label: "便民服务站", folder: "content/stations", schema: StationSchema, format: "yaml", summary: "name" },
	{ name: "departments", label: "部门窗口", folder: "content/departments", schema: DepartmentSchema, format: "yaml", summary: "name" },
	{ name: "events", label: "一件事", folder: "content/events", schema: LifeEventSchema, format: "yaml", summary: "name" },
];

/** Where the CMS saves: the Git host's repository, and the Worker that signs editors in. */
export interface CmsTarget {
	/** owner/name of the GitHub repository, e.g. shifan-city/bianmin. */
	repo: string;
	/** The branch the site deploys from. */
	branch: string;
	/** The site's public address, where the Worker serves /api/cms/auth. */
	siteUrl: string;
}

/** An item guide's text under its frontmatter. */
const BODY: CmsField = { name: "body", label: "补充说明（正文）", widget: "markdown", required: false };

/** The fields of one collection: every key of its schema, and an item's Markdown body. */
export function collectionFields(c: CmsCollection): CmsField[] {
	const fields = cmsFields(shapeOf(c.schema), c.name);
	return c.format === "md" ? [...fields, BODY] : fields;
}

function collectionConfig(c: CmsCollection) {
	return {
		name: c.name,
		label: c.label,
		folder: c.folder,
		extension: c.format,
		format: c.format === "md" ? "frontmatter" : "yaml",
		// New files are named by their ASCII code (items) or a pinyin slug the editor types.
		create: true,
		identifier_field: c.summary,
		slug: c.name === "items" ? "{{code}}" : "{{fields._slug}}",
		summary: `{{${c.summary}}}`,
		fields: collectionFields(c),
	};
}

/** The Decap CMS configuration object (what config.yml would hold). */
export function cmsConfig(target: CmsTarget) {
	return {
		load_config_file: false,
		locale: "zh_Hans",
		backend: {
			name: "github",
			repo: target.repo,
			branch: target.branch,
			// The Worker runs the OAuth handshake (worker/src/routes/cms-auth.ts).
			base_url: target.siteUrl,
			auth_endpoint: "api/cms/auth",
			squash_merges: true,
			commit_messages: {
				create: "新增 {{collection}}「{{slug}}」",
				update: "修改 {{collection}}「{{slug}}」",
				delete: "删除 {{collection}}「{{slug}}」",
				uploadMedia: "上传 {{path}}",
				deleteMedia: "删除 {{path}}",
			},
		},
		// Every change is a branch and a pull request; CI checks it and posts what a reviewer must look at.
		publish_mode: "editorial_workflow",
		// `npm run cms` on an editor's or developer's own machine: decap-server writes straight into content/.
		local_backend: { url: "http://127.0.0.1:8081/api/v1", allowed_hosts: ["127.0.0.1", "localhost"] },
		site_url: target.siteUrl,
		display_url: target.siteUrl,
		media_folder: "public/uploads",
		public_folder: "/uploads",
		collections: CMS_COLLECTIONS.map(collectionConfig),
	};
}
export type CmsConfig = ReturnType<typeof cmsConfig>;
