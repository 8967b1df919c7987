import { App, type FormInstance } from 'antd';
import { useCallback, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * What every register form does the same way (#19 item 4): a field's server error clears as soon as
 * the field changes (and the banner once no field is marked); Esc, ×, 取消 or the mask ask before a
 * changed form is thrown away (call markClean() once the form holds its opening values); Enter in a text field saves (not while an IME is composing, a list is
 * open, or in a multi-line note).
 */
export function useFormCare(form: FormInstance, opts: { onClose: () => void; clearBanner?: () => void }) {
  const { modal } = App.useApp();
  const { t } = useTranslation();
  const asking = useRef(false);
  // The values as opened (or as left by 保存并新增): a form is "changed" when it differs from them.
  const clean = useRef('');
  const { onClose, clearBanner } = opts;
  const markClean = useCallback(() => {
    clean.current = snapshot(form);
  }, [form]);

  const requestClose = useCallback(() => {
    if (snapshot(form) === clean.current) return onClose();
    if (asking.current) return;
    asking.current = true;
    modal.confirm({
      title: t('register.discardTitle'),
      content: t('register.discardBody'),
      okText: t('register.discardOk'),
      cancelText: t('register.keepEditing'),
      okButtonProps: { danger: true, 'data-testid': 'discard-ok' } as never,
      cancelButtonProps: { 'data-testid': 'keep-editing' } as never,
      onOk: onClose,
      afterClose: () => {
        asking.current = false;
      },
    });
  }, [form, modal, onClose, t]);

  const onValuesChange = useCallback(
    (changed: Record<string, unknown>) => {
      const marked = Object.keys(changed).filter((k) => form.getFieldError(k).length > 0);
      if (marked.length) form.setFields(marked.map((name) => ({ name, errors: [] })));
      if (clearBanner && form.getFieldsError().every((f) => f.errors.length === 0)) clearBanner();
    },
    [form, clearBanner],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.shiftKey || e.ctrlKey || e.altKey || e.metaKey || e.nativeEvent.isComposing) return;
      const el = e.target as HTMLElement;
      if (el.tagName !== 'INPUT' || el.getAttribute('aria-expanded') === 'true' || el.closest('.ant-select')) return;
      e.preventDefault();
      form.submit();
    },
    [form],
  );

  return { requestClose, onValuesChange, onKeyDown, markClean };
}

/** Empty text, null and undefined all read as "nothing typed". */
function snapshot(form: FormInstance): string {
  const values = form.getFieldsValue(true) as Record<string, unknown>;
  const keys = Object.keys(values).sort();
  return JSON.stringify(keys.map((k) => [k, values[k] === '' || values[k] === undefined ? null : values[k]]));
}
