// The details page as Markdown: what it says, in which order, in the user's locale, and that
// nothing the server sends can act on the page (rendered as VS Code's Markdown preview does).
import * as assert from 'node:assert/strict';
import { humanizeFieldName, localRelativeTime, sessionDetailsMarkdown } from '../../../../src/core/sessions/details';
import { assertInertDetailsMarkdown } from '../../../fuzz/inert';
import { session } from './factories';

const now = Date.parse('2026-03-10T12:00:00Z');
const en = { now, locale: 'en-US', timeZone: 'UTC' };

/** The text a reader sees: the rendered page without its tags and entities. */
function visibleText(markdown: string): string {
  return assertInertDetailsMarkdown(markdown)
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('core/sessions/details', () => {
  const typical = session({
    id: '0190c6b2-aaaa-7a41-9d2f-5b8e1f4a2c10',
    title: 'Competitive analysis: Acme vs Globex',
    status: 'in_progress',
    type: 'canvas_settings',
    companyId: '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10',
    createdAt: '2026-03-07T09:30:00Z',
    updatedAt: '2026-03-10T11:55:00Z',
    raw: {
      id: '0190c6b2-aaaa-7a41-9d2f-5b8e1f4a2c10',
      title: 'Competitive analysis: Acme vs Globex',
      status: 'in_progress',
      type: 'canvas_settings',
      company_id: '0190c6b2-7c3e-7a41-9d2f-5b8e1f4a2c10',
      created_at: '2026-03-07T09:30:00Z',
      updated_at: '2026-03-10T11:55:00Z',
      message_count: 1234,
      is_archived: false,
      owner: null,
      agentModelName: 'pgai-large',
      tags: ['pricing', 'q3'],
    },
  });

  it('reads as a page: the title as heading, then Status, Type, Company, Created, Updated, then the other fields by name', () => {
    const md = sessionDetailsMarkdown(typical, en);
    const text = visibleText(md);
    assert.match(md, /^# Competitive analysis\\: Acme vs Globex\n/);
    const order = ['Status: In progress', 'Type: Canvas settings', 'Company: 0190c6b2-7c3e', 'Created: Mar 7, 2026, 9:30 AM (3 days ago)', 'Updated: Mar 10, 2026, 11:55 AM (5 minutes ago)', 'Other fields', 'ID: 0190c6b2-aaaa', 'Message count: 1,234', 'Is archived: No', 'Owner: (none)', 'Agent model name: pgai-large', 'Tags'];
    let at = -1;
    for (const expected of order) {
      const found = text.indexOf(expected);
      assert.ok(found > at, `"${expected}" after the previous line in:\n${text}`);
      at = found;
    }
    // Fields shown above are not repeated below; no snake_case name is left.
    assert.equal(text.match(/In progress|in_progress/g)?.length, 1, text);
    assert.doesNotMatch(text, /message_count|created_at|company_id|agentModelName/);
    // A structured field as JSON, with its values.
    assert.match(md, /### Tags\n\n```json\n\[\n {2}"pricing",\n {2}"q3"\n\]\n```/);
  });

  it('says "no company" once: a null company_id is not repeated among the other fields', () => {
    const none = session({ companyId: undefined, status: undefined, raw: { id: 'n', company_id: null, status: null, owner_id: null } });
    const text = visibleText(sessionDetailsMarkdown(none, en));
    assert.equal(text.match(/Company/g)?.length, 1, text);
    assert.equal(text.match(/Status/g)?.length, 1, text);
    assert.match(text, /Owner ID: \(none\)/, 'other null fields are still listed');
  });

  it('dates and numbers follow the user’s locale', () => {
    const text = visibleText(sessionDetailsMarkdown(typical, { now, locale: 'de-DE', timeZone: 'UTC' }));
    assert.match(text, /Created: 07\.03\.2026, 09:30 \(vor 3 Tagen\)/);
    assert.match(text, /Message count: 1\.234/);
    assert.match(visibleText(sessionDetailsMarkdown(typical, { now, locale: 'not a locale!', timeZone: 'UTC' })), /Created: .*2026/, 'an unknown locale falls back');
  });

  it('says how long ago in words, either way in time', () => {
    const at = (deltaMs: number) => localRelativeTime(now + deltaMs, en);
    assert.equal(at(-10_000), 'now');
    assert.equal(at(-5 * 60_000), '5 minutes ago');
    assert.equal(at(-3 * 3_600_000), '3 hours ago');
    assert.equal(at(-86_400_000), 'yesterday');
    assert.equal(at(-90 * 86_400_000), '3 months ago');
    assert.equal(at(-800 * 86_400_000), '2 years ago');
    assert.equal(at(2 * 3_600_000), 'in 2 hours');
  });

  it('names fields the way a person reads them', () => {
    assert.equal(humanizeFieldName('message_count'), 'Message count');
    assert.equal(humanizeFieldName('companyId'), 'Company ID');
    assert.equal(humanizeFieldName('llm-model'), 'LLM model');
    assert.equal(humanizeFieldName('HTTPStatusCode'), 'HTTP status code');
    assert.equal(humanizeFieldName('app_url'), 'App URL');
    assert.equal(humanizeFieldName('___'), '(unnamed field)');
    assert.ok(humanizeFieldName('k'.repeat(5_000)).length <= 100);
  });

  it('shows what it cannot read as sent, and a missing company as none', () => {
    const odd = session({ title: undefined, type: 'voice_call', status: undefined, companyId: undefined, createdAt: 'last Tuesday', updatedAt: undefined, raw: { id: 'x', type: 'voice_call', created_at: 'last Tuesday', status: 42 } });
    const text = visibleText(sessionDetailsMarkdown(odd, en));
    assert.match(text, /^Untitled\n/);
    assert.match(text, /Type: Other types \(voice_call\)/);
    assert.match(text, /Company: \(none\)/);
    assert.match(text, /Created: last Tuesday\n/);
    assert.doesNotMatch(text, /Updated:/);
    assert.match(text, /Status: 42/, 'a status the parser could not take is still shown, among the other fields');
  });

  it('renders hostile field values and names inert, and keeps them readable', () => {
    const hostile = [
      '[Click me](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%22%7D)',
      '[x](https://evil.example/steal) and <https://evil.example/auto> and www.evil.example and a@evil.example',
      '<img src=x onerror=alert(1)><script>alert(1)</script><a href="command:pgai.clearApiKey">a</a>',
      '![img](https://evil.example/pixel.png) `code` **bold** _em_ # heading\n# real heading?\n---\n| a | b |',
      'Invoice \u202Efdp.exe\u202C and \u2066isolate\u2069 and \u200Fmark',
      'lone \uD800 high and \uDC00 low surrogates',
      '&lt;b&gt;entity&lt;/b&gt; &#x5b;x&#x5d;(command:pgai.setApiKey)',
      '```\n<script>alert(1)</script>\n```',
    ];
    for (const value of hostile) {
      const s = session({
        title: value,
        status: value,
        type: value,
        companyId: value,
        raw: { id: value, title: value, status: value, type: value, company_id: value, [value]: value, nested: { value, deeper: [value] }, created_at: value },
      });
      const md = sessionDetailsMarkdown(s, en);
      const text = visibleText(md);
      // Outside the fenced JSON (where nothing is interpreted) no link syntax is left unescaped.
      assert.ok(!md.replace(/^```json\n[\s\S]*?\n```$/gm, '').includes('](command:'), md);
      const readable = value.replace(/[\u202A-\u202E\u2066-\u2069\u200F]/g, '').replace(/[\uD800-\uDFFF]/g, '\uFFFD').replace(/\s+/g, ' ').trim().slice(0, 30);
      assert.ok(text.includes(readable), `the page lost "${readable}":\n${text.slice(0, 400)}`);
    }
  });

  it('keeps a 100 KB field, title and name bounded, and says that they are cut', () => {
    const big = 'x'.repeat(100_000);
    const md = sessionDetailsMarkdown(session({ title: big, raw: { id: 'big', title: big, notes: big, [big]: 1, payload: { data: big } } }), en);
    assert.ok(md.length < 20_000, `${md.length} characters`);
    const text = visibleText(md);
    assert.match(text, /The title is 100,000 characters long; it is cut here\./);
    assert.match(text, /Notes: x+… \(100,000 characters in all: Copy Session as JSON has the full value\)/);
    assert.match(text, /Cut here: Copy Session as JSON has all of it\./);
    // A long run of emoji is cut between characters, never inside one.
    const emoji = sessionDetailsMarkdown(session({ title: '\u{1F600}'.repeat(60_000), raw: { id: 'e', notes: '\u{1F600}'.repeat(60_000) } }), en);
    assertInertDetailsMarkdown(emoji);
  });
});
