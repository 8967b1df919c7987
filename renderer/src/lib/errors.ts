import type { FormInstance } from 'antd';
import type { AppErrorShape } from '../../../shared/errors';
import i18n from '../i18n';

export function errorText(e: AppErrorShape): string {
  return i18n.language === 'en' ? e.en : e.zh;
}

/** Puts field messages next to their fields; returns the general message for a banner. */
export function showFieldErrors(form: FormInstance, e: AppErrorShape): string {
  if (e.fields?.length) {
    form.setFields(e.fields.map((f) => ({ name: f.path.split('.'), errors: [i18n.language === 'en' ? f.en : f.zh] })));
  }
  return errorText(e);
}
