// File names that come from users or go out to them. A name is only a label (files are stored by content), but
// it is shown in lists and offered to a save dialog, so two kinds of trick are neutralised here, once:
// - bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and friends) that make "报告‮fdp.exe" read as
//   "报告exe.pdf" on screen, and invisible marks that make two names look alike;
// - the names Windows reserves for devices (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with any extension), which
//   cannot be saved and on some systems open the device instead of a file.

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Whether a name carries direction overrides or invisible marks (refused at upload, with the reason). */
export function hasHiddenMarks(name: string): boolean {
  return new RegExp(CONTROLS.source).test(name);
}

/** A name safe to show and to hand to a save dialog: last path segment only, no control or direction marks,
 *  none of the characters Windows refuses, no leading/trailing dots or spaces, and never a device name. */
export function safeFileName(given: string, fallback = '附件'): string {
  const last = given.split(/[\\/]/).pop() ?? '';
  let clean = last
    .replace(CONTROLS, '')
    .replace(WINDOWS_FORBIDDEN, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (DEVICE.test(clean)) clean = `_${clean}`;
  return clean || fallback;
}
