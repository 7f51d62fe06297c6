// @ts-check
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { buildExtras } from "./site/integrations/build-extras.ts";
import { otherContentBuild } from "./site/content-root.ts";

export default defineConfig({
	// The public address printed in QR codes; set SITE_URL when building for deployment.
	site: process.env.SITE_URL ?? "http://127.0.0.1:8787",
	srcDir: "./site",
	publicDir: "./public",
	outDir: "./dist",
	trailingSlash: "always",
	build: {
		format: "directory",
		// CSS is external too: the Content-Security-Policy allows no inline style or script.
		inlineStylesheets: "never",
	},
	vite: {
		// Never inline scripts into the page, so script-src needs no 'unsafe-inline' and no hashes.
		build: { assetsInlineLimit: 0 },
	},
	integrations: [mdx(), buildExtras()],
	// BIANMIN_CONTENT_ROOT (site/content-root.ts): another content folder, built beside it instead of into dist/.
	...otherContentBuild,
});
