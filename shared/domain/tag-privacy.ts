/**
 * 敏感个人信息: a tag that says a household lives on 低保, has a disabled member or an old person
 * alone names the same facts the resident form guards. Such tags are discreet by default (prints
 * show colour and code only; a clerk needs an approved look-up), and making one public is a choice
 * an administrator confirms after a warning.
 */
export const WELFARE_TAG_NAMES = ['低保户', '特困户', '残疾人家庭', '独居老人', '重点户'] as const;

/** Words that mark a tag name as welfare or health, for tags a keeper or an import creates. */
const SENSITIVE_WORDS = [
  '低保',
  '特困',
  '五保',
  '残疾',
  '残障',
  '独居',
  '孤寡',
  '空巢',
  '重点',
  '失能',
  '失独',
  '精神',
  '病',
  '困难',
  '救助',
  '优抚',
  '社区矫正',
  '吸毒',
  '刑释',
];

export function looksWelfareOrHealth(name: string): boolean {
  const n = name.trim();
  return SENSITIVE_WORDS.some((w) => n.includes(w));
}

/** The discreet flag a new tag of this name starts with. */
export function defaultDiscreet(name: string): boolean {
  return looksWelfareOrHealth(name);
}

/**
 * Whether saving `after` makes a tag public that should stay discreet unless confirmed: a discreet
 * tag turned public, or a new or renamed public tag whose name describes welfare or health.
 */
export function publicWarningNeeded(before: { discreet: boolean; name: string } | null, after: { discreet: boolean; name: string }): boolean {
  if (after.discreet) return false;
  if (before?.discreet) return true;
  if (before && !before.discreet && before.name === after.name) return false;
  return looksWelfareOrHealth(after.name);
}
