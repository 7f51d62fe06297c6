// @ts-check
/** Environment for every tool we start: no telemetry, no network look-ups, no banners. */
export const QUIET_TOOLS = {
	WRANGLER_SEND_METRICS: "false",
	CLOUDFLARE_CF_FETCH_ENABLED: "false",
	WRANGLER_HIDE_BANNER: "true",
	ASTRO_TELEMETRY_DISABLED: "1",
};

export const toolsEnv = () => ({ ...process.env, ...QUIET_TOOLS });
