// Only the parts of undici the client uses, bundled on their own into dist/undici.js (see
// esbuild.mjs) and required on the first request, so activation never pays for undici.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

export interface UndiciParts {
  readonly Agent: typeof Undici.Agent;
  readonly ProxyAgent: typeof Undici.ProxyAgent;
  /** undici's `request`, to be called with `this` bound to a dispatcher. */
  readonly request: (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;
}

export const Agent = require('undici/lib/dispatcher/agent.js') as UndiciParts['Agent'];
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js') as UndiciParts['ProxyAgent'];
export const request = require('undici/lib/api/api-request.js') as UndiciParts['request'];

// Addition: ProxyAgent opens its CONNECT tunnel with `dispatcher.connect`, which undici's
// index.js installs on Dispatcher.prototype along with the rest of its API. We do not load
// index.js, so install `connect` (only) here; without it every proxied request fails with
// "this[kClient].connect is not a function".
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: Record<string, unknown> };
if (typeof Dispatcher.prototype.connect !== 'function') {
  Dispatcher.prototype.connect = require('undici/lib/api/api-connect.js') as unknown;
}
