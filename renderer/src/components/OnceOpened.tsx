import { useState, type ReactNode } from 'react';

/**
 * Renders a dialog from the first time it opens, then keeps it (its form instance and closing
 * animation stay as antd expects). A dialog drawn with `forceRender` but never opened cost a page
 * its first draw: the household form alone built a select over every unit of a street.
 */
export function OnceOpened({ open, children }: { open: boolean; children: ReactNode }) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open ? children : null;
}
