// One activation sample in a fresh Node process; prints one JSON line. Timed with hrtime inside
// the process, so Node's own start-up is not counted.
//   node activate.js extension <dist/extension.js> <extension root>   require + activate()
//   node activate.js require <file.js>                                  require only (peers)
'use strict';
const [mode, file, root] = process.argv.slice(2);

// The `vscode` module exists before any extension loads in VS Code, so the stand-in's own
// loading is not part of the extension's cost.
const standIn = require('../../test/support/vscode-stand-in.cjs');

const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
const t0 = process.hrtime.bigint();
const loaded = require(file);
const requireMs = ms(t0);
let activateMs = 0;
if (mode === 'extension') {
  const context = standIn.createContext(root);
  const t1 = process.hrtime.bigint();
  const api = loaded.activate(context);
  activateMs = ms(t1);
  if (!api || typeof api !== 'object') throw new Error('activate() returned no API');
}
const totalMs = ms(t0);
// Which modules activation pulled in: undici must not be among them.
const undiciLoaded = Object.keys(require.cache).some((p) => /undici/.test(p));
process.stdout.write(JSON.stringify({ requireMs, activateMs, totalMs, undiciLoaded }) + '\n');
// Activation may start async work (reading the secret store); nothing here should keep the
// process alive, but do not wait for it either.
process.exit(0);
