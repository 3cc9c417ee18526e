// One sanitizer for every user-provided string a report prints — theorem ids,
// titles, citations, statements, notes, reasons, replay commands, regime
// values, error messages — whatever the format. Those strings come from
// theorem files and coverage files that anyone may have written, and a view
// shows them next to nc-check's own verdicts, so they must stay inert text:
// - bidi controls (embeddings, overrides, isolates, marks) are removed: an
//   unterminated U+202E in a citation would otherwise display the report's
//   own text after it backwards (a verdict or a model name spoofed);
// - control characters (C0 other than what the format needs, DEL, C1) are
//   removed: ESC starts terminal sequences, NUL truncates in C tools, and XML
//   forbids most of them;
// - each format's syntax is escaped where the text lands (HTML/XML entities,
//   Markdown punctuation and `&`, CSV quoting, LaTeX specials), and formats
//   that are line-based (Markdown table rows, lcov listings) get one line per
//   field, so a newline in a title cannot shift the lines lcov points at.
// Views call the function for their format at the point where text is
// interpolated; nc-check's own text needs none of this but is harmless through it.

/**
 * Bidi formatting characters: LRE, RLE, PDF, LRO, RLO (U+202A–U+202E), the
 * isolates LRI, RLI, FSI, PDI (U+2066–U+2069), LRM and RLM (U+200E, U+200F)
 * and the Arabic letter mark (U+061C). Removing them (rather than balancing
 * them) is what the views need: none carries meaning in a report field.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/**
 * C0 controls other than tab, line feed and carriage return; DEL; C1 controls
 * (U+0080–U+009F, which some terminals honour as CSI); and the XML
 * non-characters U+FFFE, U+FFFF.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** Line breaks of every kind, including the Unicode line and paragraph separators. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

/** Lone UTF-16 surrogates (not valid in XML, and replaced by U+FFFD in UTF-8 output anyway). */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The common core: bidi controls, control characters (tab, LF and CR kept)
 * and lone surrogates removed. Every format function below starts here.
 */
export function inertText(s: unknown): string {
  return String(s).replace(BIDI_CONTROLS, '').replace(CONTROLS, '').replace(LONE_SURROGATES, '');
}

/** inertText on one line: every line break (CRLF, CR, LF, U+2028, U+2029) becomes one space, tabs too. */
export function oneLine(s: unknown): string {
  return inertText(s).replace(LINE_BREAKS, ' ').replace(/\t/g, ' ');
}

/**
 * Text for a terminal: inert, newlines and tabs kept (the terminal view lays
 * out blocks), carriage return removed (it would let a string overwrite the
 * start of its own line, e.g. a verdict).
 */
export function terminalText(s: unknown): string {
  return inertText(s).replace(/\r/g, '');
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text for HTML or XML, in element content and in quoted attribute values:
 * inert, and the five special characters as entities. Newlines are kept (a
 * `<pre>` needs them; elsewhere they are white space).
 */
export function htmlText(s: unknown): string {
  return inertText(s).replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/**
 * Free text in HTML element content, isolated in `<bdi>`: even without
 * controls, right-to-left letters in a title would reorder the report's own
 * neutral characters next to them (numbers, punctuation); inside `<bdi>` they
 * cannot. Not for attribute values (use htmlText there).
 */
export function htmlIsolated(s: unknown): string {
  return `<bdi>${htmlText(s)}</bdi>`;
}

/** Text for XML (JUnit): the same as htmlText — XML 1.0 forbids the controls removed by inertText. */
export const xmlText = htmlText;

/**
 * Inline Markdown text (CommonMark and GitHub-flavoured): inert, on one line
 * (a newline would end a table row or start a block), and every ASCII
 * punctuation character that Markdown or GFM gives meaning to backslash-escaped
 * — `[`, `]`, `(`, `)`, `!` (links, images), `<`, `>` (raw HTML, autolinks,
 * quotes), `&` (entities), `` ` `` (code), `*`, `_`, `~` (emphasis,
 * strikethrough), `#`, `+`, `-`, `=`, `.` (headings, lists, setext rules),
 * `|` (table cells), `$` (GitHub's math), `\` itself, and `:` (GitHub autolinks a
 * bare `https:`/`www.` URL, which the escaped `:` and `.` prevent). CommonMark shows a
 * backslash-escaped punctuation character as that character, literally. Runs of
 * spaces become one (four would open an indented code block after a list marker).
 */
export function markdownText(s: unknown): string {
  return oneLine(s)
    .replace(/ {2,}/g, ' ')
    .replace(/[\\`*_[\]()#+\-.!|<>&~$:]/g, (c) => `\\${c}`);
}

/**
 * An inline Markdown code span: inert, on one line, fenced with more backticks
 * than the text holds so nothing inside can close it. In a table cell (`cell`)
 * `|` is escaped too, because GFM splits cells before it parses code spans
 * (and drops that backslash); elsewhere the backslash would show.
 */
export function markdownCode(s: unknown, cell = false): string {
  const text = cell ? oneLine(s).replace(/\|/g, '\\|') : oneLine(s);
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * The lines of a fenced Markdown code block (e.g. a replay command): inert,
 * split at its own line breaks so the block's line structure is explicit.
 * The fence itself is chosen by the view, longer than any backtick run.
 */
export function markdownCodeLines(s: unknown): string[] {
  return inertText(s).split(LINE_BREAKS);
}

/**
 * A field of a line-based text listing (the theorem listings lcov's FN/DA
 * records point at, or an lcov record's name): inert and on one line, so the
 * line numbers are those of the fields, whatever the text.
 */
export function listingField(s: unknown): string {
  return oneLine(s);
}

/**
 * A CSV field (RFC 4180): inert, on one line, quoted when it holds a comma,
 * quote or leading/trailing space, and with a leading `=`, `+`, `-`, `@`
 * neutralised by a quote prefix so a spreadsheet does not evaluate it as a
 * formula (OWASP's CSV-injection advice) — unless it is a plain number.
 */
export function csvField(s: unknown): string {
  let text = oneLine(s);
  if (/^[=+\-@]/.test(text) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) text = `'${text}`;
  return /[",]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '^': '\\textasciicircum{}',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '%': '\\%',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
};

/** Text for LaTeX (tables, captions): inert, on one line, every special character as its text command. */
export function latexText(s: unknown): string {
  return oneLine(s).replace(/[\\{}$&#^_~%<>|]/g, (c) => LATEX_SPECIALS[c]!);
}
