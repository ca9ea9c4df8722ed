// The connection: which base URL (user settings only), the key stored for its origin, and a
// client built from both on first use. Owns the `pgai.state` context key that drives the
// welcome views, and tells everyone when any of it changes (also from another window).
//
// A change (base URL, key, proxy) retires the current client. A retired client that someone
// holds a lease on (a create in flight) lives until the lease is released, so a POST is never
// aborted half-way by a setting changed in this or another window; everything else on it (the
// view's reads) is cancelled by its owner.
import * as vscode from 'vscode';
import { PgaiClient } from '../api/client';
import type { PgaiClientOptions } from '../api/clientOptions';
import { KEY_PROBLEM_SENTENCE, keyProblemOf, type PgaiError } from '../api/errors';
import type { SessionsApi } from '../api/sessionsApi';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../api/baseUrl';
import { ApiKeyStore } from '../core/keyStore';
import type { ConnectionState, SessionsConnection } from './contracts';
import { seedKeyFromEnvironment } from './seedKey';

const STATE_CONTEXT_KEY = 'pgai.state';
const BASE_URL_SETTING = 'apiBaseUrl';

/** A client plus its lifetime; what `createClient` returns. */
type DisposableApi = SessionsApi & { dispose(): Promise<void> | void };

/** A client held for one operation; it stays alive (for its origin and key) until released. */
interface ClientLease {
  readonly api: SessionsApi;
  /** The origin the lease's key was stored for; the connection may have moved on since. */
  readonly origin: string;
  release(): void;
}

/** The connection with the extras the key commands (and tests) need. */
export interface PgaiConnection extends SessionsConnection {
  /** The validated base URL, or undefined when the setting is invalid. */
  readonly baseUrl: string | undefined;
  readonly keys: ApiKeyStore;
  /** Resolves once the setting and the key have been read (after activation or a change). */
  whenReady(): Promise<void>;
  /**
   * Re-reads the setting and the key now (the secret change event also does, later).
   * `keyAccepted`: the user saved a key or asked to retry, so a previous 401/403 state is
   * cleared even when the key is the same one (the view then tries it again).
   */
  refresh(options?: { readonly keyAccepted?: boolean; readonly reason?: string }): Promise<void>;
  /** A separate client for `apiKey` at `baseUrl` (to check a key before saving it). */
  createClient(apiKey: string, baseUrl: string): DisposableApi;
  /** The current client, held until `release()` even if the connection changes meanwhile. */
  lease(): ClientLease | undefined;
}

/** How the connection's clients time and wait (the defaults, unless a test passes a fake clock). */
export type ClientTiming = Partial<Pick<PgaiClientOptions, 'attemptTimeoutMs' | 'totalTimeoutMs' | 'now' | 'sleep' | 'random'>>;

export function createConnection(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, timing: ClientTiming = {}): PgaiConnection {
  const connection = new Connection(context, log, timing);
  context.subscriptions.push(connection);
  return connection;
}

interface Held {
  readonly client: PgaiClient;
  leases: number;
  retired: boolean;
}

class Connection implements PgaiConnection {
  readonly keys: ApiKeyStore;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly userAgent: string;

  private current: ConnectionState = { kind: 'noKey' };
  private base: { baseUrl: string; origin: string } | undefined;
  private key: string | undefined;
  private client: Held | undefined;
  /** Retired clients still leased (a create in flight). */
  private readonly retiring = new Set<Held>();
  private generation = 0;
  private loading: Promise<void>;
  private warnedWorkspaceValue = false;
  /** Set when the user saved a key (again): a previous 401/403 no longer applies. */
  private forceReady = false;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly timing: ClientTiming,
  ) {
    this.keys = new ApiKeyStore(context.secrets);
    const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
    this.userAgent = `pgai-sessions-vscode/${version} vscode/${vscode.version}`;
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`pgai.${BASE_URL_SETTING}`)) {
          this.warnedWorkspaceValue = false;
          void this.reload('base URL changed');
        } else if (event.affectsConfiguration('http.proxy') || event.affectsConfiguration('http.noProxy')) {
          void this.reload('proxy changed', false, true);
        }
      }),
      this.keys.onDidChange(({ origin }) => {
        if (origin === this.base?.origin) void this.reload('API key changed');
      }),
    );
    this.loading = this.reload(undefined, true);
  }

  get state(): ConnectionState {
    return this.current;
  }

  get origin(): string | undefined {
    return this.base?.origin;
  }

  get baseUrl(): string | undefined {
    return this.base?.baseUrl;
  }

  get api(): SessionsApi | undefined {
    return this.held()?.client;
  }

  lease(): ClientLease | undefined {
    const held = this.held();
    const origin = this.base?.origin;
    if (!held || origin === undefined) return undefined;
    held.leases++;
    let released = false;
    return {
      api: held.client,
      origin,
      release: () => {
        if (released) return;
        released = true;
        held.leases--;
        if (held.retired && held.leases === 0) this.disposeHeld(held);
      },
    };
  }

  whenReady(): Promise<void> {
    return this.loading;
  }

  refresh(options: { readonly keyAccepted?: boolean; readonly reason?: string } = {}): Promise<void> {
    if (options.keyAccepted) this.forceReady = true;
    return this.reload(options.reason ?? 'reloaded');
  }

  retry(): Promise<void> {
    return this.refresh({ keyAccepted: true, reason: 'trying the saved API key again' });
  }

  createClient(apiKey: string, baseUrl: string): DisposableApi {
    return this.newClient(baseUrl, apiKey.trim());
  }

  reportAuthFailure(error: PgaiError): void {
    const problem = keyProblemOf(error);
    const kind = problem === 'forbidden' ? 'forbidden' : problem === 'rejected' ? 'authFailed' : undefined;
    if (!problem || !kind || this.key === undefined || this.current.kind === kind) return;
    this.log.warn(`${KEY_PROBLEM_SENTENCE[problem]} (The key saved for ${this.base?.origin ?? 'this API'}.)`);
    this.setState({ kind });
  }

  dispose(): void {
    this.disposed = true;
    this.generation += 1;
    if (this.client) this.disposeHeld(this.client);
    this.client = undefined;
    for (const held of this.retiring) this.disposeHeld(held);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private held(): Held | undefined {
    // After dispose there is no client: nothing may be sent once the extension is going away.
    if (this.disposed || !this.base || this.key === undefined) return undefined;
    this.client ??= { client: this.newClient(this.base.baseUrl, this.key), leases: 0, retired: false };
    return this.client;
  }

  private newClient(baseUrl: string, apiKey: string): PgaiClient {
    const http = vscode.workspace.getConfiguration('http');
    const proxy = http.get<string>('proxy')?.trim();
    const noProxy = http.get<unknown>('noProxy');
    return new PgaiClient({
      ...this.timing,
      baseUrl,
      apiKey,
      userAgent: this.userAgent,
      logger: this.log,
      ...(proxy ? { proxyUrl: proxy } : {}),
      ...(Array.isArray(noProxy) ? { noProxy: noProxy.filter((h): h is string => typeof h === 'string') } : {}),
    });
  }

  /** Re-reads the setting and the key; the last call wins when several overlap. */
  private reload(reason: string | undefined, activation = false, proxyChanged = false): Promise<void> {
    const generation = ++this.generation;
    this.loading = this.load(generation, reason, activation, proxyChanged).catch((error: unknown) => {
      this.log.error(`Could not read the PG:AI connection settings: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.loading;
  }

  private async load(generation: number, reason: string | undefined, activation: boolean, proxyChanged: boolean): Promise<void> {
    const parsed = parseBaseUrl(this.readBaseUrlSetting());
    let key: string | undefined;
    if (parsed.ok) {
      if (activation) await seedKeyFromEnvironment(this.keys, this.context.extensionMode, parsed.origin, this.log);
      key = await this.keys.get(parsed.origin);
    }
    if (generation !== this.generation) return;

    const newBase = parsed.ok ? { baseUrl: parsed.baseUrl, origin: parsed.origin } : undefined;
    const keyOrUrlChanged = newBase?.baseUrl !== this.base?.baseUrl || key !== this.key;
    const changed = proxyChanged || keyOrUrlChanged;
    this.base = newBase;
    this.key = key;
    if (changed) this.retireClient();
    const state = nextState({ parsed, key, current: this.current, keyOrUrlChanged, forceReady: this.forceReady });
    this.forceReady = false;
    if (!parsed.ok && (changed || activation)) this.log.warn(parsed.message);
    if (reason && (changed || state.kind !== this.current.kind)) this.log.info(`${reason}: ${this.describe(state)}`);
    const stateChanged = this.setState(state, activation);
    if (!stateChanged && changed) this.changed.fire();
  }

  /** Only the user (global) value or the default: a workspace must not redirect the key. */
  private readBaseUrlSetting(): unknown {
    const inspected = vscode.workspace.getConfiguration('pgai').inspect<unknown>(BASE_URL_SETTING);
    const ignored = inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
    if (ignored && !this.warnedWorkspaceValue) {
      this.warnedWorkspaceValue = true;
      this.log.warn('Ignoring pgai.apiBaseUrl from the workspace settings: it is read from user settings only, so a repository cannot redirect your API key.');
    }
    return inspected?.globalValue ?? inspected?.defaultValue ?? DEFAULT_BASE_URL;
  }

  private describe(state: ConnectionState): string {
    switch (state.kind) {
      case 'ready':
        return `using ${this.base?.baseUrl ?? '?'}`;
      case 'noKey':
        return `no API key saved for ${this.base?.origin ?? '?'}`;
      case 'badBaseUrl':
        return 'the API URL setting is not usable';
      default:
        return state.kind;
    }
  }

  /** Returns true (and fires) when the state changed. */
  private setState(state: ConnectionState, force = false): boolean {
    const same = this.current.kind === state.kind && (state.kind !== 'badBaseUrl' || (this.current.kind === 'badBaseUrl' && this.current.message === state.message));
    this.current = state;
    if (same && !force) return false;
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, state.kind);
    this.changed.fire();
    return true;
  }

  /** The current client is no longer the right one: dispose it now, or when its last lease ends. */
  private retireClient(): void {
    const held = this.client;
    this.client = undefined;
    if (!held) return;
    held.retired = true;
    if (held.leases > 0) this.retiring.add(held);
    else this.disposeHeld(held);
  }

  private disposeHeld(held: Held): void {
    this.retiring.delete(held);
    void held.client.dispose().catch(() => undefined);
  }
}

/**
 * The state after re-reading: no usable URL, no key, or ready; a 401/403 state stays until the
 * key or URL changes or the user saves or retries the key (`forceReady`), since a proxy change
 * or re-reading the same key does not make a rejected key valid.
 */
function nextState(c: {
  readonly parsed: ReturnType<typeof parseBaseUrl>;
  readonly key: string | undefined;
  readonly current: ConnectionState;
  readonly keyOrUrlChanged: boolean;
  readonly forceReady: boolean;
}): ConnectionState {
  if (!c.parsed.ok) return { kind: 'badBaseUrl', message: c.parsed.message };
  if (c.key === undefined) return { kind: 'noKey' };
  const rejected = c.current.kind === 'authFailed' || c.current.kind === 'forbidden';
  if (rejected && !c.keyOrUrlChanged && !c.forceReady) return c.current;
  return { kind: 'ready' };
}
