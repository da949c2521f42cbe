import type { Locator } from '@playwright/test';

/**
 * The CodeMirror boxes of ui/code: the test id is on the wrapper, the editable element inside is
 * `.cm-content` (contenteditable, so Playwright's fill() and press() work on it).
 */
export function codeInput(box: Locator): Locator {
  return box.locator('.cm-content');
}

/**
 * The whole text of a CodeMirror editor or view (its `.cm-content`), as a user gets it: select all,
 * copy. The DOM holds only the lines in view, so reading it would come up short on a long document;
 * the copy event carries CodeMirror's own text. Leaves the editor focused with everything selected.
 */
export async function codeText(content: Locator): Promise<string> {
  await content.evaluate((element) => {
    if (!element.classList.contains('cm-content')) throw new Error('codeText reads a .cm-content element');
    const w = window as unknown as { __codeCopy?: Promise<string> };
    // Bubbling, so it runs after CodeMirror's handler on the content has put its text there.
    w.__codeCopy = new Promise((resolve) =>
      document.addEventListener('copy', (event) => resolve(event.clipboardData?.getData('text/plain') ?? ''), { once: true }),
    );
  });
  await content.focus();
  await content.press('ControlOrMeta+a');
  await content.press('ControlOrMeta+c');
  return content.evaluate(() => (window as unknown as { __codeCopy: Promise<string> }).__codeCopy);
}

/**
 * Replaces an editor's whole text: select all, delete, then the text inserted at once, as a paste.
 * (Inserting over a selection of several lines, as fill() does, leaves an empty last line behind:
 * the browser keeps one of the replaced line elements, and CodeMirror reads it as a line.)
 */
export async function fillCode(content: Locator, text: string): Promise<void> {
  await content.focus();
  await content.press('ControlOrMeta+a');
  await content.press('Delete');
  if (text !== '') await content.page().keyboard.insertText(text);
}
