// The README's install paths for the typings work as written, while the
// package is not on the registry: the `make pack` tarball and the
// checkout's types/ folder both install into a fresh project, and tsc
// --strict there resolves k6/x/nats and @pondigo/natsk6/helpers from them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, tmpRoot } from './harness/paths.js';

const typesPackage = JSON.parse(readFileSync(join(repoRoot, 'types', 'package.json'), 'utf8')) as { version: string };
const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');

const script = (publish: string) => `import nats from 'k6/x/nats';
import { check } from 'k6';
import { textPayload } from '@pondigo/natsk6/helpers';

const conn = nats.connect();
export default function (): void {
  conn.${publish}('typed.check', textPayload(16));
  check(conn.isConnected(), { connected: (c) => c });
}
`;

/** A fresh project with `spec` and @types/k6 installed, as a user sets it up. */
function project(spec: string): string {
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'pack-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'typings-user', private: true, type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2020', module: 'ES2020', moduleResolution: 'bundler', lib: ['ES2020'], types: ['k6', '@pondigo/natsk6'] },
      include: ['*.ts'],
    }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '-D', spec, `@types/k6@${rootPackage.devDependencies['@types/k6']}`], { cwd: dir, stdio: 'pipe' });
  return dir;
}

function typecheck(dir: string, publish: string): { code: number | null; out: string } {
  writeFileSync(join(dir, 'script.ts'), script(publish));
  const r = spawnSync(tsc, ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('installing @pondigo/natsk6 from a checkout', () => {
  const tarball = join(repoRoot, 'bin', `pondigo-natsk6-${typesPackage.version}.tgz`);
  const sources: [string, () => string][] = [
    [
      'the make pack tarball',
      () => {
        execFileSync('make', ['pack'], { cwd: repoRoot, stdio: 'pipe' });
        return tarball;
      },
    ],
    ['the checkout types/ folder', () => join(repoRoot, 'types')],
  ];

  it.each(sources)('%s: tsc --strict resolves the module and the helpers', (_, spec) => {
    const dir = project(spec());
    const ok = typecheck(dir, 'publish');
    expect(ok.out).toBe('');
    expect(ok.code).toBe(0);
    // The types are really in force: a misspelled method fails.
    const wrong = typecheck(dir, 'publsh');
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toContain("Did you mean 'publish'");
  });
});
