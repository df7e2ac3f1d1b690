// Copying a link. The async Clipboard API needs a focused, permitted document;
// WebKitGTK may refuse it, so the selected field and `execCommand('copy')` are the
// fallback. Returns whether the text reached the clipboard.
export async function copyText(text: string, field?: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}
