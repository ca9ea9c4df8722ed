// PG:AI: Create Session…: collects type/title/company (createSessionInput.ts), creates the
// session with progress and handles every outcome without losing what was typed. A POST whose
// outcome is unknown is never retried automatically: the first page is checked instead.
import * as vscode from 'vscode';
import { isPgaiError, type PgaiError } from '../../api/errors';
import type { SessionsApi } from '../../api/sessionsApi';
import { isSessionType, type Session } from '../../api/types';
import {
  DEFAULT_TITLE,
  findLikelyCreated,
  prefillAfterFailure,
  toCreateInput,
  validateCompanyId,
  type CreatePrefill,
  type CreateValues,
} from '../../core/createFlow';
import type { CreateSessionArgs, SessionsConnection, SessionsTree } from '../contracts';
import { collectCreateValues } from './createSessionInput';

/** The command's argument: `{ type }` from the tree, or the automation form with `noPrompt`. */
export interface CreateSessionCommandArgs extends CreateSessionArgs {
  readonly title?: string;
  readonly companyId?: string;
  /** Skip the quick input and create directly (automation and tests). */
  readonly noPrompt?: boolean;
}

/** What `noPrompt` mode returns when nothing was created: the message and the kept input. */
export interface CreateFailure {
  readonly error: string;
  readonly prefill: CreatePrefill;
}

/** How far back (before the POST started) a matching session still counts as ours. */
const LIKELY_CREATED_WINDOW_MS = 60_000;

type Outcome =
  | { readonly kind: 'created'; readonly session: Session }
  | { readonly kind: 'failed'; readonly failure: CreateFailure; readonly offerRetry: Promise<boolean> };

export function registerCreateSessionCommand(
  context: vscode.ExtensionContext,
  connection: SessionsConnection,
  tree: SessionsTree,
  log: vscode.LogOutputChannel,
): void {
  const creator = new SessionCreator(connection, tree, log);
  context.subscriptions.push(
    vscode.commands.registerCommand('pgai.createSession', (arg?: unknown) => creator.run(readArgs(arg))),
  );
}

function readArgs(arg: unknown): CreateSessionCommandArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  return {
    ...(isSessionType(a.type) ? { type: a.type } : {}),
    ...(typeof a.title === 'string' ? { title: a.title } : {}),
    ...(typeof a.companyId === 'string' ? { companyId: a.companyId } : {}),
    ...(a.noPrompt === true ? { noPrompt: true } : {}),
  };
}

function titleOf(values: CreateValues, session?: Session): string {
  return session?.title?.trim() || values.title.trim() || DEFAULT_TITLE;
}

class SessionCreator {
  constructor(
    private readonly connection: SessionsConnection,
    private readonly tree: SessionsTree,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async run(args: CreateSessionCommandArgs): Promise<Session | CreateFailure | undefined> {
    if (args.noPrompt) {
      const values: CreateValues = { type: args.type ?? 'chat', title: args.title ?? '', companyId: args.companyId ?? '' };
      const problem = validateCompanyId(values.companyId);
      if (problem !== undefined) return { error: problem, prefill: prefillAfterFailure(values, problem, 'company') };
      const outcome = await this.create(values);
      return outcome.kind === 'created' ? outcome.session : outcome.failure;
    }
    let prefill: CreatePrefill | undefined;
    for (;;) {
      const values = await collectCreateValues(
        { ...(args.type ? { type: args.type } : {}), ...(prefill ? { prefill } : {}) },
        { known: this.tree.knownCompanyIds(), filter: this.companyFilter() },
      );
      if (!values) return undefined;
      const outcome = await this.create(values);
      if (outcome.kind === 'created') return outcome.session;
      if (!(await outcome.offerRetry)) return undefined;
      prefill = outcome.failure.prefill;
    }
  }

  private companyFilter(): string | undefined {
    const value = vscode.workspace.getConfiguration('pgai').get<string>('sessions.filter.companyId')?.trim();
    return value ? value : undefined;
  }

  /** Sends the POST and handles the result; `offerRetry` resolves true to reopen the input. */
  private async create(values: CreateValues): Promise<Outcome> {
    const api = this.connection.api;
    if (!api) return this.noConnection(values);
    const input = toCreateInput(values);
    const knownIds = new Set(this.tree.loadedSessions().map((s) => s.id));
    const startedAt = Date.now();
    try {
      const session = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Creating PG:AI session…' },
        () => api.createSession(input),
      );
      this.log.info(`Created session ${session.id} (${input.type ?? 'chat'}).`);
      await this.announce(session, `Created session “${titleOf(values, session)}”.`);
      return { kind: 'created', session };
    } catch (error) {
      if (isPgaiError(error)) this.log.warn(`Creating a session failed (${error.kind}${error.status ? ` ${error.status}` : ''}): ${error.message}`);
      else this.log.error(error instanceof Error ? error : String(error));
      if (!isPgaiError(error)) return this.failed(values, 'Could not create the session: an unexpected error occurred (see the log).', 'company');
      if (error.status === 400 || (error.kind === 'badRequest' && error.status !== undefined)) return this.badRequest(values, error);
      if (error.kind === 'auth' || error.kind === 'permission') return this.authFailed(values, error);
      // The POST may have taken effect: a timeout or dropped connection after sending, or an
      // answer we could not read (e.g. a 201 with no body). Look before offering to retry.
      const outcomeUnknown = error.kind === 'timeout' || error.kind === 'connection' || error.kind === 'invalidResponse';
      if (outcomeUnknown && error.mayHaveReachedServer) {
        return this.uncertain(api, values, error, startedAt, knownIds);
      }
      return this.failed(values, `Could not create the session: ${error.message}`, 'company');
    }
  }

  private async announce(session: Session, text: string): Promise<void> {
    try {
      await this.tree.showCreatedSession(session);
    } catch (error) {
      this.log.warn(`Could not reveal the new session in the tree: ${error instanceof Error ? error.message : String(error)}`);
    }
    const open = 'Open Details';
    void vscode.window.showInformationMessage(text, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('pgai.openSessionDetails', session);
    });
  }

  /** A failure with "Try Again" (reopens the input prefilled at `step`). */
  private failed(values: CreateValues, message: string, step: CreatePrefill['step']): Outcome {
    const failure: CreateFailure = { error: message, prefill: prefillAfterFailure(values, undefined, step) };
    const again = 'Try Again';
    const offerRetry = Promise.resolve(vscode.window.showErrorMessage(message, again)).then((c) => c === again);
    return { kind: 'failed', failure, offerRetry };
  }

  /** 400: the server's message, and the input reopens at once with everything typed. */
  private badRequest(values: CreateValues, error: PgaiError): Outcome {
    const serverMessage = error.serverMessage ?? error.message;
    const message = `PG:AI did not accept the session: ${serverMessage}`;
    void vscode.window.showErrorMessage(message);
    return { kind: 'failed', failure: { error: message, prefill: prefillAfterFailure(values, serverMessage) }, offerRetry: Promise.resolve(true) };
  }

  private authFailed(values: CreateValues, error: PgaiError): Outcome {
    this.connection.reportAuthFailure(error);
    const message =
      error.kind === 'permission'
        ? 'Could not create the session: this API key lacks permission for agent sessions (403).'
        : 'Could not create the session: PG:AI rejected the API key (401).';
    const update = 'Update API Key';
    const offerRetry = Promise.resolve(vscode.window.showErrorMessage(message, update)).then(async (choice) => {
      if (choice !== update) return false;
      // Reopen the input (prefilled) only if a key was actually saved.
      return (await vscode.commands.executeCommand<boolean | undefined>('pgai.setApiKey')) === true;
    });
    return { kind: 'failed', failure: { error: message, prefill: prefillAfterFailure(values, undefined, 'company') }, offerRetry };
  }

  private noConnection(values: CreateValues): Outcome {
    const state = this.connection.state;
    const message =
      state.kind === 'badBaseUrl' ? state.message : 'Set your PG:AI API key before creating a session.';
    const action = state.kind === 'badBaseUrl' ? 'Open Setting' : 'Set API Key';
    const offerRetry = Promise.resolve(vscode.window.showErrorMessage(message, action)).then(async (choice) => {
      if (choice !== action) return false;
      if (state.kind === 'badBaseUrl') {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'pgai.apiBaseUrl');
        return false;
      }
      return (await vscode.commands.executeCommand<boolean | undefined>('pgai.setApiKey')) === true;
    });
    return { kind: 'failed', failure: { error: message, prefill: prefillAfterFailure(values, undefined, 'company') }, offerRetry };
  }

  /**
   * The request may have reached the server: no retry (it could create a duplicate). The first
   * page of that type, newest first, tells whether a session with that title just appeared.
   */
  private async uncertain(api: SessionsApi, values: CreateValues, error: PgaiError, startedAt: number, knownIds: ReadonlySet<string>): Promise<Outcome> {
    const input = toCreateInput(values);
    const title = titleOf(values);
    const whatFailed = error.kind === 'invalidResponse' ? "PG:AI's answer could not be read" : 'The connection failed';
    let found: Session | undefined;
    try {
      const page = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Checking whether the session was created…' },
        () => api.listSessions({ page: 1, perPage: 50, sortBy: 'created_at', sortOrder: 'desc', ...(input.type ? { type: input.type } : {}) }),
      );
      found = findLikelyCreated(page.sessions, { title: input.title, type: input.type }, startedAt - LIKELY_CREATED_WINDOW_MS, Date.now(), { excludeIds: knownIds });
    } catch (checkError) {
      const why = checkError instanceof Error ? checkError.message : String(checkError);
      this.log.warn(`Could not check whether the session was created: ${why}`);
      return this.failed(
        values,
        `${whatFailed} while creating “${title}” (${error.message}), and the check failed too. Refresh the view before trying again, so you don't create it twice.`,
        'company',
      );
    }
    if (found) {
      this.log.info(`${whatFailed}, but session ${found.id} with that title was created.`);
      await this.announce(found, `${whatFailed}, but the session “${titleOf(values, found)}” was created.`);
      return { kind: 'created', session: found };
    }
    this.log.info(`${whatFailed}, and no session with that title was found: probably not created.`);
    return this.failed(values, `${whatFailed} and the session “${title}” was probably not created (${error.message}).`, 'company');
  }
}
