// How often the view looks for changes. Fast while a watched session is in progress and the
// window has focus; slower while the window is unfocused or only the view is open; never while
// nothing is watched and the view is hidden. Right after a create it looks again soon, since a
// new session starts moving at once.
/** The first look after a create. */
const AFTER_CREATE_MS = 3000;
/** The slowest pace while the window is unfocused. */
const UNFOCUSED_MIN_SECONDS = 60;
/** The pace while the view is open and nothing watched is in progress. */
const IDLE_MIN_SECONDS = 30;

export interface PaceConditions {
  /** `pgai.sessions.pollSeconds`; 0 = change polling off. */
  readonly seconds: number;
  readonly focused: boolean;
  readonly visible: boolean;
  /** Some watched session is in progress (or waits for input). */
  readonly watchedActive: boolean;
  /** A session was created since the last look. */
  readonly justCreated: boolean;
}

/** Milliseconds until the next look, or undefined for none. */
export function pollDelay(c: PaceConditions): number | undefined {
  if (c.seconds <= 0) return undefined;
  if (!c.visible && !c.watchedActive) return undefined;
  if (c.justCreated) return AFTER_CREATE_MS;
  if (!c.focused) return Math.max(c.seconds * 4, UNFOCUSED_MIN_SECONDS) * 1000;
  if (c.watchedActive) return c.seconds * 1000;
  return Math.max(c.seconds * 2, IDLE_MIN_SECONDS) * 1000;
}
