// Seeded, deterministic session data: a tiny PRNG and the generator of the sandbox's sessions.
// The same seed and the same anchor day give byte-identical data.
import type { SessionRecord } from './types';

export type Rng = () => number;

/** mulberry32: a 32-bit seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

/** A version-4-shaped UUID drawn from the PRNG. */
function seededUuid(rng: Rng): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rng() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The documented session types. */
export const TYPES = ['document', 'chat', 'plan', 'canvas_settings', 'email', 'workspace', 'project'] as const;

/** The twelve companies that sessions can be scoped to; a session's title names its company. */
export const COMPANIES: ReadonlyArray<{ readonly id: string; readonly name: string }> = [
  { id: '0b6f3c2e-1d4a-4c9e-9f1a-2e7d5b8c3a01', name: 'Acme Corp' },
  { id: '1c7a4d3f-2e5b-4dae-8a2b-3f8e6c9d4b12', name: 'Globex' },
  { id: '2d8b5e4a-3f6c-4ebf-9b3c-4a9f7dae5c23', name: 'Initech' },
  { id: '3e9c6f5b-4a7d-4fc0-8c4d-5bae8ebf6d34', name: 'Umbrella Health' },
  { id: '4fad7a6c-5b8e-40d1-9d5e-6cbf9fc07e45', name: 'Stark Industries' },
  { id: '5abe8b7d-6c9f-41e2-8e6f-7dc0a0d18f56', name: 'Wayne Enterprises' },
  { id: '6bcf9c8e-7da0-42f3-9f70-8ed1b1e29a67', name: 'Hooli' },
  { id: '7cd0ad9f-8eb1-4304-8081-9fe2c2f3ab78', name: 'Vandelay Industries' },
  { id: '8de1bea0-9fc2-4415-9192-a0f3d304bc89', name: 'Société Lumière' },
  { id: '9ef2cfb1-a0d3-4526-82a3-b104e415cd9a', name: 'Müller Logistik GmbH' },
  { id: 'af03d0c2-b1e4-4637-93b4-c215f526deab', name: 'Nørd Energy' },
  { id: 'b014e1d3-c2f5-4748-84c5-d326a637efbc', name: 'Pied Piper' },
];

/** Companies named in unscoped sessions' titles. */
const OTHER_COMPANIES = [
  'Cyberdyne Systems',
  'Tyrell Corp',
  'Massive Dynamic',
  'Dunder Mifflin',
  'Oscorp',
  'Aperture Labs',
  'Nakatomi Trading',
  'Wonka Foods',
  'Soylent',
  'Monarch Solutions',
];
const REGIONS = ['EMEA', 'APAC', 'North America', 'LATAM', 'DACH', 'the Nordics', 'UK&I'];
const PEOPLE = ['Dana Scully', 'Priya Natarajan', 'Tom Becker', 'Lena Okafor', 'Jules Martin', 'Kenji Sato'];
const INDUSTRIES = ['fintech', 'healthcare', 'logistics', 'retail', 'manufacturing', 'SaaS'];

type TitleMaker = (rng: Rng, company: string) => string;

const TITLES: Record<(typeof TYPES)[number], readonly TitleMaker[]> = {
  chat: [
    (_r, c) => `Pipeline review: ${c}`,
    (r, c) => `Research: ${c} expansion in ${pick(r, REGIONS)}`,
    (_r, c) => `Who are the decision makers at ${c}?`,
    (r, c) => `Competitive analysis: ${c} vs ${pick(r, OTHER_COMPANIES)}`,
  ],
  document: [
    (r, c) => `Account plan: ${c} FY${26 + Math.floor(r() * 2)}`,
    (_r, c) => `Discovery call notes: ${c}`,
    (_r, c) => `Mutual action plan – ${c}`,
  ],
  plan: [
    (r) => `Territory planning: ${pick(r, REGIONS)} Q${1 + Math.floor(r() * 4)}`,
    (_r, c) => `Renewal risk: ${c}`,
    (_r, c) => `Champion mapping: ${c}`,
  ],
  canvas_settings: [(_r, c) => `Canvas settings for ${c}`, () => 'Default canvas layout'],
  email: [
    (r, c) => `Follow-up email to ${pick(r, PEOPLE)} at ${c}`,
    (_r, c) => `Intro email: ${c} VP Sales`,
    (r) => `Outbound sequence: ${pick(r, INDUSTRIES)} in ${pick(r, REGIONS)}`,
  ],
  workspace: [(r) => `Team workspace: ${pick(r, REGIONS)} enterprise`, (_r, c) => `Deal room: ${c}`],
  project: [(_r, c) => `QBR deck: ${c}`, (r, c) => `Research: ${c} ${pick(r, INDUSTRIES)} buying signals`],
};

/** Titles for security tests (command link, HTML, right-to-left override). */
export const HOSTILE_TITLES: readonly string[] = [
  'Notes [click](command:workbench.action.openSettings) before the call',
  '<img src=x onerror=alert(1)> pipeline',
  'Invoice \u202Egnp.exe review',
];

const MODELS = ['pgai-research-2', 'pgai-fast-1', 'gpt-4.1', 'claude-sonnet-4'];
const OWNERS = ['Alex Rivera', 'Sam Chen', 'Morgan Lee', 'Robin Novak'];

const DAY = 86_400_000;

/**
 * Exactly proportional labels (largest remainder), shuffled: e.g. 40% of `count` get 'yes'.
 * Exact counts keep every category present even for unlucky seeds.
 */
export function spread<T>(rng: Rng, count: number, weights: ReadonlyArray<readonly [T, number]>): T[] {
  const sum = weights.reduce((s, [, w]) => s + w, 0);
  const exact = weights.map(([v, w]) => ({ v, n: (count * w) / sum }));
  const out: T[] = [];
  for (const e of exact) for (let i = 0; i < Math.floor(e.n); i++) out.push(e.v);
  const byRemainder = [...exact].sort((a, b) => b.n - Math.floor(b.n) - (a.n - Math.floor(a.n)));
  for (let i = 0; out.length < count; i++) out.push((byRemainder[i % byRemainder.length] as { v: T }).v);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const TYPE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['chat', 26],
  ['document', 17],
  ['plan', 14],
  ['email', 13],
  ['project', 11],
  ['workspace', 10],
  ['canvas_settings', 9],
];

const STATUS_WEIGHTS: ReadonlyArray<readonly [string | null, number]> = [
  ['completed', 39],
  ['active', 18],
  ['archived', 15],
  ['in_progress', 10],
  ['running', 8],
  ['failed', 7],
  ['waiting_for_input', 1.5],
  [null, 1.5],
];

/**
 * `anchorMs` is the instant every seeded timestamp precedes (the server passes its clock's now
 * rounded down to the UTC day, so runs on the same day produce the same data).
 */
export function generateSessions(seed: number, count: number, anchorMs: number): SessionRecord[] {
  const rng = mulberry32(seed);
  const types = spread(rng, count, TYPE_WEIGHTS);
  const statuses = spread(rng, count, STATUS_WEIGHTS);
  const titleKinds = spread(rng, count, [
    ['normal', 90],
    ['null', 8],
    ['absent', 2],
  ] as const);
  const scoped = spread(rng, count, [
    [true, 40],
    [false, 60],
  ] as const);
  const normalIndexes = titleKinds.flatMap((k, i) => (k === 'normal' ? [i] : []));
  const hostileAt = new Map<number, string>();
  HOSTILE_TITLES.forEach((title, h) => {
    if (normalIndexes.length === 0) return;
    const slot = Math.floor(((h + 0.5) / HOSTILE_TITLES.length) * normalIndexes.length);
    hostileAt.set(normalIndexes[slot], title);
  });

  const sessions: SessionRecord[] = [];
  for (let i = 0; i < count; i++) {
    const type = types[i] as (typeof TYPES)[number];
    const company = scoped[i] ? pick(rng, COMPANIES) : undefined;
    const companyName = company?.name ?? pick(rng, OTHER_COMPANIES);
    const title = hostileAt.get(i) ?? pick(rng, TITLES[type])(rng, companyName);
    const createdMs = anchorMs - 1000 * Math.floor((rng() * 270 * DAY + 60_000) / 1000);
    const updatedMs = createdMs + 1000 * Math.floor((rng() * Math.min(anchorMs - createdMs, 30 * DAY)) / 1000);
    const record: SessionRecord = {
      id: seededUuid(rng),
      title: titleKinds[i] === 'normal' ? title : null,
      type,
      status: statuses[i] as string,
      company_id: company?.id ?? null,
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(updatedMs).toISOString(),
    };
    if (titleKinds[i] === 'absent') delete (record as Partial<SessionRecord>).title;
    if (rng() < 0.5) record.message_count = Math.floor(rng() * 120);
    if (rng() < 0.3) record.model = pick(rng, MODELS);
    if (rng() < 0.25) record.owner = { name: pick(rng, OWNERS) };
    if (rng() < 0.05) record.tags = ['q3', pick(rng, INDUSTRIES)];
    sessions.push(record);
  }
  return sessions;
}

/** The anchor for seeded timestamps: the clock's now rounded down to the UTC day. */
export function anchorFor(nowMs: number): number {
  return Math.floor(nowMs / DAY) * DAY;
}
