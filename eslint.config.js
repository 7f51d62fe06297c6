// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
	{ ignores: ["dist/", ".astro/", ".wrangler/", "node_modules/", "worker/worker-configuration.d.ts"] },
	js.configs.recommended,
	...tseslint.configs.recommendedTypeChecked,
	{
		languageOptions: {
			parserOptions: {
				project: ["./tsconfig.json", "./core/tsconfig.json", "./worker/tsconfig.json", "./e2e/tsconfig.json"],
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			"@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
			// TypeScript (checkJs included) already knows which globals exist.
			"no-undef": "off",
		},
	},
	{
		// A function a reader can hold in one view; a route file that stays parse → call → answer.
		files: ["**/*.{ts,mjs}"],
		ignores: ["**/*.test.ts"],
		rules: { "max-lines-per-function": ["error", { max: 80 }] },
	},
	{
		files: ["worker/src/routes/*.ts"],
		rules: { "max-lines": ["error", { max: 300 }] },
	},
	{
		// expect.stringMatching() and friends are typed any by design.
		files: ["**/*.test.ts"],
		rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
	},
	{
		// core/ is the shared domain: zod and its own files only, so site/ and worker/ can both use it.
		files: ["core/**/*.ts"],
		ignores: ["core/**/*.test.ts"],
		rules: {
			"no-restricted-imports": [
				"error",
				{ patterns: [{ regex: "^(?!zod$|\\./|\\.\\./core/)", message: "core/ may import only zod and its own files." }] },
			],
		},
	},
	{
		// site/ and worker/ stand side by side on core/: neither imports the other.
		files: ["site/**/*.{ts,mjs}", "astro.config.mjs"],
		rules: {
			"no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)worker/", message: "site/ may import core/, never worker/." }] }],
		},
	},
	{
		files: ["worker/**/*.ts"],
		rules: {
			"no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)site/", message: "worker/ may import core/, never site/." }] }],
		},
	},
);
