// /admin/cms.js: Decap CMS with the configuration generated from core's schemas, in Chinese, refusing to save
// an entry the content check would refuse. The build bundles this file (site/integrations/admin-bundle.ts).
import CMS from "decap-cms-app";
import { fromJS } from "immutable";
import { type CmsTarget, cmsConfig } from "../lib/cms-config";
import { entryErrors, withoutEmpty } from "../lib/cms-validate";

declare const CMS_TARGET: CmsTarget;

interface ImmutableMap {
	get(key: string): unknown;
	toJS(): Record<string, unknown>;
}

const config = cmsConfig(CMS_TARGET);

// A local proxy other than the default (`npm run cms` listens on 8081): only ever on this machine.
const proxy = new URLSearchParams(location.search).get("local_backend");
if (proxy && /^http:\/\/(127\.0\.0\.1|localhost):\d+\/api\/v1$/.test(proxy)) config.local_backend.url = proxy;

CMS.registerEventListener({
	name: "preSave",
	handler: ({ entry }: { entry: ImmutableMap }) => {
		const collection = String(entry.get("collection"));
		const slug = typeof entry.get("slug") === "string" ? (entry.get("slug") as string) : "新文件";
		const data = (entry.get("data") as ImmutableMap).toJS();
		const errors = entryErrors(collection, slug, data);
		if (errors.length > 0) throw new Error(`内容检查没有通过，请改正后再保存：${errors.join("；")}`);
		// What is written: the same data without the empty boxes, so the file reads as an editor would write it.
		return fromJS(withoutEmpty(data)) as unknown;
	},
});

CMS.init({ config: config as never });
