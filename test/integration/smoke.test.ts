// Proves the harness: a real VS Code runs the extension, and the in-process sandbox answers.
// The runners say what to expect through env (the extension host inherits the server's env):
//   PGAI_TEST_WORKSPACE         folder the workbench opened
//   PGAI_EXPECT_UI_KIND         'web' | 'desktop'
//   PGAI_EXPECT_VSCODE_VERSION  version prefix, e.g. '1.139.'
//   PGAI_EXPECT_EXTENSION_PATH  where the extension must be loaded from (dev checkout), or
//   PGAI_EXPECT_EXTENSION_IN    a folder it must be inside (installed .vsix copy)
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, getSandbox } from './helpers';

const env = process.env;

describe('harness smoke', () => {
  it('runs inside a real VS Code of the expected version', () => {
    console.log(`      VS Code ${vscode.version}, appHost=${vscode.env.appHost}, uiKind=${vscode.UIKind[vscode.env.uiKind]}, remoteName=${vscode.env.remoteName ?? '-'}, node ${process.version}`);
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    if (env.PGAI_EXPECT_VSCODE_VERSION) {
      assert.ok(vscode.version.startsWith(env.PGAI_EXPECT_VSCODE_VERSION), `version ${vscode.version}`);
    }
    if (env.PGAI_EXPECT_UI_KIND === 'web') assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    if (env.PGAI_EXPECT_UI_KIND === 'desktop') assert.equal(vscode.env.uiKind, vscode.UIKind.Desktop);
  });

  it('opened the expected workspace folder', function () {
    const expected = env.PGAI_TEST_WORKSPACE;
    if (!expected) this.skip();
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(path.resolve(folders[0].uri.fsPath), path.resolve(expected));
  });

  it('finds and activates the extension from the expected place', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    assert.equal(ext.packageJSON.publisher, 'pgai');
    assert.equal(ext.packageJSON.name, 'pgai-sessions');
    const wasActive = ext.isActive;
    const started = Date.now();
    await activateExtension();
    const took = wasActive ? 'was already active' : `activate() resolved in ${Date.now() - started} ms`;
    console.log(`      ${took} (from ${ext.extensionPath})`);
    assert.equal(ext.isActive, true);
    if (env.PGAI_EXPECT_EXTENSION_PATH) {
      assert.equal(path.resolve(ext.extensionPath), path.resolve(env.PGAI_EXPECT_EXTENSION_PATH));
    }
    if (env.PGAI_EXPECT_EXTENSION_IN) {
      const rel = path.relative(path.resolve(env.PGAI_EXPECT_EXTENSION_IN), ext.extensionPath);
      assert.ok(rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel), `${ext.extensionPath} is not inside ${env.PGAI_EXPECT_EXTENSION_IN}`);
    }
  });

  it('reaches the in-process sandbox over HTTP from the extension host', async () => {
    const sandbox = await getSandbox();
    assert.equal(sandbox, await getSandbox(), 'getSandbox() returns one shared instance');
    const before = sandbox.listRequests();
    const ok = await fetch(`${sandbox.baseUrl}/agent/sessions?limit=2`, { headers: { 'x-api-key': sandbox.apiKey } });
    assert.equal(ok.status, 200);
    const body: unknown = await ok.json();
    assert.ok(body && typeof body === 'object');
    const noKey = await fetch(`${sandbox.baseUrl}/agent/sessions`);
    assert.equal(noKey.status, 401);
    assert.equal(sandbox.listRequests(), before + 2);
  });
});
