import assert from 'node:assert/strict';
import { REDACTED, createRedactor } from '../../../src/api/redact';

const KEY = 'pgai_live_Zx81+/q=k3y';

describe('redact', () => {
  it('removes the key wherever it appears, also URL- and JSON-encoded', () => {
    const redact = createRedactor(KEY);
    const text = `bad key ${KEY}; in url ?k=${encodeURIComponent(KEY)} and twice ${KEY}${KEY}`;
    const out = redact(text);
    assert.ok(!out.includes(KEY));
    assert.ok(!out.includes(encodeURIComponent(KEY)));
    assert.equal(out, `bad key ${REDACTED}; in url ?k=${REDACTED} and twice ${REDACTED}${REDACTED}`);
    const quoted = createRedactor('a"b\\c');
    assert.equal(quoted(JSON.stringify({ key: 'a"b\\c' })), `{"key":"${REDACTED}"}`);
  });

  it('removes any value given for an x-api-key header', () => {
    const redact = createRedactor(undefined);
    assert.equal(redact('x-api-key: other-secret-123 sent'), `x-api-key: ${REDACTED} sent`);
    assert.equal(redact('{"X-Api-Key":"abc"}'), `{"X-Api-Key":"${REDACTED}"}`);
    assert.equal(redact('x-api-key=abc&page=1'), `x-api-key=${REDACTED}&page=1`);
  });

  it('leaves other text alone', () => {
    const redact = createRedactor(KEY);
    const text = 'GET /public-api/v1/agent/sessions?page=1&per_page=25 → 200 in 12 ms';
    assert.equal(redact(text), text);
    assert.equal(createRedactor('')('plain'), 'plain');
  });

  it('treats regular-expression characters in the key literally', () => {
    const redact = createRedactor('a.b*c');
    assert.equal(redact('aXbbbc a.b*c'), `aXbbbc ${REDACTED}`);
  });
});
