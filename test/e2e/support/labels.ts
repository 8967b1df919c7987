import { expect, type Locator } from '@playwright/test';

/**
 * Every form label inside `root` names its control, the way getByLabel and screen readers find
 * it: the label's `for` points at one element with that id, which is an input / select / textarea
 * / button, or a group (radio or checkbox group) carrying the label text as its aria-label.
 * Returns what is wrong, per label, so a failure names the label.
 */
export async function untiedLabels(root: Locator): Promise<string[]> {
  // Runs in the page; typed loosely because this file is checked without the DOM library.
  /* eslint-disable @typescript-eslint/no-explicit-any */
  return root.evaluate((r: any) => {
    const out: string[] = [];
    const escape = (globalThis as any).CSS.escape as (s: string) => string;
    for (const label of r.querySelectorAll('.ant-form-item-label > label') as any[]) {
      const text = String(label.textContent ?? '').trim();
      if (!text) continue;
      const box = label.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // a hidden step of a wizard
      const id = label.getAttribute('for');
      if (!id) {
        out.push(`${text}: label has no "for"`);
        continue;
      }
      const found = r.ownerDocument.querySelectorAll(`[id="${escape(id)}"]`);
      if (found.length !== 1) {
        out.push(`${text}: ${found.length} elements with id ${id}`);
        continue;
      }
      const el = found[0];
      const tag = String(el.tagName).toLowerCase();
      const labelable = ['input', 'select', 'textarea', 'button', 'meter', 'output', 'progress'].includes(tag);
      const group = ['radiogroup', 'group'].includes(el.getAttribute('role') ?? '') && String(el.getAttribute('aria-label') ?? '').trim() === text;
      if (!labelable && !group) out.push(`${text}: "for" points at a <${tag}> that a label cannot name`);
    }
    return out;
  });
}

export async function expectLabelsTied(root: Locator): Promise<void> {
  await expect(root.locator('.ant-form-item-label > label').first()).toBeVisible();
  expect(await untiedLabels(root)).toEqual([]);
}
