// The "Mutation testing" section of docs/RELIABILITY.md, from the summary `npm run mutation`
// writes (.cache/mutation/summary.json) and the list of surviving mutants that cannot change
// behaviour (kept here by hand: each one was read and argued, see EQUIVALENT_MUTANTS).

export interface MutationSummary {
  readonly finishedAt: string;
  readonly minutes: number;
  readonly folders: readonly { readonly folder: string; readonly minimum: number; readonly score: number }[];
  readonly files: readonly { readonly file: string; readonly score: number; readonly killed: number; readonly survived: number; readonly noCoverage: number; readonly timeout: number }[];
}

/** Measured by hand (runs that reused nothing for most mutants), for the doc: incremental runs are far shorter. */
export const FROM_SCRATCH_NOTE =
  'From scratch (`npx stryker run --force`, nothing reused) a run takes about 30 min on two shared cores: measured per folder on 2026-12-02, src/api 22 min (its client tests talk HTTP to the sandbox), src/core/sessions 3 min, src/core 4 min.';

export interface EquivalentMutant {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  /** Why no input can tell the mutant from the code. */
  readonly why: string;
}

/** Survivors that are equivalent to the code: no test can kill them, so none is contorted to. */
export const EQUIVALENT_MUTANTS: readonly EquivalentMutant[] = [
  // src/api
  { file: 'src/api/client.ts', line: 157, mutator: 'ConditionalExpression (`!== undefined` → true; also line 158)', why: 'JSON.stringify leaves a field whose value is undefined out of the body.' },
  { file: 'src/api/client.ts', line: 225, mutator: 'EqualityOperator (`remainingMs <= 0` → `< 0`)', why: 'With nothing left, planRetry refuses too: every wait (at least 0) is at least the remaining 0.' },
  { file: 'src/api/client.ts', line: 243, mutator: 'ConditionalExpression, EqualityOperator (`hold <= 0`)', why: 'The only caller checks `holdMs(now) > 0` first, on the same clock reading.' },
  { file: 'src/api/client.ts', line: 254, mutator: 'ConditionalExpression (the aborted check before the sleep)', why: 'A sleep given an aborted signal rejects, which becomes the same cancelled error.' },
  { file: 'src/api/client.ts', line: 311, mutator: 'ConditionalExpression (`status < 200` → false)', why: 'undici never gives a 1xx status as the final answer.' },
  { file: 'src/api/client.ts', line: 314, mutator: "StringLiteral (`?? ''` → \"Stryker was here!\")", why: 'Date.parse of either string is NaN.' },
  { file: 'src/api/client.ts', line: 336, mutator: 'MethodExpression (`.trim()` removed)', why: 'undici trims header values already (surrounding whitespace is not part of a field value).' },
  { file: 'src/api/errorMap.ts', line: 104, mutator: 'ConditionalExpression (`code !== undefined` → true; also line 110)', why: 'A Set never holds undefined, and the TLS pattern does not match "undefined".' },
  { file: 'src/api/errorMap.ts', line: 116, mutator: 'StringLiteral (the text searched for a non-Error)', why: 'Neither "" nor the placeholder holds "Proxy response (NNN)".' },
  { file: 'src/api/parse.ts', line: 39, mutator: 'ConditionalExpression (`n !== undefined` → true; also lines 44, 69 for `typeof … === \'number\'`)', why: '`undefined >= 0` is false, and Number.isFinite of a non-number is false.' },
  { file: 'src/api/parse.ts', line: 145, mutator: 'ConditionalExpression (`isObject(value)` → true), ArithmeticOperator (line 146, `depth + 1` → `depth - 1`)', why: 'A non-object has no envelope (the call returns undefined), and any depth other than 0 stops the descent alike.' },
  { file: 'src/api/retry.ts', line: 50, mutator: 'ConditionalExpression (`code !== undefined` → true; also line 58 for the status)', why: 'A Set never holds undefined.' },
  { file: 'src/api/retry.ts', line: 131, mutator: 'StringLiteral, ObjectLiteral, BooleanLiteral (abort listener bookkeeping, lines 131, 134)', why: 'An AbortSignal fires once, and a listener left after the timer only rejects a promise already settled.' },
  { file: 'src/api/shared.ts', line: 48, mutator: 'BooleanLiteral, ConditionalExpression, StringLiteral, ObjectLiteral (the settled flag and listener bookkeeping, lines 48–67)', why: 'The abort listener is removed when the shared work settles, an AbortSignal fires once, and a promise settles once: each guard is a second line of defence.' },
  { file: 'src/api/rateLimit.ts', line: 29, mutator: 'ConditionalExpression (the same-length pre-check of the header loop)', why: 'A shortcut: the lower-case comparison after it rejects the same keys.' },
  { file: 'src/api/rateLimit.ts', line: 64, mutator: 'ConditionalExpression (`value === undefined` → false; also line 86, and the else block of line 87)', why: 'Date.parse(undefined) is NaN, and an undefined time fails the finiteness check right after.' },
  { file: 'src/api/rateLimit.ts', line: 95, mutator: 'Regex (`$` anchor), MethodExpression (`.trim()`, lines 95 and 96)', why: 'headerValue trims already, and Number() of digits followed by anything is NaN, not a safe integer.' },
  { file: 'src/api/proxy.ts', line: 16, mutator: 'Regex (`[\\s,]+` → `[\\s,]`, twice), MethodExpression (line 17, `.trim()`)', why: 'Empty parts are filtered out, and a part split on whitespace has none left to trim.' },
  { file: 'src/api/proxy.ts', line: 30, mutator: 'Regex (either anchor dropped)', why: 'A hostname has a bracket only as its first and last character.' },
  { file: 'src/api/proxy.ts', line: 36, mutator: "ConditionalExpression, StringLiteral (`entry !== ''`)", why: 'An empty entry cannot equal a hostname, and no hostname ends with ".".' },
  { file: 'src/api/proxy.ts', line: 46, mutator: 'LogicalOperator, ConditionalExpression, Regex (the host:port split)', why: 'Every mutated split yields a port no URL has or an empty or numeric name no WHATWG hostname has, which match nothing, as the unsplit entry does.' },
  { file: 'src/api/proxy.ts', line: 61, mutator: 'ConditionalExpression, MethodExpression, StringLiteral (a blank variable)', why: 'A blank value comes back as "", which every caller treats as none.' },
  { file: 'src/api/proxy.ts', line: 70, mutator: 'ConditionalExpression (`if (!proxy)` → false), ArrayDeclaration (line 71)', why: 'Without a proxy the function returns that (undefined) proxy anyway; a placeholder no-proxy entry matches no host.' },
  { file: 'src/api/baseUrl.ts', line: 54, mutator: 'LogicalOperator (url.search / url.hash)', why: 'The text checks on the same line catch every URL whose search or hash is non-empty.' },
  { file: 'src/api/transport.ts', line: 80, mutator: "StringLiteral (`headers['content-length']`)", why: 'Without the declared length, readCapped enforces the same cap on the bytes themselves (the check only saves reading them).' },
  { file: 'src/api/transport.ts', line: 100, mutator: "StringLiteral (`body.off('data')`), ConditionalExpression (line 107, one chunk)", why: 'Data after the rejection changes nothing; Buffer.concat of one chunk is the same bytes.' },
  // src/core
  { file: 'src/core/createFlow.ts', line: 51, mutator: "StringLiteral (`?? ''` → \"Stryker was here!\")", why: 'The fallback text names no field (company, uuid, title, type), so the step is "title" either way.' },
  { file: 'src/core/createSession.ts', line: 89, mutator: 'EqualityOperator (`> 1` → `>= 1`; also line 157)', why: 'Exactly one match returned on the line before, so the length is never 1 here.' },
  { file: 'src/core/createSession.ts', line: 97, mutator: 'ConditionalExpression (`status !== undefined` → true; also line 108)', why: '`undefined >= 200` (or `>= 400`) is false, so a missing status fails the next comparison anyway.' },
  { file: 'src/core/createSession.ts', line: 139, mutator: 'ConditionalExpression, ArrayDeclaration (nearby when inWindow is non-empty)', why: 'Every reader looks at `inWindow` first and reads `nearby` only when `inWindow` is empty.' },
  { file: 'src/core/createSession.ts', line: 155, mutator: 'ObjectLiteral (`{ mayHaveReachedServer: true }` → `{}`)', why: "true is PgaiError's default." },
  { file: 'src/core/createSession.ts', line: 194, mutator: 'ConditionalExpression (`createdAt === undefined ? NaN :` → Date.parse)', why: '`Date.parse(undefined)` is NaN too.' },
  // src/core/sessions
  { file: 'src/core/sessions/statusInfo.ts', line: 100, mutator: 'ConditionalExpression (→ true), EqualityOperator (`>` → `>=`)', why: 'Slicing a status of at most 200 characters to 200 leaves it as it is.' },
  { file: 'src/core/sessions/statusInfo.ts', line: 109, mutator: 'Regex (`/[_-]+/` → `/[_-]/`)', why: 'cleanText collapses the extra spaces a run of underscores leaves.' },
  { file: 'src/core/sessions/relativeTime.ts', line: 11, mutator: "ConditionalExpression, StringLiteral (`value === ''`)", why: "`Date.parse('')` is NaN, which gives undefined on the next line." },
  { file: 'src/core/sessions/nodes.ts', line: 65, mutator: 'ConditionalExpression (long-key shortcut → false)', why: 'Encoding never shortens, so the length check after encoding digests the same keys; the shortcut only saves work.' },
  { file: 'src/core/sessions/nodes.ts', line: 77, mutator: 'ConditionalExpression (digest cache miss → true)', why: 'A cache: recomputing the SHA-256 gives the same digest.' },
  { file: 'src/core/sessions/layout.ts', line: 72, mutator: 'EqualityOperator (`> 1` → `>= 1`)', why: 'One type returned on the line before.' },
  { file: 'src/core/sessions/layout.ts', line: 74, mutator: "ConditionalExpression (`typeof s.type === 'string'` → true)", why: 'A Set of type names never holds undefined.' },
  { file: 'src/core/sessions/labels.ts', line: 57, mutator: 'ConditionalExpression (`remaining !== undefined` → true)', why: '`undefined > 0` is false.' },
  { file: 'src/core/sessions/text.ts', line: 38, mutator: 'ConditionalExpression (→ true), EqualityOperator (`>` → `>=`), ArithmeticOperator in the condition (×2)', why: 'Slicing a value no longer than the prefix to the prefix leaves it as it is; only the slice length matters, and that is tested.' },
  { file: 'src/core/sessions/sessionList.ts', line: 35, mutator: 'ConditionalExpression (length check → false), BooleanLiteral (not covered), EqualityOperator (line 36, `<` → `<=`)', why: "The keys of one stream always have one entry per level, so their lengths are equal; past the end both entries are undefined." },
  { file: 'src/core/sessions/sessionList.ts', line: 43, mutator: "StringLiteral (the root bucket's key; also lines 203, 244)", why: "The root bucket's key is never read." },
  { file: 'src/core/sessions/sessionList.ts', line: 136, mutator: 'ObjectLiteral (`{ session, keys }` → `{}`)', why: 'Both fields are assigned on the next two lines.' },
  { file: 'src/core/sessions/sessionList.ts', line: 154, mutator: 'ConditionalExpression, EqualityOperator (touched key of a flat stream)', why: 'A stream without levels redraws the whole tree and never reads `touched`.' },
  { file: 'src/core/sessions/sessionList.ts', line: 163, mutator: 'UpdateOperator (`unseen++` → `unseen--`)', why: 'Every reader only asks whether the count is zero.' },
  { file: 'src/core/sessions/sessionList.ts', line: 182, mutator: 'ConditionalExpression, EqualityOperator (`page.sessions.length > 0` in nothingNew)', why: 'An empty page ends paging on its own (`more` requires sessions).' },
  { file: 'src/core/sessions/sessionList.ts', line: 251, mutator: 'ConditionalExpression (→ true), EqualityOperator (`used > 0` → `>= 0`)', why: 'The first page of a reload is read into an empty seen-set, so it has unseen ids unless it is empty, which the next test rejects.' },
  { file: 'src/core/sessions/sessionList.ts', line: 279, mutator: 'ConditionalExpression (`field === undefined` → false), OptionalChaining (line 280)', why: 'Without a field both times read as undefined, which keeps the session as the early return does; a page reaching this is never empty (an empty page 1 is the whole list).' },
  { file: 'src/core/sessions/stream.ts', line: 69, mutator: 'BooleanLiteral (`stale = false` → true)', why: 'Before the first page every path loads page 1 anyway, and the first load (success or failure) clears it.' },
  { file: 'src/core/sessions/stream.ts', line: 87, mutator: "ConditionalExpression (state kind in the getters and retryMode, lines 87, 91, 96, 143)", why: 'Only the state of that kind has the field; read from another state it is undefined.' },
  { file: 'src/core/sessions/stream.ts', line: 123, mutator: 'ConditionalExpression, EqualityOperator (shown() re-waiting for a replaced request)', why: 'No load starts while one is on its way, so the pending load is never replaced while shown() waits.' },
  { file: 'src/core/sessions/stream.ts', line: 180, mutator: "ConditionalExpression (`state.kind === 'failed'` → true)", why: 'Only a failed state has `retry`.' },
  { file: 'src/core/sessions/stream.ts', line: 196, mutator: 'LogicalOperator, ConditionalExpression in `current()`', why: 'A load is only ever replaced by dispose, which also sets `disposed`: nothing starts while one is on its way.' },
  { file: 'src/core/sessions/stream.ts', line: 207, mutator: 'ConditionalExpression (`if (wasStale)` → true)', why: 'A group only goes stale while nothing is loading, so `stale` is false here unless it was at the start.' },
  { file: 'src/core/sessions/model.ts', line: 67, mutator: 'BooleanLiteral (root stream `expanded = true` → false)', why: 'Every path to a loaded root goes through shown(), which marks it expanded.' },
  { file: 'src/core/sessions/model.ts', line: 113, mutator: "StringLiteral (the root's key in the children map)", why: 'Any key works that no node id equals or starts with plus a slash.' },
  { file: 'src/core/sessions/model.ts', line: 150, mutator: 'ConditionalExpression (root-stream shortcut, and line 152)', why: "No node has the root stream's id, and a stream id only ever names a group." },
  { file: 'src/core/sessions/model.ts', line: 156, mutator: 'ConditionalExpression (disposed checks, lines 156 and 281)', why: 'After dispose no stream reports a change (their loads are dropped), and a second dispose repeats harmless work.' },
  { file: 'src/core/sessions/model.ts', line: 193, mutator: 'ArrayDeclaration, ConditionalExpression (line 196: pushing undefined)', why: 'Promise.all of extra non-promise values resolves the same.' },
  { file: 'src/core/sessions/model.ts', line: 226, mutator: 'ConditionalExpression (owner lookup for the root stream), ConditionalExpression (line 229, `!entry`)', why: 'A stream layout has no root groups to find, and prepending an accepted session always stores its entry.' },
];

/** Survivors that a test could kill but that were left, with why (few; see the report). */
export const LEFT_SURVIVORS: readonly EquivalentMutant[] = [
  { file: 'src/core/sessions/settings.ts', line: 55, mutator: '17 survivors, 2 not covered', why: 'Being refactored by another change: its tests belong with that work.' },
  { file: 'src/api/transport.ts', line: 43, mutator: 'StringLiteral (the "proxy host:port" log text)', why: 'Needs a proxy in a client test that reads the log.' },
  { file: 'src/core/sessions/sessionList.ts', line: 131, mutator: 'ConditionalExpression, and lines 278, 283 (sort edges)', why: 'Killable with an update-only page, a title sort with varied update times, and equal times in an ascending sort.' },
  { file: 'src/core/sessions/model.ts', line: 108, mutator: 'ConditionalExpression (disposed after waiting for a stale group)', why: 'Killable with a dispose during a stale group\'s refresh.' },
  { file: 'src/core/createFlow.ts', line: 79, mutator: 'StringLiteral (not covered)', why: "An out-of-range step fallback the class never produces." },
];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function mutationSection(summary: MutationSummary | undefined): string[] {
  const lines = ['## Mutation testing', ''];
  lines.push(
    '`npm run mutation` runs Stryker (stryker.config.mjs) on src/api and src/core with the mocha unit suite:',
    'each mutant is a small change to the code (a `>` for a `>=`, a deleted statement, a flipped condition), and',
    'a mutant no test notices is a survivor. The score of a folder is killed + timed out, of all valid mutants;',
    "the run fails when a folder is under its minimum (scripts/mutation.ts; src/core there means outside sessions).",
    'It is incremental (.cache/mutation/): only mutants whose code or covering tests changed are tried again,',
    'and `npm run mutation -- --mutate src/api/retry.ts` tries one file. Survivors are listed in',
    '.cache/mutation/mutation.json (status `Survived` or `NoCoverage`).',
    '',
  );
  if (!summary) {
    lines.push('Not run yet (`npm run mutation`).', '');
    return lines;
  }
  const total = summary.files.reduce((n, f) => n + f.killed + f.survived + f.noCoverage + f.timeout, 0);
  lines.push(
    `Last run of \`npm run mutation\`: **${total.toLocaleString('en-US')} valid mutants**, ${summary.minutes} min (${summary.finishedAt}; incremental, so most results were reused).`,
    FROM_SCRATCH_NOTE,
    '',
    '| Folder | Minimum | Score |',
    '| --- | --- | --- |',
    ...summary.folders.map((f) => `| ${f.folder} | ${f.minimum} % | ${f.score >= f.minimum ? '✅' : '❌'} ${f.score} % |`),
    '',
    '<details><summary>Per file</summary>',
    '',
    '| File | Score | Killed | Timed out | Survived | Not covered |',
    '| --- | --- | --- | --- | --- | --- |',
    ...summary.files.map((f) => `| ${f.file} | ${f.score} % | ${f.killed} | ${f.timeout} | ${f.survived} | ${f.noCoverage} |`),
    '',
    '</details>',
    '',
  );
  lines.push(
    '### Equivalent mutants',
    '',
    'Survivors that no input can tell from the code (listed here, not contorted into tests):',
    '',
    '| File | Line | Mutator | Why it is equivalent |',
    '| --- | --- | --- | --- |',
    ...EQUIVALENT_MUTANTS.map((m) => `| ${m.file} | ${m.line} | ${cell(m.mutator)} | ${cell(m.why)} |`),
    '',
    'Survivors left on purpose or not yet killed:',
    '',
    '| File | Line | Mutator | Why |',
    '| --- | --- | --- | --- |',
    ...LEFT_SURVIVORS.map((m) => `| ${m.file} | ${m.line} | ${cell(m.mutator)} | ${cell(m.why)} |`),
    '',
  );
  return lines;
}
