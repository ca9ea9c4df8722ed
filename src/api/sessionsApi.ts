import type { CallOptions, CreateSessionInput, ListQuery, RateLimitSnapshot, Session, SessionPage } from './types';

/**
 * What the extension needs from the PG:AI API. `PgaiClient` implements it over HTTP; tests of
 * the upper layers may use a small fake.
 */
export interface SessionsApi {
  /** One page of sessions. Throws `PgaiError`. */
  listSessions(query: ListQuery, signal?: AbortSignal, options?: CallOptions): Promise<SessionPage>;
  /** Creates a session (POST, never retried once it may have reached the server). */
  createSession(input: CreateSessionInput, signal?: AbortSignal): Promise<Session>;
  /** Last rate-limit headers seen. */
  readonly rateLimit: RateLimitSnapshot;
}
