// The parts of undici the client uses, through undici's public API. esbuild bundles this file on
// its own (dist/undici.js) and the client requires it on its first request, so activation never
// loads undici (see esbuild.mjs and transport.ts).
export { Agent, ProxyAgent, request } from 'undici';
