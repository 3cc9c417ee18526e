// Small text helpers shared by the markup views.

/** Escapes the five XML special characters (valid in HTML text and attributes too). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Characters XML 1.0 forbids anywhere (control characters other than tab, newline, carriage return). */
export function stripInvalidXml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** A regime as compact JSON (numbers at full precision, so it replays exactly). */
export function regimeText(regime: unknown): string {
  return JSON.stringify(regime);
}
