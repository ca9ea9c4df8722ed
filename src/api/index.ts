// The API layer's public surface.
export { PgaiClient, DEFAULT_BASE_URL, DEFAULT_USER_AGENT, MAX_PER_PAGE, type PgaiClientOptions } from './client';
export { PgaiError, isPgaiError, type PgaiErrorKind } from './errors';
export { type Logger, silentLogger } from './logger';
export { parseSession, parseSessionList, parseErrorBody } from './parse';
export { formatWait } from './rateLimit';
export { createRedactor } from './redact';
export type { SessionsApi } from './sessionsApi';
export * from './types';
