// The connection: which base URL (user settings only), the key stored for its origin, and a
// client built from both on first use. Owns the `pgai.state` context key that drives the
// welcome views, and tells everyone when any of it changes (also from another window).
import * as vscode from 'vscode';
import { PgaiClient } from '../api/client';
import type { PgaiError } from '../api/errors';
import type { SessionsApi } from '../api/sessionsApi';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../core/baseUrl';
import { ApiKeyStore } from '../core/keyStore';
import type { ConnectionState, SessionsConnection } from './contracts';

export const STATE_CONTEXT_KEY = 'pgai.state';
const BASE_URL_SETTING = 'apiBaseUrl';

/** A client plus its lifetime; what `createClient` returns. */
export type DisposableApi = SessionsApi & { dispose(): Promise<void> | void };

/** The connection with the extras the key commands (and tests) need. */
export interface PgaiConnection extends SessionsConnection {
  /** The validated base URL, or undefined when the setting is invalid. */
  readonly baseUrl: string | undefined;
  readonly keys: ApiKeyStore;
  /** Resolves once the setting and the key have been read (after activation or a change). */
  whenReady(): Promise<void>;
  /**
   * Re-reads the setting and the key now (the secret change event also does, later).
   * `keyAccepted`: the user just saved a key, so a previous 401/403 state is cleared even when
   * the key is the same one.
   */
  refresh(options?: { readonly keyAccepted?: boolean; readonly reason?: string }): Promise<void>;
  /** A separate client for `apiKey` at the current base URL (to check a key before saving it). */
  createClient(apiKey: string): DisposableApi | undefined;
}

export function createConnection(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): PgaiConnection {
  const connection = new Connection(context, log);
  context.subscriptions.push(connection);
  return connection;
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
  private client: PgaiClient | undefined;
  private generation = 0;
  private loading: Promise<void>;
  private warnedWorkspaceValue = false;
  /** Set when the user saved a key (again): a previous 401/403 no longer applies. */
  private forceReady = false;

  constructor(
    context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.keys = new ApiKeyStore(context.secrets);
    const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
    this.userAgent = `pgai-sessions-vscode/${version} vscode/${vscode.version}`;
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`pgai.${BASE_URL_SETTING}`)) {
          this.warnedWorkspaceValue = false;
          void this.reload('base URL changed');
        } else if (event.affectsConfiguration('http.proxy')) {
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
    if (!this.base || this.key === undefined) return undefined;
    this.client ??= this.newClient(this.key);
    return this.client;
  }

  whenReady(): Promise<void> {
    return this.loading;
  }

  refresh(options: { readonly keyAccepted?: boolean; readonly reason?: string } = {}): Promise<void> {
    if (options.keyAccepted) this.forceReady = true;
    return this.reload(options.reason ?? 'reloaded');
  }

  createClient(apiKey: string): DisposableApi | undefined {
    return this.base ? this.newClient(apiKey.trim()) : undefined;
  }

  reportAuthFailure(error: PgaiError): void {
    const kind = error.status === 403 || error.kind === 'permission' ? 'forbidden' : error.status === 401 || error.kind === 'auth' ? 'authFailed' : undefined;
    if (!kind || this.key === undefined || this.current.kind === kind) return;
    this.log.warn(
      kind === 'authFailed'
        ? `PG:AI rejected the API key saved for ${this.base?.origin ?? 'this API'} (401).`
        : `The API key saved for ${this.base?.origin ?? 'this API'} lacks permission for agent sessions (403).`,
    );
    this.setState({ kind });
  }

  dispose(): void {
    this.generation += 1;
    this.disposeClient();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private newClient(apiKey: string): PgaiClient {
    const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy')?.trim();
    return new PgaiClient({
      baseUrl: this.base?.baseUrl ?? DEFAULT_BASE_URL,
      apiKey,
      userAgent: this.userAgent,
      logger: this.log,
      ...(proxy ? { proxyUrl: proxy } : {}),
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
      if (activation) await this.seedKey(parsed.origin);
      key = await this.keys.get(parsed.origin);
    }
    if (generation !== this.generation) return;

    const newBase = parsed.ok ? { baseUrl: parsed.baseUrl, origin: parsed.origin } : undefined;
    const changed = proxyChanged || newBase?.baseUrl !== this.base?.baseUrl || key !== this.key;
    const rejected = this.current.kind === 'authFailed' || this.current.kind === 'forbidden';
    this.base = newBase;
    this.key = key;
    if (changed) this.disposeClient();
    const state: ConnectionState = !parsed.ok
      ? { kind: 'badBaseUrl', message: parsed.message }
      : key === undefined
        ? { kind: 'noKey' }
        : rejected && (proxyChanged || !changed) && !this.forceReady
          ? this.current // a proxy change, or nothing new, does not make a rejected key valid
          : { kind: 'ready' };
    this.forceReady = false;
    if (!parsed.ok && changed) this.log.warn(parsed.message);
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

  /** For `npm start` and automation: stores PGAI_SEED_API_KEY once for PGAI_SEED_API_ORIGIN. */
  private async seedKey(origin: string): Promise<void> {
    const seed = process.env.PGAI_SEED_API_KEY?.trim();
    const seedOrigin = process.env.PGAI_SEED_API_ORIGIN?.trim();
    if (!seed || !seedOrigin) return;
    let wanted: string;
    try {
      wanted = new URL(seedOrigin).origin;
    } catch {
      return;
    }
    if (wanted !== origin || (await this.keys.get(origin)) !== undefined) return;
    await this.keys.set(origin, seed);
    this.log.info(`Stored the API key provided by the environment for ${origin}.`);
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

  private disposeClient(): void {
    const client = this.client;
    this.client = undefined;
    if (client) {
      void client.dispose().catch(() => undefined);
    }
  }
}
