// PG:AI: Create Session…: collects type/title/company (createSessionInput.ts), creates the
// session (core/createSession.ts: one POST, read back when the outcome is unknown) and turns
// each outcome into one message with the actions that fit it. Nothing typed is lost: a failure
// offers Try Again prefilled, and the next Create Session within RESTORE_MS offers it again.
import * as vscode from 'vscode';
import { keyProblemOf, type PgaiError } from '../../api/errors';
import type { Session } from '../../api/types';
import { RecentCompanies, companyHints } from '../../core/companies';
import { parseTitleLimit, prefillAfterFailure, stepForServerMessage, toCreateInput, validateCompanyId, validateTitle, type CreatePrefill, type CreateValues } from '../../core/createFlow';
import { outcomeLogLine, outcomeReport, titleOf, type CreateReport as Report } from '../../core/createReport';
import { createSession, findEarlierAttempt, type CreateOutcome } from '../../core/createSession';
import { SETTING_KEYS } from '../../core/sessions/sessionsSettings';
import { clockTime } from '../../core/sessions/labels';
import { sessionLabel } from '../../core/sessions/text';
import { SECTION } from '../tree/configuration';
import type { PgaiConnection } from '../connection';
import type { SessionsTree } from '../contracts';
import { argsPrefill, readArgs, type CreateSessionCommandArgs } from './createSessionArgs';
import { collectCreateValues } from './createSessionInput';

/** What `noPrompt` mode returns when nothing is known to be created: the message and the kept input. */
export interface CreateFailure {
  readonly error: string;
  readonly prefill: CreatePrefill;
  /** The outcome's kind (notCreated, unknown, ambiguous, createdUnseen). */
  readonly outcome: CreateOutcome['kind'];
  /** For notCreated: PG:AI refused it or it was never sent (else: reading back found nothing). */
  readonly certain?: boolean;
}

/** How long what was typed in a failed create is offered again. */
const RESTORE_MS = 10 * 60_000;

interface Result {
  /** Set when the session exists. */
  readonly session?: Session;
  /** For notCreated: certain (refused, or never sent). */
  readonly certain?: boolean;
  /** Sessions that may be it (several after an unknown outcome). */
  readonly matches: readonly Session[];
  readonly report: Report;
  readonly prefill: CreatePrefill;
  readonly outcome: CreateOutcome['kind'];
}

export function registerCreateSessionCommand(
  context: vscode.ExtensionContext,
  connection: PgaiConnection,
  tree: SessionsTree,
  log: vscode.LogOutputChannel,
  /** How the second read-back waits (a fake clock in tests). */
  sleep?: (ms: number) => Promise<void>,
  /** Told of each session created (and seen) on the current origin: it is watched. */
  onCreated?: (session: Session) => void,
): void {
  const companies = new RecentCompanies(context.globalState, (error) => log.warn(`Create Session: could not keep the companies used last: ${String(error)}`));
  const creator = new SessionCreator(connection, tree, log, sleep, onCreated, companies);
  context.subscriptions.push(creator, vscode.commands.registerCommand('pgai.createSession', (arg?: unknown) => creator.run(readArgs(arg))));
}

class SessionCreator implements vscode.Disposable {
  /** Aborted when the extension goes away: a POST in flight then ends without a message. */
  private readonly lifetime = new AbortController();
  /** What the last create that did not succeed was given, to offer again. */
  private unfinished: { readonly values: CreateValues; readonly at: number } | undefined;
  /**
   * The last attempt whose outcome stayed unknown (read back found nothing, or failed): before the
   * same values are sent again, reading back looks for it once more, so Try Again never makes a
   * second session (a list can lag behind a create).
   */
  private uncertain: { readonly values: CreateValues; readonly startedAt: number } | undefined;
  /**
   * The longest title each API origin accepts, learnt from its 400s ("title must be at most 500
   * characters") and kept for this window's life: the title step then checks it as you type.
   */
  private readonly titleMax = new Map<string, number>();

  constructor(
    private readonly connection: PgaiConnection,
    private readonly tree: SessionsTree,
    private readonly log: vscode.LogOutputChannel,
    private readonly sleep: ((ms: number) => Promise<void>) | undefined,
    private readonly onCreated: ((session: Session) => void) | undefined,
    private readonly companies: RecentCompanies,
  ) {}

  dispose(): void {
    this.lifetime.abort();
  }

  async run(args: CreateSessionCommandArgs): Promise<Session | CreateFailure | undefined> {
    if (args.noPrompt) {
      const values: CreateValues = { type: args.type ?? 'chat', title: args.title ?? '', companyId: args.companyId ?? '' };
      const problem = validateCompanyId(values.companyId);
      if (problem !== undefined) return { error: problem, prefill: prefillAfterFailure(values, problem, 'company'), outcome: 'notCreated' };
      const tooLong = validateTitle(values.title, this.knownTitleMax(), vscode.env.language);
      if (tooLong !== undefined) return { error: tooLong, prefill: prefillAfterFailure(values, tooLong, 'title'), outcome: 'notCreated', certain: true };
      const result = await this.create(values);
      void this.show(result, values);
      return result.session ?? { error: result.report.message, prefill: result.prefill, outcome: result.outcome, ...(result.certain === undefined ? {} : { certain: result.certain }) };
    }
    let prefill = argsPrefill(args) ?? (args.type === undefined ? this.restorable() : undefined);
    for (;;) {
      const titleMax = this.knownTitleMax();
      const values = await collectCreateValues(
        { ...(args.type ? { type: args.type } : {}), ...(prefill ? { prefill } : {}), ...(titleMax === undefined ? {} : { titleMax }), locale: vscode.env.language },
        { known: this.tree.knownCompanyIds(), filter: this.companyFilter(), recent: this.companies.list(this.connection.origin), hints: companyHints(this.tree.loadedSessions(), Date.now()) },
      );
      if (!values) return undefined;
      const result = await this.create(values);
      if (result.session) {
        void this.show(result, values);
        return result.session;
      }
      if (!result.report.reopenNow && !(await this.show(result, values))) return undefined;
      prefill = result.prefill;
    }
  }

  /** The title limit learnt for the current API origin, if any. */
  private knownTitleMax(): number | undefined {
    const origin = this.connection.origin;
    return origin === undefined ? undefined : this.titleMax.get(origin);
  }

  /** The values of a recent failed create, offered on the first step. */
  private restorable(): CreatePrefill | undefined {
    const kept = this.unfinished;
    if (!kept || Date.now() - kept.at > RESTORE_MS) return undefined;
    return { values: kept.values, step: 'type', message: `Restored what you typed at ${clockTime(kept.at)}` };
  }

  private companyFilter(): string | undefined {
    const value = vscode.workspace.getConfiguration(SECTION).get<string>(SETTING_KEYS.companyId)?.trim();
    return value ? value : undefined;
  }

  /**
   * Sends the POST on one leased client (a key or base URL change meanwhile does not abort it)
   * and decides what to tell the user. `session` is set when the session exists.
   */
  private async create(values: CreateValues): Promise<Result> {
    const lease = this.connection.lease();
    const prefill = prefillAfterFailure(values, undefined, 'company');
    if (!lease) {
      this.unfinished = { values, at: Date.now() };
      return { report: this.noConnection(), prefill, outcome: 'notCreated', matches: [] };
    }
    const input = toCreateInput(values);
    const earlier = this.uncertain !== undefined && sameValues(this.uncertain.values, values) && Date.now() - this.uncertain.startedAt < RESTORE_MS ? this.uncertain : undefined;
    const knownIds = new Set(this.tree.loadedSessions().map((s) => s.id));
    const startedAt = Date.now();
    let outcome: CreateOutcome;
    try {
      outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Creating PG:AI session…' }, async (progress) => {
        if (earlier) {
          progress.report({ message: 'checking whether the last attempt created it…' });
          const found = await findEarlierAttempt(input, { api: lease.api, knownIds, signal: this.lifetime.signal }, Date.now() - earlier.startedAt);
          if (found) return found;
        }
        return createSession(input, {
          api: lease.api,
          knownIds,
          signal: this.lifetime.signal,
          ...(this.sleep ? { sleep: this.sleep } : {}),
          onReadBack: () => progress.report({ message: 'checking whether it was created…' }),
        });
      });
    } finally {
      lease.release();
    }
    this.uncertain = outcome.kind === 'unknown' || (outcome.kind === 'notCreated' && !outcome.certain) ? { values, startedAt: earlier?.startedAt ?? startedAt } : undefined;
    const logged = outcomeLogLine(outcome, input.type ?? 'chat');
    this.log[logged.level](logged.line);
    const report = outcomeReport(outcome, values, vscode.env.language);
    switch (outcome.kind) {
      case 'created':
        this.unfinished = undefined;
        this.companies.use(lease.origin, values.companyId);
        if (this.connection.origin === lease.origin) this.onCreated?.(outcome.session);
        await this.reveal(outcome.session, lease.origin);
        return { session: outcome.session, matches: [outcome.session], report, prefill, outcome: outcome.kind };
      case 'createdUnseen':
      case 'ambiguous':
        this.unfinished = undefined;
        if (outcome.kind === 'createdUnseen') this.tree.refresh();
        return { report, matches: outcome.matches, prefill, outcome: outcome.kind };
      case 'unknown':
        this.unfinished = { values, at: Date.now() };
        return { report, matches: [], prefill, outcome: outcome.kind };
      case 'notCreated':
        this.unfinished = { values, at: Date.now() };
        if (outcome.certain && keyProblemOf(outcome.error)) this.connection.reportAuthFailure(outcome.error);
        this.learnTitleMax(outcome.error, lease.origin);
        return { report, matches: [], prefill: this.prefillFor(values, outcome.error, report), outcome: outcome.kind, certain: outcome.certain };
      case 'cancelled':
        return { report, matches: [], prefill, outcome: outcome.kind };
    }
  }

  /** After a 400 the input reopens on the step the server's message names, with the report's sentence (said there once, not also as a notification). */
  private prefillFor(values: CreateValues, error: PgaiError, report: Report): CreatePrefill {
    if (error.kind !== 'badRequest') return prefillAfterFailure(values, undefined, 'company');
    return prefillAfterFailure(values, report.message, stepForServerMessage(error.serverMessage ?? error.message));
  }

  private learnTitleMax(error: PgaiError, origin: string): void {
    if (error.kind !== 'badRequest') return;
    const max = parseTitleLimit(error.serverMessage);
    if (max === undefined || this.titleMax.get(origin) === max) return;
    this.titleMax.set(origin, max);
    this.log.info(`PG:AI accepts titles of up to ${max} characters (from its 400); the title step now checks it.`);
  }

  private noConnection(): Report {
    const state = this.connection.state;
    if (state.kind === 'badBaseUrl') return { message: state.message, severity: 'error', actions: ['Open Setting'] };
    return { message: 'Set your PG:AI API key before creating a session.', severity: 'error', actions: ['Set API Key'] };
  }

  /** Shows the new session in the tree, unless the view now shows another API (the origin changed meanwhile). */
  private async reveal(session: Session, origin: string): Promise<void> {
    if (this.connection.origin !== origin) {
      this.log.info(`The session was created on ${origin}, but the view now shows ${this.connection.origin ?? 'no API'}; not added to it.`);
      return;
    }
    try {
      await this.tree.showCreatedSession(session);
    } catch (error) {
      this.log.warn(`Could not reveal the new session in the tree: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Shows the report (one notification) and runs the chosen action. Resolves true when the
   * input should reopen prefilled (Try Again, or a key was saved after Set/Update API Key).
   */
  private async show(result: Result, values: CreateValues): Promise<boolean> {
    const { report } = result;
    if (this.lifetime.signal.aborted || report.message === '') return false;
    const notify = report.severity === 'info' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    const choice = await notify(report.message, ...report.actions);
    switch (choice) {
      case 'Try Again':
        return true;
      case 'Open Details':
        if (result.session) await vscode.commands.executeCommand('pgai.openSessionDetails', result.session);
        return false;
      case 'Refresh Sessions':
        await vscode.commands.executeCommand('pgai.refreshSessions');
        return false;
      case 'Pick the Session':
        await this.pick(result.matches, values);
        return false;
      case 'Open Setting':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'pgai.apiBaseUrl');
        return false;
      case 'Set API Key':
      case 'Update API Key':
        return (await vscode.commands.executeCommand<boolean | undefined>('pgai.setApiKey')) === true;
      default:
        return false;
    }
  }

  private async pick(matches: readonly Session[], values: CreateValues): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      matches.map((s) => ({ label: sessionLabel(s.title), description: s.createdAt ? `created ${clockTime(Date.parse(s.createdAt))}` : undefined, detail: s.id, session: s })),
      { title: `Sessions named “${titleOf(values)}” created just now` },
    );
    if (picked) await vscode.commands.executeCommand('pgai.openSessionDetails', picked.session);
  }
}

function sameValues(a: CreateValues, b: CreateValues): boolean {
  return a.type === b.type && a.title.trim() === b.title.trim() && a.companyId.trim().toLowerCase() === b.companyId.trim().toLowerCase();
}
