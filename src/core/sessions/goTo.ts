// Go to Session: the choices (every loaded session once, then what PG:AI's `search` found that
// is not loaded) and the search as you type, debounced, each keystroke cancelling the request
// before it, so only the answer to the text on screen is shown.
import type { Session } from '../../api/types';
import { statusAndTime } from './labels';
import { relativeTime } from './relativeTime';
import { statusInfo } from './statusInfo';
import type { Timers } from './stream';
import { cleanText, sessionLabel, truncate } from './text';
import { typeGroupInfo, typeKeyOf } from './typeInfo';

/** How long typing must pause before PG:AI is asked. */
export const SEARCH_DELAY_MS = 250;
/** Sessions one search asks for. */
export const SEARCH_PAGE_SIZE = 25;

export interface GoToChoice {
  readonly session: Session;
  readonly label: string;
  /** "Chat · Running · 5 min ago" */
  readonly description: string;
  /** The company, when there is one. */
  readonly detail?: string;
  /** Found by PG:AI's search (not loaded): shown whatever the typed text matches in it. */
  readonly found: boolean;
}

/** Words of a status, per status string: thousands of sessions share a handful of statuses. */
type StatusWords = Map<string | undefined, string>;

function choice(session: Session, now: number, found: boolean, statusWords: StatusWords): GoToChoice {
  const type = typeGroupInfo(typeKeyOf(session.type)).label;
  const detail = session.companyId ? `Company ${truncate(cleanText(session.companyId), 60)}` : undefined;
  let status = statusWords.get(session.status);
  if (status === undefined) {
    status = statusInfo(session.status).label;
    if (statusWords.size < 256) statusWords.set(session.status, status);
  }
  const description = `${type} · ${statusAndTime(status, relativeTime(session.updatedAt ?? session.createdAt, now))}`;
  return { session, label: sessionLabel(session.title), description, found, ...(detail ? { detail } : {}) };
}

/** Loaded sessions first (in the view's order), then found ones not loaded; each id once. */
export function goToChoices(loaded: readonly Session[], found: readonly Session[], now: number): GoToChoice[] {
  const seen = new Set<string>();
  const statusWords: StatusWords = new Map();
  const out: GoToChoice[] = [];
  for (const [list, isFound] of [[loaded, false], [found, true]] as const) {
    for (const session of list) {
      if (seen.has(session.id)) continue;
      seen.add(session.id);
      out.push(choice(session, now, isFound, statusWords));
    }
  }
  return out;
}

/**
 * Asks PG:AI's search for the text being typed: after SEARCH_DELAY_MS without typing, one
 * request, the one before it cancelled. `onResults` gets the sessions found for the current
 * text only; `onBusy` says when a request is on its way.
 */
export class SearchAsYouType {
  private timer: unknown;
  private controller: AbortController | undefined;
  private text = '';
  private disposed = false;

  constructor(
    private readonly search: (text: string, signal: AbortSignal) => Promise<readonly Session[]>,
    private readonly timers: Timers,
    private readonly onResults: (text: string, sessions: readonly Session[]) => void,
    private readonly onBusy: (busy: boolean) => void = () => undefined,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  type(value: string): void {
    if (this.disposed) return;
    this.text = value.trim();
    this.cancel();
    if (this.text === '') {
      this.onResults('', []);
      return;
    }
    this.timer = this.timers.setTimeout(() => void this.run(this.text), SEARCH_DELAY_MS);
  }

  private async run(text: string): Promise<void> {
    this.timer = undefined;
    const controller = new AbortController();
    this.controller = controller;
    this.onBusy(true);
    try {
      const sessions = await this.search(text, controller.signal);
      if (controller.signal.aborted || this.disposed || text !== this.text) return;
      this.onResults(text, sessions);
    } catch (error) {
      if (!controller.signal.aborted && !this.disposed) this.onError(error);
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        if (!this.disposed) this.onBusy(false);
      }
    }
  }

  private cancel(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.controller === undefined) return;
    this.controller.abort();
    this.controller = undefined;
    if (!this.disposed) this.onBusy(false);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}
