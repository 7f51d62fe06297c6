// npm run content:diff -- <base> — what changed in content/ since <base> (a commit, branch or tag) that a
// reviewer must check, in plain Chinese Markdown on standard output. CI posts it on every pull request.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { type ChangedFile, contentDiffSummary } from "./content-diff-summary";

const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** The content files that differ between <base> and the working tree, with their text on each side. */
export function changedFiles(base: string): ChangedFile[] {
	const names = git("diff", "--name-only", "--no-renames", base, "--", "content/")
		.split("\n")
		.filter((f) => /\.(md|mdx|yaml)$/.test(f) && !f.endsWith("README.md"));
	return names.map((file) => {
		const before = git("ls-tree", base, "--", file).trim() ? git("show", `${base}:${file}`) : undefined;
		const after = existsSync(file) ? readFileSync(file, "utf8") : undefined;
		return { file, before, after };
	});
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const base = process.argv[2];
	if (!base) {
		console.error("用法：npm run content:diff -- <基准提交或分支>，例如 npm run content:diff -- origin/main");
		process.exit(2);
	}
	process.stdout.write(contentDiffSummary(changedFiles(base)));
}
