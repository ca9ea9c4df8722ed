// One model's change polling: each tick is one poll (ChangeFeed) applied to the model. When more
// changed than a poll follows, the tick reloads the expanded groups instead; when the server
// turns out not to sort by `updated_at`, every later tick refreshes each expanded group (the
// per-group refresh), said once in the log. Ticks never overlap; a disposed poller drops what
// arrives.
import { isPgaiError, keyProblemOf, type PgaiError, withRequestId } from '../../api/errors';
import type { Logger } from '../../api/logger';
import type { Session } from '../../api/types';
import { ChangeFeed, pollQuery, type FetchPage } from './changePoll';
import type { SessionsModel } from './model';

export type TickResult =
  /** `observed`: the sessions the tick read, newest first (for watching); `changed`: the view changed. */
  | { readonly kind: 'polled'; readonly baseline: boolean; readonly observed: readonly Session[]; readonly changed: boolean; readonly requests: number }
  /** The expanded groups were refreshed instead (the server's order cannot be followed, or too much changed). */
  | { readonly kind: 'refreshed'; readonly reason: 'unsorted' | 'overflow'; readonly observed: readonly Session[]; readonly requests: number }
  | { readonly kind: 'failed'; readonly error: Error; readonly requests: number }
  /** Another tick was on its way, or the model is gone. */
  | { readonly kind: 'skipped' };

export class ChangePoller {
  private readonly feed: ChangeFeed;
  /** Why the server's order cannot be followed, once seen. */
  private unsortedReason: string | undefined;
  private running: Promise<TickResult> | undefined;
  /** The sessions the last poll read, by id (for a details page of a session no group has loaded). */
  private lastRead = new Map<string, Session>();
  private readonly controller = new AbortController();

  constructor(
    private readonly model: SessionsModel,
    private readonly fetchPage: FetchPage,
    private readonly logger: Logger,
    private readonly onAuthFailure: (error: PgaiError) => void = () => undefined,
  ) {
    this.feed = new ChangeFeed(pollQuery(model.settings));
  }

  /** Whether ticks follow changes with one request (false: the server does not sort by `updated_at`). */
  get following(): boolean {
    return this.unsortedReason === undefined;
  }

  /** A session as the last poll read it. */
  lastCopy(id: string): Session | undefined {
    return this.lastRead.get(id);
  }

  /** Requests the next tick is expected to make: one, or one per expanded group when refreshing each. */
  nextCost(): number {
    if (this.following) return 1;
    return Math.max(1, this.model.overview.refreshCost());
  }

  /** One tick; `watched`: watched sessions in progress, which the poll's query must cover. */
  tick(watched: readonly Session[] = []): Promise<TickResult> {
    if (this.running || this.model.isDisposed || this.controller.signal.aborted) return Promise.resolve({ kind: 'skipped' });
    const run = this.run(watched).finally(() => {
      this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run(watched: readonly Session[]): Promise<TickResult> {
    if (!this.following) return this.refreshInstead('unsorted', 0);
    this.feed.setQuery(pollQuery(this.model.settings, watched));
    try {
      const outcome = await this.feed.poll(this.fetchPage, this.controller.signal);
      if (this.model.isDisposed || this.controller.signal.aborted) return { kind: 'skipped' };
      if (outcome.kind === 'unsorted') {
        this.unsortedReason = outcome.reason;
        this.logger.warn(`Sessions: following changes with one request needs the server to sort by updated_at, and ${outcome.reason}; each check refreshes the expanded groups instead.`);
        return this.refreshInstead('unsorted', outcome.requests);
      }
      if (outcome.kind === 'overflow') {
        this.logger.info(`Sessions: more than ${outcome.requests} pages of sessions changed since the last check; reloading the expanded groups.`);
        const refreshed = await this.refreshInstead('overflow', outcome.requests);
        return { ...refreshed, observed: outcome.received };
      }
      this.lastRead = new Map(outcome.received.map((s) => [s.id, s]));
      const sessions = outcome.baseline ? outcome.received : outcome.changed;
      const changed = this.model.applyChanges(sessions, outcome.since, outcome.baseline);
      if (outcome.changed.length > 0) this.logger.debug(`Sessions: ${outcome.changed.length} session(s) changed since the last check.`);
      return { kind: 'polled', baseline: outcome.baseline, observed: outcome.received, changed, requests: outcome.requests };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (isPgaiError(err) && keyProblemOf(err)) this.onAuthFailure(err);
      if (!isPgaiError(err, 'cancelled')) this.logger.debug(`Sessions: checking for changes failed: ${withRequestId(error)}`);
      return { kind: 'failed', error, requests: 1 };
    }
  }

  private async refreshInstead(reason: 'unsorted' | 'overflow', requests: number): Promise<Extract<TickResult, { kind: 'refreshed' }>> {
    const cost = this.model.overview.refreshCost();
    await this.model.refresh();
    return { kind: 'refreshed', reason, observed: this.model.overview.loadedSessions(), requests: requests + cost };
  }

  dispose(): void {
    this.controller.abort();
  }
}
