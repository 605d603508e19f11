// The keyboard as in any Windows program, in one place: Esc closes the topmost layer (a popover, a dialog, the
// 放弃未保存的修改？ question) and only that one; Ctrl+S presses the topmost dialog's save button, or the page's
// when no dialog is open; Ctrl+P prints the open print preview, and never the browser's print of the app page.
// Layers register themselves while open (useLayer); the order they opened in is the order Esc closes them in.
import { useLayoutEffect, useRef } from 'react';
import { OWN_WRITE_SUCCEEDED } from '../api';

interface Layer {
  onEscape: () => void;
  element: () => HTMLElement | null;
  /** A form layer forgets its edits when one of this window's own writes succeeds while it is topmost. */
  saved?: () => void;
}

const stack: Layer[] = [];

/** Marks the button Ctrl+S presses (a form's 保存) and the one Ctrl+P presses (a preview's 打印). */
export type Shortcut = 'save' | 'print';

/** While `open`, this popover or dialog is a layer: Esc calls `onEscape` when it is the topmost one, and Ctrl+S
 *  looks for its save button inside `element`. */
export function useLayer(
  open: boolean,
  onEscape: () => void,
  element: () => HTMLElement | null = () => null,
  saved?: () => void,
): void {
  const latest = useRef({ onEscape, element, saved });
  latest.current = { onEscape, element, saved };
  // Registered before the layer is first painted (a layout effect, not a passive one, which may run after the
  // next key press): an Esc pressed as soon as a dialog shows closes it, even on a busy machine.
  useLayoutEffect(() => {
    if (!open) return;
    const layer: Layer = {
      onEscape: () => latest.current.onEscape(),
      element: () => latest.current.element(),
      saved: () => latest.current.saved?.(),
    };
    stack.push(layer);
    return () => {
      const i = stack.indexOf(layer);
      if (i >= 0) stack.splice(i, 1);
    };
  }, [open]);
}

function visible(el: HTMLElement): boolean {
  return el.offsetParent !== null || el.getClientRects().length > 0;
}

/** The button Ctrl+S presses in a dialog, if it can be pressed now: nothing to save means nothing to lose. */
export function enabledSaveButton(dialog: ParentNode): HTMLButtonElement | null {
  return shortcutButton(dialog, 'save', '.dialog-footer .btn-primary');
}

/** The enabled button marked with `shortcut` in `root`; in a dialog without a mark, its footer's primary button. */
function shortcutButton(root: ParentNode, shortcut: Shortcut, fallback?: string): HTMLButtonElement | null {
  const marked = [...root.querySelectorAll<HTMLButtonElement>(`[data-shortcut="${shortcut}"]`)].filter(
    visible,
  );
  const candidates = marked.length
    ? marked
    : fallback
      ? [...root.querySelectorAll<HTMLButtonElement>(fallback)].filter(visible)
      : [];
  const button = candidates.at(-1) ?? null;
  return button && !button.disabled ? button : null;
}

function onKeyDown(e: KeyboardEvent): void {
  // Esc while typing with a Chinese input method cancels the composition, not the form.
  if (e.isComposing || e.keyCode === 229) return;
  const top = stack.at(-1);
  if (e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey) {
    // A grid's own column menu or filter closes itself first.
    if (!top || (e.target instanceof Element && e.target.closest('.ag-popup'))) return;
    e.preventDefault();
    e.stopPropagation();
    top.onEscape();
    return;
  }
  const ctrl = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
  if (!ctrl) return;
  const key = e.key.toLowerCase();
  if (key === 's') {
    // The browser's 另存为 of the app page is never what is meant.
    e.preventDefault();
    const root = top ? top.element() : document.querySelector<HTMLElement>('.content');
    if (!root) return;
    const button = top ? enabledSaveButton(root) : shortcutButton(root, 'save');
    button?.click();
  } else if (key === 'p') {
    // Only a print preview prints; the app page itself (navigation, grids) is never sent to the printer.
    e.preventDefault();
    shortcutButton(top?.element() ?? document, 'print')?.click();
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('keydown', onKeyDown, true);
  window.addEventListener(OWN_WRITE_SUCCEEDED, () => stack.at(-1)?.saved?.());
}
