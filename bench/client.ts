// Section 2: the project's client against peers, over loopback against the sandbox (its own
// process, rate limiting off, no added latency), one page of 50 sessions per request,
// keep-alive everywhere. Peers run in interleaved rounds so drift hits them alike.
//
// PgaiClient shares identical concurrent GETs. So that every request really reaches the
// server, each request asks a distinct page: request i asks page (i mod 8) + 1, for every peer,
// sequential and concurrent alike (8 workers then always have 8 different pages in flight).
import { Agent as HttpAgent } from 'node:http';
import axios from 'axios';
import { Agent, request } from 'undici';
import { PgaiClient } from '../src/api/client';
import { startRemoteSandbox } from './lib/processes';
import { check, msSince, round, roundSummary, summarize, type BudgetCheck, type Summary } from './lib/stats';

const PAGES = 8;
const PER_PAGE = 50;
const CLIENT_BUDGET_RATIO = 1.15;

type Fetcher = (page: number) => Promise<number>;

interface Peer {
  readonly name: string;
  readonly label: string;
  readonly get: Fetcher;
  close(): Promise<void>;
}

interface PeerStats {
  readonly latency: Summary;
  readonly requestsPerSecond: number;
}

export interface ClientResult {
  readonly perPage: number;
  readonly pagesCycled: number;
  readonly rounds: number;
  readonly sequentialPerRound: number;
  readonly concurrency: number;
  readonly concurrentPerRound: number;
  readonly peers: Record<string, { label: string; sequential: PeerStats; concurrent: PeerStats }>;
  readonly ratios: { readonly sequential: number; readonly concurrent: number };
  readonly checks: BudgetCheck[];
}

function makePeers(baseUrl: string, apiKey: string): Peer[] {
  const url = new URL(baseUrl);
  const listUrl = (page: number) => `${baseUrl}/agent/sessions?page=${page}&per_page=${PER_PAGE}`;
  const headers = { 'x-api-key': apiKey, accept: 'application/json' };

  const client = new PgaiClient({ baseUrl, apiKey });
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const httpAgent = new HttpAgent({ keepAlive: true });
  const ax = axios.create({ httpAgent, headers });
  void url;
  return [
    {
      name: 'pgai',
      label: 'PgaiClient.listSessions',
      get: async (page) => (await client.listSessions({ page, perPage: PER_PAGE })).sessions.length,
      close: () => client.dispose(),
    },
    {
      name: 'undici',
      label: 'undici.request + JSON.parse (floor)',
      get: async (page) => {
        const res = await request(listUrl(page), { headers, dispatcher: agent });
        const body = JSON.parse(await res.body.text()) as { items: unknown[] };
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
        return body.items.length;
      },
      close: () => agent.close(),
    },
    {
      name: 'fetch',
      label: 'global fetch',
      get: async (page) => {
        const res = await fetch(listUrl(page), { headers });
        const body = (await res.json()) as { items: unknown[] };
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        return body.items.length;
      },
      close: async () => undefined,
    },
    {
      name: 'axios',
      label: 'axios (keep-alive http.Agent)',
      get: async (page) => {
        const res = await ax.get<{ items: unknown[] }>(listUrl(page));
        return res.data.items.length;
      },
      close: async () => httpAgent.destroy(),
    },
  ];
}

async function timed(get: Fetcher, page: number, latencies: number[]): Promise<void> {
  const start = process.hrtime.bigint();
  const n = await get(page);
  latencies.push(msSince(start));
  if (n !== PER_PAGE) throw new Error(`expected ${PER_PAGE} sessions, got ${n}`);
}

/** `count` requests one after another; returns the wall time. */
async function sequential(get: Fetcher, count: number, latencies: number[]): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await timed(get, (i % PAGES) + 1, latencies);
  return msSince(start);
}

/** `workers` loops of `count / workers` requests each, worker w always asking page w + 1. */
async function concurrent(get: Fetcher, count: number, workers: number, latencies: number[]): Promise<number> {
  const start = process.hrtime.bigint();
  const each = Math.ceil(count / workers);
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < each; i++) await timed(get, (w % PAGES) + 1, latencies);
    }),
  );
  return msSince(start);
}

export interface ClientBenchOptions {
  rounds?: number;
  sequentialPerRound?: number;
  concurrentPerRound?: number;
  warmup?: number;
}

export async function benchClient(options: ClientBenchOptions = {}): Promise<ClientResult> {
  const rounds = options.rounds ?? 6;
  const seqN = options.sequentialPerRound ?? 300;
  const conN = options.concurrentPerRound ?? 800;
  const workers = 8;
  const sandbox = await startRemoteSandbox();
  const peers = makePeers(sandbox.baseUrl, sandbox.apiKey);
  const seqLat = new Map<string, number[]>(peers.map((p) => [p.name, []]));
  const conLat = new Map<string, number[]>(peers.map((p) => [p.name, []]));
  const seqWall = new Map<string, number>(peers.map((p) => [p.name, 0]));
  const conWall = new Map<string, number>(peers.map((p) => [p.name, 0]));
  try {
    for (const peer of peers) {
      await sequential(peer.get, options.warmup ?? 400, []);
      await concurrent(peer.get, options.warmup ?? 400, workers, []);
    }
    for (let r = 0; r < rounds; r++) {
      const order = peers.map((_, i) => peers[(i + r) % peers.length]);
      for (const peer of order) {
        seqWall.set(peer.name, (seqWall.get(peer.name) as number) + (await sequential(peer.get, seqN, seqLat.get(peer.name) as number[])));
      }
      for (const peer of order) {
        conWall.set(peer.name, (conWall.get(peer.name) as number) + (await concurrent(peer.get, conN, workers, conLat.get(peer.name) as number[])));
      }
    }
  } finally {
    for (const peer of peers) await peer.close().catch(() => undefined);
    await sandbox.stop();
  }
  const stats: ClientResult['peers'] = {};
  for (const peer of peers) {
    const seq = seqLat.get(peer.name) as number[];
    const con = conLat.get(peer.name) as number[];
    stats[peer.name] = {
      label: peer.label,
      sequential: { latency: roundSummary(summarize(seq)), requestsPerSecond: round((seq.length / (seqWall.get(peer.name) as number)) * 1000) },
      concurrent: { latency: roundSummary(summarize(con)), requestsPerSecond: round((con.length / (conWall.get(peer.name) as number)) * 1000) },
    };
  }
  const s = (name: string) => stats[name] as { sequential: PeerStats; concurrent: PeerStats };
  const ratios = {
    sequential: round(s('pgai').sequential.latency.median / s('undici').sequential.latency.median),
    concurrent: round(s('undici').concurrent.requestsPerSecond / s('pgai').concurrent.requestsPerSecond),
  };
  const checks: BudgetCheck[] = [
    check('2', 'PgaiClient vs bare undici, sequential (median latency ratio)', `≤ ${CLIENT_BUDGET_RATIO}×`, `${ratios.sequential}× (${s('pgai').sequential.latency.median} vs ${s('undici').sequential.latency.median} ms)`, ratios.sequential <= CLIENT_BUDGET_RATIO),
    check('2', 'PgaiClient vs bare undici, 8-way concurrent (throughput ratio)', `≤ ${CLIENT_BUDGET_RATIO}×`, `${ratios.concurrent}× (${s('pgai').concurrent.requestsPerSecond} vs ${s('undici').concurrent.requestsPerSecond} req/s)`, ratios.concurrent <= CLIENT_BUDGET_RATIO),
  ];
  for (const peer of ['fetch', 'axios']) {
    for (const mode of ['sequential', 'concurrent'] as const) {
      const ours = s('pgai')[mode].latency.median;
      const theirs = s(peer)[mode].latency.median;
      checks.push(check('2', `PgaiClient faster than ${peer}, ${mode} (median latency)`, `< ${peer}`, `${ours} vs ${theirs} ms`, ours < theirs));
    }
  }
  return { perPage: PER_PAGE, pagesCycled: PAGES, rounds, sequentialPerRound: seqN, concurrency: workers, concurrentPerRound: conN, peers: stats, ratios, checks };
}
