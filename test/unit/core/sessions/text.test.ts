import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  cleanText,
  escapeMarkdown,
  inertJson,
  sessionLabel,
  truncate,
} from '../../../../src/core/sessions/text';

/** The inverse of escapeMarkdown's escaping, to check that nothing but punctuation changed. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g, '$1');
}

const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** True when every ASCII punctuation character in `md` is escaped by a backslash. */
function allPunctuationEscaped(md: string): boolean {
  for (let i = 0; i < md.length; i++) {
    const ch = md[i];
    if (ch === '\\') {
      if (!PUNCT.includes(md[i + 1] ?? '')) return false;
      i++;
      continue;
    }
    if (PUNCT.includes(ch)) return false;
  }
  return true;
}

describe('core/sessions/text', () => {
  it('cleanText removes control characters and direction overrides, keeps words', () => {
    assert.equal(cleanText('Invoice \u202Egnp.exe review'), 'Invoice gnp.exe review');
    assert.equal(cleanText('a\u0000b\u0007c\u009Bd'), 'abcd');
    assert.equal(cleanText('  line one\r\nline\ttwo\u2028three  '), 'line one line two three');
    assert.equal(cleanText('\u2066\u2067\u2068\u2069\u200E\u200F\uFEFF'), '');
  });

  it('truncate caps with an ellipsis and never splits a surrogate pair', () => {
    assert.equal(truncate('abcdef', 10), 'abcdef');
    assert.equal(truncate('abcdefghij', 5), 'abcd…');
    const emoji = 'ab😀cd';
    const cut = truncate(emoji, 4); // would end inside the pair
    assert.equal(cut, 'ab…');
    assert.ok(!/[\uD800-\uDBFF]$/.test(cut.slice(0, -1)));
  });

  it('sessionLabel: "Untitled" for missing/blank titles, capped at 120 characters', () => {
    assert.equal(sessionLabel(undefined), 'Untitled');
    assert.equal(sessionLabel('   \u0000\u202E '), 'Untitled');
    const long = sessionLabel('x'.repeat(10_000));
    assert.equal(long.length, 120);
    assert.ok(long.endsWith('…'));
  });

  it('escapeMarkdown makes hostile titles inert', () => {
    const hostile = [
      'Notes [click](command:workbench.action.openSettings) before the call',
      '<img src=x onerror=alert(1)> pipeline',
      '`code` and ``more`` **bold** _it_ # heading',
      'https://evil.example/x and www.evil.example and <https://a.b>',
      '&lt;script&gt; &#x3C;b&#x3E;',
      '![img](https://x/y.png) [ref]: command:foo',
    ];
    for (const title of hostile) {
      const md = escapeMarkdown(title);
      assert.ok(allPunctuationEscaped(md), md);
      assert.ok(!md.includes(']('), md);
      assert.ok(!/(^|[^\\])</.test(md), md);
      assert.equal(unescapeMarkdown(md), cleanText(title));
    }
  });

  it('escapeMarkdown round-trips any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const md = escapeMarkdown(text);
        return allPunctuationEscaped(md) && unescapeMarkdown(md) === cleanText(text) && !md.includes('\n');
      }),
      { numRuns: 500 },
    );
  });

  it('inertJson shows direction overrides as escapes and stays valid JSON', () => {
    const value = { title: 'Invoice \u202Egnp.exe', note: 'a\u2028b', nested: { x: '\u0007' } };
    const json = inertJson(value);
    assert.ok(!json.includes('\u202E'));
    assert.ok(json.includes('\\u202e'));
    assert.ok(!json.includes('\u2028'));
    assert.deepEqual(JSON.parse(json), value);
  });
});
