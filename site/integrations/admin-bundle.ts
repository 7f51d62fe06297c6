import { copyFile, mkdir, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { CmsTarget } from "../lib/cms-config";

const DECAP_DIST = fileURLToPath(new URL("../../node_modules/decap-cms-app/dist/", import.meta.url));

/** Where the CMS saves, from the build's environment (README, "Editing in the browser"). */
export function cmsTarget(env: NodeJS.ProcessEnv, site: string): CmsTarget {
	return { repo: env.CMS_REPO ?? "OWNER/bianmin", branch: env.CMS_BRANCH ?? "main", siteUrl: site.replace(/\/$/, "") };
}

/**
 * Writes dist/admin/cms.js: Decap CMS, React and the configuration generated from core's schemas in one classic
 * script, beside Decap's own lazily loaded chunks (it finds them next to the script that loaded it).
 */
export async function buildAdmin(outDir: string, target: CmsTarget): Promise<void> {
	const adminDir = `${outDir}/admin`;
	await mkdir(adminDir, { recursive: true });
	const result = await build({
		entryPoints: [fileURLToPath(new URL("../admin/cms.ts", import.meta.url))],
		outfile: `${adminDir}/cms.js`,
		bundle: true,
		format: "iife",
		minify: true,
		target: "es2022",
		legalComments: "linked",
		define: { CMS_TARGET: JSON.stringify(target), "process.env.NODE_ENV": '"production"' },
		logLevel: "silent",
	});
	if (result.errors.length > 0) throw new Error(`管理后台打包失败：${result.errors.map((e) => e.text).join("；")}`);
	for (const name of await readdir(DECAP_DIST)) {
		if (/^\d+\.decap-cms-app\.js$|\.wasm$/.test(name)) await copyFile(`${DECAP_DIST}${name}`, `${adminDir}/${name}`);
	}
}
