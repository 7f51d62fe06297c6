import { resolve } from "node:path";

/**
 * Where the build reads content/ and writes the site. Unset: the repository's own content/ into dist/.
 * BIANMIN_CONTENT_ROOT=<folder> (a folder holding a content/ laid out like the repository's, such as the city
 * `npm run gen:city` writes) builds <folder>/content into <folder>/dist with Astro's cache in <folder>/.astro-cache,
 * so the real site's dist/ and content cache are never touched.
 */
const root = process.env.BIANMIN_CONTENT_ROOT ? resolve(process.env.BIANMIN_CONTENT_ROOT) : undefined;

/** The folder of one kind of content, e.g. contentDir("items"). */
export const contentDir = (dir: string) => (root ? `${root}/content/${dir}` : `./content/${dir}`);

/** Build output and cache for another content folder; empty for the repository's own (astro.config.mjs's defaults). */
export const otherContentBuild = root ? { outDir: `${root}/dist`, cacheDir: `${root}/.astro-cache` } : {};
