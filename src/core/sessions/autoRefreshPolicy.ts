// When an automatic refresh may run: the view is visible, the window focused, and the API's
// rate-limit budget is above a floor (so auto-refresh never spends the last requests a user's
// own clicks may need).
import type { RateLimitSnapshot } from '../../api/types';

const RATE_LIMIT_FLOOR = 10;
const RATE_LIMIT_FLOOR_FRACTION = 0.2;

export interface AutoRefreshConditions {
  readonly visible: boolean;
  readonly focused: boolean;
  readonly rateLimit: RateLimitSnapshot | undefined;
  readonly now: number;
  /** Requests one refresh would make (one per expanded stream). */
  readonly cost?: number;
}

export type AutoRefreshDecision = 'run' | 'hidden' | 'unfocused' | 'budget';

/**
 * Whether `cost` automatic requests leave the rate-limit budget above its floor (10, or a fifth
 * of the limit). A budget whose window has reset is assumed whole again.
 */
export function withinBudget(rl: RateLimitSnapshot | undefined, now: number, cost = 1): boolean {
  if (rl?.remaining === undefined || (rl.resetAt !== undefined && rl.resetAt <= now)) return true;
  const floor = Math.max(RATE_LIMIT_FLOOR, rl.limit !== undefined ? Math.ceil(rl.limit * RATE_LIMIT_FLOOR_FRACTION) : 0);
  return rl.remaining - cost >= floor;
}

export function autoRefreshDecision(c: AutoRefreshConditions): AutoRefreshDecision {
  if (!c.visible) return 'hidden';
  if (!c.focused) return 'unfocused';
  return withinBudget(c.rateLimit, c.now, c.cost ?? 1) ? 'run' : 'budget';
}
