import * as assert from 'node:assert/strict';
import { sessionTooltipMarkdown } from '../../../../src/core/sessions/tooltip';
import { session } from './factories';

describe('core/sessions/tooltip', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');

  it('lists the fields', () => {
    const md = sessionTooltipMarkdown(session({ id: 'abc', title: 'Q3 plan', status: 'in_progress', type: 'canvas_settings', companyId: 'c-1' }), now);
    assert.match(md, /^\*\*Q3 plan\*\*/);
    assert.match(md, /Status: In progress/);
    assert.match(md, /Type: Canvas settings/);
    assert.match(md, /Company: c\\-1/);
    assert.match(md, /ID: abc/);
  });

  it('renders hostile titles inert', () => {
    const titles = [
      'Notes [click](command:workbench.action.openSettings) before the call',
      '<img src=x onerror=alert(1)> pipeline',
      'run `rm -rf` now',
      'Invoice \u202Egnp.exe review',
      'line1\nline2\r\n# heading\u0000',
    ];
    for (const title of titles) {
      const md = sessionTooltipMarkdown(session({ title }), now);
      assert.ok(!md.includes(']('), md);
      assert.ok(!/(^|[^\\])</.test(md), md);
      assert.ok(!/[^\\]`/.test(md), md);
      assert.ok(!md.includes('\u202E'), md);
      assert.ok(!md.includes('\u0000'), md);
      assert.ok(!/\n#/.test(md), md);
    }
  });

  it('caps a 10,000-character title and shows undocumented types as sent', () => {
    const md = sessionTooltipMarkdown(session({ title: 'y'.repeat(10_000), type: 'voice_call' }), now);
    assert.ok(md.length < 1_500, `${md.length}`);
    assert.match(md, /Type: Other types \\\(voice\\_call\\\)/);
    assert.match(sessionTooltipMarkdown(session({ title: undefined }), now), /^\*\*Untitled\*\*/);
  });
});
