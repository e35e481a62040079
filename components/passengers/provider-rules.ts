/**
 * The provider's own words for each passport detail (panhe-train-api.md, 创单 passengers l.97–106 and
 * 增/改常旅客 l.382–385), quoted in Chinese beside their English on the English passenger form. Pure.
 */
export const PROVIDER_RULES = {
  // i18n-exempt: quoted from the provider's documents (panhe-train-api.md l.97), shown in Chinese beside the English
  name: 'name | 是 | 乘客姓名',
  // i18n-exempt: quoted from the provider's documents (l.382)
  birthday: '出生日期(格式:yyyy-MM-dd , 当cardType = 2,3,4,8时必填)',
  // i18n-exempt: quoted from the provider's documents (l.385)
  sex: '性别(男 = 1 , 女 = 2 , 当cardType = 2,3,4,8时必填)',
  // i18n-exempt: quoted from the provider's documents (l.383)
  countryCode: '国家/地区 代码(当cardType = 2,8时必填)',
  // i18n-exempt: quoted from the provider's documents (l.384)
  cardValidUntil: '证件有效期截止日期(格式:yyyy-MM-dd , 当cardType = 2,3,4,8时必填)',
} as const;

export type ProviderRuleField = keyof typeof PROVIDER_RULES;

/** The provider's Chinese rule, then its English: “…” — … */
export const quotedRule = (field: ProviderRuleField, english: string): string =>
  `“${PROVIDER_RULES[field]}” — ${english}`;
