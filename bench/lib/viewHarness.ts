// The Sessions view on a simulated clock, for the request-counting sections (4, 6): a sandbox
// and the REAL PgaiClient reading the same clock (the client's waits advance it), the REAL
// SessionsTreeProvider over the vscode stand-in, and a small stand-in of VS Code's tree widget
// that asks for children the way VS Code does: root first, then every expanded element again
// when it (or the whole tree) is reported changed.
import '../../test/support/vscode-stand-in.cjs';
import { PgaiClient } from '../../src/api/client';
import { silentLogger } from '../../src/api/logger';
import type { CallOptions, ListQuery, SessionPage } from '../../src/api/types';
import type { TreeNode } from '../../src/core/sessions/nodes';
import type { SessionsSettings } from '../../src/core/sessions/sessionsSettings';
import type { SessionsConnection } from '../../src/vscode/contracts';
import { SessionsTreeProvider } from '../../src/vscode/tree/provider';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export interface Clock {
  now: number;
}

/** A sandbox (standard limit, 60 requests a minute per key) and a client, both on `clock`. */
export function harness(clock: Clock, options: SandboxOptions = {}): Promise<{ sandbox: Sandbox; client: PgaiClient }> {
  return startSandbox({ port: 0, rateLimit: { limit: 60, windowMs: 60_000 }, now: () => clock.now, ...options }).then((sandbox) => ({
    sandbox,
    client: new PgaiClient({
      baseUrl: sandbox.baseUrl,
      apiKey: sandbox.apiKey,
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
    }),
  }));
}

/** VS Code's side of the tree, reduced to what decides requests: which elements it asks children of. */
class ViewStandIn {
  readonly expanded = new Set<string>();
  private readonly pending: Promise<unknown>[] = [];

  constructor(private readonly provider: SessionsTreeProvider) {
    provider.onDidChangeTreeData((change) => {
      const nodes = change === undefined ? [undefined] : Array.isArray(change) ? change : [change];
      for (const node of nodes) {
        if (node === undefined || this.expanded.has(node.id)) this.pending.push(this.render(node));
      }
    });
  }

  async render(node?: TreeNode): Promise<TreeNode[]> {
    const children = await this.provider.getChildren(node);
    for (const child of children) {
      this.provider.getTreeItem(child);
      if (child.kind === 'group' && this.expanded.has(child.id)) await this.render(child);
    }
    return children;
  }

  async expand(node: TreeNode): Promise<void> {
    this.expanded.add(node.id);
    // The stand-in's TreeView fires what VS Code fires when a user expands the node.
    (this.provider.view as unknown as { expand(n: TreeNode): void }).expand(node);
    await this.render(node);
    await this.settle();
  }

  async settle(): Promise<void> {
    while (this.pending.length > 0) await Promise.all(this.pending.splice(0));
  }
}

export interface LiveView {
  readonly clock: Clock;
  readonly sandbox: Sandbox;
  readonly client: PgaiClient;
  readonly provider: SessionsTreeProvider;
  readonly view: ViewStandIn;
  /** Lets the provider's own requests (a refresh) finish, then VS Code's re-rendering. */
  readonly idle: () => Promise<void>;
  readonly close: () => Promise<void>;
}

/** The view over a fresh sandbox; nothing is requested until the view stand-in asks. */
export async function openLiveView(clock: Clock, settings: SessionsSettings, options: SandboxOptions = {}): Promise<LiveView> {
  const { sandbox, client } = await harness(clock, options);
  const connection = {
    state: { kind: 'ready' },
    api: client,
    origin: sandbox.origin,
    onDidChange: () => ({ dispose: () => undefined }),
    reportAuthFailure: () => undefined,
    retry: () => Promise.resolve(),
    dispose: () => undefined,
  } as unknown as SessionsConnection;
  const provider = new SessionsTreeProvider(connection, settings, silentLogger);
  const view = new ViewStandIn(provider);
  let inFlight = 0;
  const original = client.listSessions.bind(client);
  client.listSessions = async (query: ListQuery, signal?: AbortSignal, options?: CallOptions): Promise<SessionPage> => {
    inFlight++;
    try {
      return await original(query, signal, options);
    } finally {
      inFlight--;
    }
  };
  const busy = async () => {
    await new Promise((r) => setImmediate(r));
    return inFlight > 0;
  };
  return {
    clock,
    sandbox,
    client,
    provider,
    view,
    idle: async () => {
      for (let i = 0; i < 200 && (await busy()); i++) await new Promise((r) => setTimeout(r, 2));
      await view.settle();
    },
    close: async () => {
      provider.dispose();
      await client.dispose();
      await sandbox.close();
    },
  };
}
