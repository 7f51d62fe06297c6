import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import * as pagefind from "pagefind";
import { headersFile } from "../../core/security-headers";
import { buildAdmin, cmsTarget } from "./admin-bundle";

/**
 * What citizens search: the guides, the life events and the centres (by name, township and address). Not the
 * 2,095 village stations, the apply forms, the back office or the data pages: Pagefind would read every one
 * of them only to find no data-pagefind-body.
 */
const SEARCHED = "{items,events,centres}/*/index.html";

/**
 * After `astro build`: index the built pages with Pagefind (through its Node API, so a broken
 * index fails the build), write dist/_headers for the static assets layer and bundle the editors' /admin/.
 */
export function buildExtras(): AstroIntegration {
	let site = "";
	return {
		name: "bianmin:build-extras",
		hooks: {
			"astro:config:done": ({ config }) => {
				site = config.site ?? "";
			},
			"astro:build:done": async ({ dir, logger }) => {
				const outDir = fileURLToPath(dir);
				await writeFile(new URL("_headers", dir), headersFile(Boolean(process.env.TURNSTILE_SITE_KEY)));
				await buildAdmin(outDir, cmsTarget(process.env, site));

				const { index, errors } = await pagefind.createIndex({});
				failOn("createIndex", errors);
				const added = await index!.addDirectory({ path: outDir, glob: SEARCHED });
				failOn("addDirectory", added.errors);
				if (added.page_count === 0) throw new Error("Pagefind 没有索引到任何页面：请检查办事指南页面是否带有 data-pagefind-body");
				const written = await index!.writeFiles({ outputPath: `${outDir}/pagefind` });
				failOn("writeFiles", written.errors);
				await pagefind.close();
				logger.info(`Pagefind 已索引 ${added.page_count} 个页面`);
			},
		},
	};
}

function failOn(step: string, errors: string[]) {
	if (errors.length > 0) throw new Error(`Pagefind ${step} 失败：\n${errors.join("\n")}`);
}
