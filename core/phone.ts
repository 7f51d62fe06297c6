/**
 * Public phone numbers printed on guides: a mainland landline with its area code (0838-1234567),
 * a mainland mobile (13812345678), or a public service number (12345, 12348).
 */
const LANDLINE = /^0\d{2,3}-\d{7,8}$/;
const MOBILE = /^1[3-9]\d{9}$/;
const SERVICE = /^(12345|12348|12315|12333|12393|12366|12320|96\d{3,5})$/;

export function isPublicPhone(value: string): boolean {
	return LANDLINE.test(value) || MOBILE.test(value) || SERVICE.test(value);
}

export const PUBLIC_PHONE_HINT = "电话请写成「0838-1234567」（区号-号码）、11位手机号或「12345」这样的服务热线";
