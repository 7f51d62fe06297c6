// @ts-check
import { defineConfig } from "astro/config";
import mdx from "@astrojs/mdx";
import { buildExtras } from "./site/integrations/build-extras.ts";

export default defineConfig({
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
});
