// The connection (src/vscode/connection.ts) in plain Node through the vscode stand-in: where a
// key from the environment may be stored, and the states a key and a base URL lead to.
import { standIn } from '../../soak/standIn';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ApiKeyStore } from '../../../src/core/keyStore';
import { createConnection } from '../../../src/vscode/connection';

const ROOT = join(__dirname, '..', '..', '..');
const MODE = { Production: 1, Development: 2, Test: 3 } as const;

function channel(lines: string[]) {
  const at = (level: string) => (message: unknown) => lines.push(`${level} ${String(message)}`);
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as unknown as Parameters<typeof createConnection>[1];
}

type Context = ReturnType<typeof standIn.createContext> & { extensionMode: number };

async function connect(baseUrl: string, mode: number, seed: { key: string; origin: string } | undefined, given?: Context) {
  standIn.setConfiguration('pgai.apiBaseUrl', baseUrl);
  const context = given ?? (standIn.createContext(ROOT) as Context);
  context.extensionMode = mode;
  const saved = { key: process.env.PGAI_SEED_API_KEY, origin: process.env.PGAI_SEED_API_ORIGIN };
  if (seed) {
    process.env.PGAI_SEED_API_KEY = seed.key;
    process.env.PGAI_SEED_API_ORIGIN = seed.origin;
  } else {
    delete process.env.PGAI_SEED_API_KEY;
    delete process.env.PGAI_SEED_API_ORIGIN;
  }
  const lines: string[] = [];
  try {
    const connection = createConnection(context as never, channel(lines));
    await connection.whenReady();
    return { connection, context, lines };
  } finally {
    for (const [name, value] of [['PGAI_SEED_API_KEY', saved.key], ['PGAI_SEED_API_ORIGIN', saved.origin]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('vscode/connection', () => {
  afterEach(() => standIn.setConfiguration('pgai.apiBaseUrl', undefined));

  describe('a key from the environment (PGAI_SEED_API_KEY)', () => {
    const SEED = 'seeded-key-from-env';

    it('is stored for a loopback API in a development host, and logged without its value', async () => {
      const { connection, context, lines } = await connect('http://127.0.0.1:4010/public-api/v1', MODE.Development, { key: SEED, origin: 'http://127.0.0.1:4010' });
      assert.equal(await new ApiKeyStore(context.secrets).get('http://127.0.0.1:4010'), SEED);
      assert.equal(connection.state.kind, 'ready');
      assert.ok(lines.some((l) => /Stored the API key provided by the environment/.test(l)));
      assert.ok(!lines.some((l) => l.includes(SEED)), 'the key in the log');
      connection.dispose();
    });

    it('is ignored by an installed extension (production), even for a loopback API', async () => {
      const { connection, context, lines } = await connect('http://127.0.0.1:4010/public-api/v1', MODE.Production, { key: SEED, origin: 'http://127.0.0.1:4010' });
      assert.equal(await new ApiKeyStore(context.secrets).get('http://127.0.0.1:4010'), undefined);
      assert.equal(connection.state.kind, 'noKey');
      assert.ok(lines.some((l) => /^warn Ignoring PGAI_SEED_API_KEY/.test(l)));
      connection.dispose();
    });

    it('is ignored for the real PG:AI API, in any mode', async () => {
      for (const mode of [MODE.Development, MODE.Test, MODE.Production]) {
        const { connection, context } = await connect('https://api.getpg.ai/public-api/v1', mode, { key: SEED, origin: 'https://api.getpg.ai' });
        assert.equal(await new ApiKeyStore(context.secrets).get('https://api.getpg.ai'), undefined, `mode ${mode}`);
        assert.equal(connection.state.kind, 'noKey');
        connection.dispose();
      }
    });

    it('never replaces a key the user stored', async () => {
      const context = standIn.createContext(ROOT) as Context;
      await new ApiKeyStore(context.secrets).set('http://127.0.0.1:4010', 'mine');
      const { connection } = await connect('http://127.0.0.1:4010/public-api/v1', MODE.Development, { key: SEED, origin: 'http://127.0.0.1:4010' }, context);
      assert.equal(await new ApiKeyStore(context.secrets).get('http://127.0.0.1:4010'), 'mine');
      connection.dispose();
    });
  });
});
