/**
 * The longest text a form field takes unless the editor sets a shorter one. Apart from form.ts, so the
 * apply page's script, which checks lengths too, stays free of zod.
 */
export const TEXT_MAX = 100;
export const TEXTAREA_MAX = 1000;
