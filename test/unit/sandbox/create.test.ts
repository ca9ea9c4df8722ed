import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPANIES, startSandbox, type Sandbox, type SessionRecord } from '../../../sandbox/server';
import { create, FakeClock, json, list } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('sandbox POST /agent/sessions', () => {
  let sb: Sandbox;
  const clock = new FakeClock();

  beforeEach(async () => {
    sb = await startSandbox({ rateLimit: false, now: clock.now, sessionCount: 40 });
  });
  afterEach(() => sb.close());

  it('creates a session (201, bare object) that then comes first in the default list', async () => {
    const company = COMPANIES[3].id;
    const r = await create(sb, { title: 'Pipeline review: Initech', type: 'plan', company_id: company });
    assert.equal(r.status, 201);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    const s = json(r) as SessionRecord;
    assert.match(s.id, UUID);
    assert.deepEqual(
      { ...s, id: undefined },
      {
        id: undefined,
        title: 'Pipeline review: Initech',
        type: 'plan',
        status: 'active',
        company_id: company,
        created_at: new Date(clock.ms).toISOString(),
        updated_at: new Date(clock.ms).toISOString(),
      },
    );
    const first = json(await list(sb, 'per_page=1'));
    assert.equal(first.total, 41);
    assert.deepEqual(first.items[0], s);
    assert.equal(json(await list(sb, `company_id=${company}&type=plan&status=active`)).items[0].id, s.id);
    assert.equal(sb.sessions().length, 41);
  });

  it('with a frozen clock, later sessions still list before earlier ones', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((json(await create(sb, { title: `n${i}` })) as SessionRecord).id);
    const top = (json(await list(sb, 'per_page=5')).items as SessionRecord[]).map((s) => s.id);
    assert.deepEqual(top, [...ids].reverse());
  });

  it('defaults: no body, empty object, empty title, invalid type', async () => {
    for (const body of [undefined, {}, { title: '' }, { title: '   ' }, { title: null }, { type: 'nope' }, { type: 7 }]) {
      const r = await create(sb, body);
      assert.equal(r.status, 201, JSON.stringify(body));
      const s = json(r);
      assert.equal(s.title, 'Untitled');
      assert.equal(s.type, 'chat');
      assert.equal(s.company_id, null);
    }
    for (const type of ['document', 'chat', 'plan', 'canvas_settings', 'email', 'workspace', 'project']) {
      assert.equal(json(await create(sb, { type })).type, type);
    }
  });

  it('400s: bad JSON, non-object body, non-UUID company_id, too long title, non-string title', async () => {
    for (const [body, error] of [
      ['{not json', 'Invalid JSON body'],
      ['[1,2]', 'Body must be a JSON object'],
      ['"text"', 'Body must be a JSON object'],
      [{ company_id: 'acme' }, 'company_id must be a UUID'],
      [{ company_id: 12 }, 'company_id must be a UUID'],
      [{ title: 'x'.repeat(501) }, 'title must be at most 500 characters'],
      [{ title: 42 }, 'title must be a string'],
    ] as const) {
      const r = await create(sb, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.deepEqual(json(r), { error }, JSON.stringify(body));
    }
    assert.equal(sb.sessions().length, 40, 'nothing created');
    assert.equal((await create(sb, { title: 'é'.repeat(500) })).status, 201, '500 characters is fine');
  });

  it('reset() removes created sessions', async () => {
    await create(sb, { title: 'temp' });
    assert.equal(sb.sessions().length, 41);
    sb.reset();
    assert.equal(sb.sessions().length, 40);
    assert.equal(sb.requests.length, 0);
  });

  describe('dataFile', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'pgai-sandbox-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('persists created sessions and loads them on the next start', async () => {
      const file = join(dir, 'data.json');
      const a = await startSandbox({ dataFile: file, sessionCount: 10, rateLimit: false });
      const made = json(await create(a, { title: 'Keep me' }));
      await a.close();
      assert.ok(existsSync(file));
      assert.ok(readFileSync(file, 'utf8').includes('Keep me'));
      const b = await startSandbox({ dataFile: file, sessionCount: 10, rateLimit: false });
      try {
        assert.equal(b.sessions().length, 11);
        assert.deepEqual(json(await list(b, 'per_page=1')).items[0], made);
      } finally {
        await b.close();
      }
    });

    it('refuses a data file that is not sandbox data', async () => {
      const file = join(dir, 'bad.json');
      writeFileSync(file, '{oops');
      await assert.rejects(startSandbox({ dataFile: file }), /not valid JSON/);
    });
  });
});
