import assert from 'node:assert/strict';
import { isLoopbackHost } from '../../../src/api/proxy';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../../../src/api/baseUrl';

describe('parseBaseUrl', () => {
  const accepted: [string, string, string][] = [
    [DEFAULT_BASE_URL, 'https://api.getpg.ai/public-api/v1', 'https://api.getpg.ai'],
    ['https://api.getpg.ai/public-api/v1/', 'https://api.getpg.ai/public-api/v1', 'https://api.getpg.ai'],
    ['  https://API.GetPG.ai/public-api/v1///  ', 'https://api.getpg.ai/public-api/v1', 'https://api.getpg.ai'],
    ['https://example.com', 'https://example.com', 'https://example.com'],
    ['https://example.com:8443/v1', 'https://example.com:8443/v1', 'https://example.com:8443'],
    ['http://localhost:4010/public-api/v1', 'http://localhost:4010/public-api/v1', 'http://localhost:4010'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.5.6.7/v1/', 'http://127.5.6.7/v1', 'http://127.5.6.7'],
    ['http://[::1]:4010/v1', 'http://[::1]:4010/v1', 'http://[::1]:4010'],
  ];
  for (const [input, baseUrl, origin] of accepted) {
    it(`accepts ${JSON.stringify(input)}`, () => {
      const { host, pathname } = new URL(baseUrl);
      assert.deepEqual(parseBaseUrl(input), { ok: true, baseUrl, origin, host, prefix: pathname === '/' ? '' : pathname });
    });
  }

  const refused: [unknown, RegExp][] = [
    ['http://api.getpg.ai/public-api/v1', /https.*localhost/],
    ['http://10.0.0.5/v1', /https/],
    ['http://localhost.evil.com/v1', /https/],
    ['http://128.0.0.1/v1', /https/],
    ['http://[::2]/v1', /https/],
    ['ftp://example.com', /https:\/\//],
    ['file:///etc/passwd', /https:\/\//],
    ['javascript:alert(1)', /https:\/\//],
    ['not a url', /not a valid URL/],
    ['api.getpg.ai/public-api/v1', /not a valid URL/],
    ['', /empty/],
    ['   ', /empty/],
    [undefined, /empty/],
    [42, /empty/],
    ['https://user:hunter2@api.getpg.ai/v1', /user name or password/],
    ['https://user@api.getpg.ai/v1', /user name or password/],
    ['https://api.getpg.ai/v1?x=1', /query/],
    ['https://api.getpg.ai/v1?', /query/],
    ['https://api.getpg.ai/v1#frag', /fragment/],
  ];
  for (const [input, message] of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const result = parseBaseUrl(input);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.message, message);
    });
  }

  it('never echoes a password from the URL in its message', () => {
    for (const input of ['https://user:s3cretpw@api.getpg.ai/v1', 'https://user:s3cretpw@ bad host', 'http://u:s3cretpw@example.com']) {
      const result = parseBaseUrl(input);
      assert.equal(result.ok, false);
      if (!result.ok) assert.doesNotMatch(result.message, /s3cretpw/);
    }
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback from the rest', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.255.254', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['example.com', '127.0.0.1.example.com', '127.0.0', '127.0.0.256', '0.0.0.0', '[::]', 'localhost.example']) {
      assert.equal(isLoopbackHost(host), false, host);
    }
  });
});

describe('parseBaseUrl: credentials in any form', () => {
  it('refuses a password without a user name, and a user name without a password, without echoing them', () => {
    for (const raw of ['https://:secret@api.example.com/v1', 'https://user@api.example.com/v1', 'https://user:pw@api.example.com/v1']) {
      const result = parseBaseUrl(raw);
      assert.equal(result.ok, false, raw);
      if (!result.ok) {
        assert.ok(!result.message.includes('secret') && !result.message.includes('user:') && !result.message.includes('user@'), raw);
        assert.match(result.message, /user name or password/);
      }
    }
  });
});

describe('parseBaseUrl for the client', () => {
  it('plain http to another host only when the rules say so (a test reaching a made-up host through its proxy)', () => {
    assert.equal(parseBaseUrl('http://pgai.test:8080/v1').ok, false);
    assert.deepEqual(parseBaseUrl('http://pgai.test:8080/v1', { plainHttpAnywhere: true }), {
      ok: true,
      baseUrl: 'http://pgai.test:8080/v1',
      origin: 'http://pgai.test:8080',
      prefix: '/v1',
      host: 'pgai.test:8080',
    });
    // The other rules stay.
    assert.equal(parseBaseUrl('http://user:pw@pgai.test/v1', { plainHttpAnywhere: true }).ok, false);
    assert.equal(parseBaseUrl('ftp://pgai.test/v1', { plainHttpAnywhere: true }).ok, false);
  });
});

