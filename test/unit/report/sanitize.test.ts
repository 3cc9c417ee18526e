// The report sanitizer, function by function, on literal inputs and outputs:
// what each format keeps, removes and escapes (the views' hostile-input tests
// in hostile.test.ts check the same through every rendered report).
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import {
  csvField,
  htmlIsolated,
  htmlText,
  inertText,
  latexText,
  listingField,
  markdownCode,
  markdownCodeLines,
  markdownText,
  oneLine,
  terminalText,
  xmlText,
} from '../../../src/report/sanitize.ts';

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];

describe('inertText', () => {
  it('removes every bidi control, one by one', () => {
    for (const c of BIDI) expect(inertText(`a${c}b`), c.codePointAt(0)!.toString(16)).toBe('ab');
  });

  it('removes C0 controls but tab, LF and CR; DEL; C1; U+FFFE/U+FFFF; lone surrogates', () => {
    for (let code = 0; code < 0x20; code++) {
      const c = String.fromCharCode(code);
      expect(inertText(`a${c}b`), code.toString(16)).toBe(['\t', '\n', '\r'].includes(c) ? `a${c}b` : 'ab');
    }
    for (let code = 0x7f; code <= 0x9f; code++) expect(inertText(`a${String.fromCharCode(code)}b`)).toBe('ab');
    expect(inertText('a\uFFFE\uFFFFb')).toBe('ab');
    expect(inertText('a\uD800b\uDC00c')).toBe('abc');
    // A surrogate pair (an astral character) is kept, as are the characters around the removed ones.
    expect(inertText('✅ 😀 \u00A0é')).toBe('✅ 😀 \u00A0é');
    expect(inertText('\u001b[31mred\u001b[0m')).toBe('[31mred[0m');
  });

  it('stringifies what it is given', () => {
    expect(inertText(12)).toBe('12');
    expect(inertText(undefined)).toBe('undefined');
  });
});

describe('oneLine and listingField', () => {
  it('turn every line break and tab into one space', () => {
    expect(oneLine('a\r\nb\nc\rd\u2028e\u2029f\tg')).toBe('a b c d e f g');
    expect(listingField('x\n\u202Ey\u0000')).toBe('x y');
  });
});

describe('terminalText', () => {
  it('keeps newlines and tabs, removes CR, escape sequences and bidi controls', () => {
    expect(terminalText('a\r\n\tb\u001b[2J\u009b\u202Ec\rd')).toBe('a\n\tb[2Jcd');
  });
});

describe('htmlText, htmlIsolated and xmlText', () => {
  it('escape the five specials after removing controls', () => {
    expect(htmlText(`<a href="x" title='y'>&amp;</a>\u0000\u202E`)).toBe('&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;&amp;amp;&lt;/a&gt;');
    expect(xmlText('a\u000Bb & \n')).toBe('ab &amp; \n');
    expect(htmlIsolated('\u202Ex<y')).toBe('<bdi>x&lt;y</bdi>');
  });
});

describe('markdownText', () => {
  const md = new MarkdownIt('commonmark', { html: true }).enable('table');

  it('escapes every character with Markdown meaning, so the rendering is the literal text', () => {
    const input = '[Verified ✅](https://e.x/) ![p](https://e.x/p.png) <b>x</b> &amp; *a* _b_ ~~c~~ `d` $e$ # f | g \\ h + - . ! ~ :';
    expect(markdownText(input)).toBe(
      '\\[Verified ✅\\]\\(https\\://e\\.x/\\) \\!\\[p\\]\\(https\\://e\\.x/p\\.png\\) \\<b\\>x\\</b\\> \\&amp; \\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\` \\$e\\$ \\# f \\| g \\\\ h \\+ \\- \\. \\! \\~ \\:',
    );
    // Rendered by a CommonMark parser: one paragraph holding the input verbatim as text.
    expect(md.renderInline(markdownText(input))).toBe(htmlText(input).replace(/&apos;/g, "'").replace(/&quot;/g, '"'));
  });

  it('puts the text on one line with single spaces, so it cannot start a block', () => {
    expect(markdownText('a\n# b\r\n    c')).toBe('a \\# b c');
    for (const start of ['# h', '- item', '+ item', '1. item', '1) item', '> quote', '***', '---', '===', '    code', '```']) {
      const tokens = md.parse(`- ${markdownText(start)}`, {}).map((t) => t.type);
      expect(tokens, start).toEqual(['bullet_list_open', 'list_item_open', 'paragraph_open', 'inline', 'paragraph_close', 'list_item_close', 'bullet_list_close']);
    }
  });
});

describe('markdownCode and markdownCodeLines', () => {
  it('fence a code span with more backticks than the text holds, padding a leading or trailing backtick', () => {
    expect(markdownCode('a')).toBe('`a`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`a``')).toBe('``` `a`` ```');
    expect(markdownCode('')).toBe('`  `');
    expect(markdownCode('x\ny\u202E|')).toBe('`x y|`');
    expect(markdownCode('x|y', true)).toBe('`x\\|y`');
  });

  it('split a code block into its lines, inert', () => {
    expect(markdownCodeLines('a\r\nb\u001b\nc\u2028d')).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('csvField', () => {
  it('quotes fields with commas, quotes or edge spaces and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField(' a')).toBe('" a"');
    expect(csvField('a\nb')).toBe('a b');
  });

  it('neutralises a formula but not a signed number', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('-3.5e-2')).toBe('-3.5e-2');
    expect(csvField('+.5')).toBe('+.5');
  });

  it('calls a field a plain number only when all of it is one: sign, digits, point, exponent', () => {
    for (const n of ['-12', '-1.', '-1.25', '-.5', '+7', '-2E+3', '-1e5', '-0.5e-12', '-10.0e10']) expect(csvField(n), n).toBe(n);
    for (const f of ['-1a', '-e5', '-1e', '-.', '-', '-1.2.3', '-1e5x', '-1e+', '--1', '-1 ', '=1', '@1', '-1,5', '-.e5', '+1e5.5'])
      expect(csvField(f), f).toMatch(/^"?'/);
    // Quoted when it ends in a space, too.
    expect(csvField('a ')).toBe('"a "');
  });
});

describe('latexText', () => {
  it('writes every special character as its text command', () => {
    expect(latexText('\\ { } $ & # ^ _ ~ % < > |')).toBe(
      '\\textbackslash{} \\{ \\} \\$ \\& \\# \\textasciicircum{} \\_ \\textasciitilde{} \\% \\textless{} \\textgreater{} \\textbar{}',
    );
    expect(latexText('a\n\u202Eb')).toBe('a b');
  });
});
