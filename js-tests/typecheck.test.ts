// The typings catch misuse before a run: a script with a misspelled
// method and a string where a number belongs fails `tsc --strict`; the
// same script written correctly type-checks and runs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNatsk6 } from './harness/natsk6.js';
import { repoRoot, tmpRoot } from './harness/paths.js';
import { startServer, type NatsServer } from './harness/server.js';

const script = (publish: string, timeout: string) => `import nats from 'k6/x/nats';
import { check } from 'k6';

export const options = { vus: 1, iterations: 1 };
const conn = nats.connect();
const sub = conn.subscribe('typed.check', '');

export default function () {
  conn.${publish}('typed.check', 'hello');
  const msg = sub.next(${timeout});
  check(msg, { 'typed round trip': (m) => m.data === 'hello' });
}
`;

/** tsc --strict diagnostics for one script, typed as a script author sets it up. */
function diagnostics(file: string): ts.Diagnostic[] {
  const program = ts.createProgram([file, join(repoRoot, 'types', 'index.d.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ES2020,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2020.d.ts'],
    types: ['k6'],
    typeRoots: [join(repoRoot, 'node_modules', '@types')],
  });
  return [...ts.getPreEmitDiagnostics(program)];
}

let server: NatsServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
  mkdirSync(tmpRoot, { recursive: true });
  dir = mkdtempSync(join(tmpRoot, 'typed-'));
});
afterAll(async () => {
  await server.stop();
});

describe('tsc --strict with @pondigo/natsk6', () => {
  it('rejects a misspelled method and a string timeout', () => {
    const file = join(dir, 'wrong.ts');
    writeFileSync(file, script('publsh', "'2000'"));
    const found = diagnostics(file).map((d) => ({ code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, '\n') }));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 2551, text: expect.stringContaining("Did you mean 'publish'") }),
        expect.objectContaining({ code: 2345, text: expect.stringContaining("'string' is not assignable to parameter of type 'number'") }),
      ]),
    );
    expect(found).toHaveLength(2);
  });

  it('accepts the corrected script, which then runs and passes its check', async () => {
    const file = join(dir, 'right.ts');
    writeFileSync(file, script('publish', '2000'));
    expect(diagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    const r = await runNatsk6(file, { natsUrl: server.url });
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary?.root_group.checks['typed round trip']).toMatchObject({ passes: 1, fails: 0 });
  });
});
