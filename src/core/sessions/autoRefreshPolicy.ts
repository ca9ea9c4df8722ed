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

export function autoRefreshDecision(c: AutoRefreshConditions): AutoRefreshDecision {
  if (!c.visible) return 'hidden';
  if (!c.focused) return 'unfocused';
  const rl = c.rateLimit;
  if (rl?.remaining !== undefined && (rl.resetAt === undefined || rl.resetAt > c.now)) {
    const floor = Math.max(RATE_LIMIT_FLOOR, rl.limit !== undefined ? Math.ceil(rl.limit * RATE_LIMIT_FLOOR_FRACTION) : 0);
    if (rl.remaining - (c.cost ?? 1) < floor) return 'budget';
  }
  return 'run';
}
