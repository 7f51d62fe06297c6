import { type ApplyItem, type FieldError, fieldLabel } from "../../core/application";
import { type StringKey, strings, t } from "./zh-CN";

/** The labels of the fields every form has, by their input name. */
export const FIXED_LABELS: Record<string, string> = {
	centre: t("apply.label.centre"),
	"applicant.name": t("apply.label.applicant.name"),
	"applicant.idNumber": t("apply.label.applicant.idNumber"),
	"applicant.phone": t("apply.label.applicant.phone"),
	"applicant.village": t("apply.label.applicant.village"),
	consent: t("apply.label.consent"),
	trackingNo: t("track.label.trackingNo"),
	queryCode: t("track.label.queryCode"),
};

/** The Chinese sentence for one field error, the same in the page and the Worker. */
export function errorMessage(error: Pick<FieldError, "field"> & { code: string }, item?: ApplyItem): string {
	const key = error.code === "required" && isChoice(error.field, item) ? "error.required.choice" : `error.${error.code}`;
	const label = fieldLabel(item, error.field, FIXED_LABELS);
	return key in strings ? t(key as StringKey, { label }) : t("error.type", { label });
}

/** Fields a person picks rather than types: 请选择, not 请填写. */
function isChoice(field: string | undefined, item: ApplyItem | undefined): boolean {
	if (field === "centre" || field === "applicant.village") return true;
	const type = field?.startsWith("answers.") ? item?.form.fields.find((f) => f.name === field.slice(8))?.type : undefined;
	return type === "select" || type === "radio" || type === "checkboxes" || type === "village";
}
