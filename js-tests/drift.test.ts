// No drift between the binary and the typings: every class and data shape
// that `natsk6 inspect --module --json` reports has an interface of the same name
// in types/index.d.ts with exactly the same methods and fields, and every
// interface there is in Go unless it is tagged @input (objects scripts
// pass in) or @builtin (made by the binding in JS, like NatsError).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { natsk6Bin, repoRoot } from './harness/paths.js';

interface Surface {
  classes: Record<string, { methods: string[]; fields: string[] }>;
  shapes: Record<string, string[]>;
}

interface Declared {
  methods: Set<string>;
  fields: Set<string>;
  exempt: boolean;
}

function declaredInterfaces(file: string, moduleName: string): Map<string, Declared> {
  // Parent pointers are needed for JSDoc tags.
  const source = ts.createSourceFile(file, ts.sys.readFile(file)!, ts.ScriptTarget.Latest, true);
  const out = new Map<string, Declared>();
  for (const stmt of source.statements) {
    if (!ts.isModuleDeclaration(stmt) || !ts.isStringLiteral(stmt.name) || stmt.name.text !== moduleName) continue;
    const body = stmt.body as ts.ModuleBlock;
    for (const decl of body.statements) {
      if (!ts.isInterfaceDeclaration(decl)) continue;
      const tags = ts.getJSDocTags(decl).map((t) => t.tagName.text);
      const d: Declared = { methods: new Set(), fields: new Set(), exempt: tags.includes('input') || tags.includes('builtin') };
      for (const member of decl.members) {
        const name = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
        if (!name) continue;
        if (ts.isMethodSignature(member)) d.methods.add(name);
        else if (ts.isPropertySignature(member)) d.fields.add(name);
      }
      out.set(decl.name.text, d);
    }
  }
  return out;
}

function diff(label: string, go: Iterable<string>, declared: Set<string>): string[] {
  const goSet = new Set(go);
  const problems: string[] = [];
  for (const name of goSet) if (!declared.has(name)) problems.push(`${label}: '${name}' is in Go but not declared`);
  for (const name of declared) if (!goSet.has(name)) problems.push(`${label}: '${name}' is declared but not in Go`);
  return problems;
}

/** Every mismatch between the binary's surface and the declarations. */
export function driftProblems(surface: Surface, declared: Map<string, Declared>): string[] {
  const problems: string[] = [];
  for (const [name, cls] of Object.entries(surface.classes)) {
    const d = declared.get(name);
    if (!d) {
      problems.push(`class ${name}: no interface ${name} in index.d.ts`);
      continue;
    }
    problems.push(...diff(`${name} methods`, cls.methods, d.methods), ...diff(`${name} fields`, cls.fields, d.fields));
  }
  for (const [name, fields] of Object.entries(surface.shapes)) {
    const d = declared.get(name);
    if (!d) {
      problems.push(`shape ${name}: no interface ${name} in index.d.ts`);
      continue;
    }
    problems.push(...diff(`${name} fields`, fields, d.fields), ...diff(`${name} methods`, [], d.methods));
  }
  for (const [name, d] of declared) {
    if (!d.exempt && !(name in surface.classes) && !(name in surface.shapes)) {
      problems.push(`interface ${name}: not a Go class or shape (tag it @input if scripts pass it in)`);
    }
  }
  return problems.sort();
}

describe('typings match the binary (natsk6 inspect --module --json)', () => {
  const surface = JSON.parse(execFileSync(natsk6Bin, ['inspect', '--module', '--json'], { encoding: 'utf8' })) as Surface;
  const declared = declaredInterfaces(join(repoRoot, 'types', 'index.d.ts'), 'k6/x/nats');

  it('declares every class and shape, and nothing that Go lacks', () => {
    expect(driftProblems(surface, declared)).toEqual([]);
  });

  it('k6/Pondigo/nats re-exports k6/x/nats', () => {
    const text = ts.sys.readFile(join(repoRoot, 'types', 'index.d.ts'))!;
    expect(text).toMatch(/declare module 'k6\/Pondigo\/nats' \{\s*export \* from 'k6\/x\/nats';/);
  });

  it('fails when Go gains a method or loses one', () => {
    const grown = structuredClone(surface);
    grown.classes.Connection.methods.push('teleport');
    expect(driftProblems(grown, declared)).toContain("Connection methods: 'teleport' is in Go but not declared");
    const shrunk = structuredClone(surface);
    shrunk.classes.Connection.methods = shrunk.classes.Connection.methods.filter((m) => m !== 'publish');
    expect(driftProblems(shrunk, declared)).toContain("Connection methods: 'publish' is declared but not in Go");
  });
});
