/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The Photo JSON has one source, api's PhotoJson.Photo; photo-shape.json is written from it by api's
 * PhotoShapeTest. Here src/types.ts' Photo is read with the TypeScript compiler and must have the same
 * fields with the same JSON kinds (nested types inline), so a field added, renamed or dropped on either
 * side fails one of the two suites.
 */
const shapeFile = JSON.parse(readFileSync(fileURLToPath(new URL('./photo-shape.json', import.meta.url)), 'utf8'));
const typesPath = fileURLToPath(new URL('../src/types.ts', import.meta.url));
const source = ts.createSourceFile(typesPath, readFileSync(typesPath, 'utf8'), ts.ScriptTarget.Latest, true);

type Shape = string | Shape[] | { [field: string]: Shape };

const interfaces = new Map<string, ts.InterfaceDeclaration>();
source.forEachChild((n) => {
  if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
});

/** A declared type as the JSON kind it holds; `| null` and `| undefined` do not change it. */
function kind(t: ts.TypeNode): Shape {
  if (ts.isUnionTypeNode(t)) {
    const kinds = t.types
      .filter((m) => !(ts.isLiteralTypeNode(m) && m.literal.kind === ts.SyntaxKind.NullKeyword) && m.kind !== ts.SyntaxKind.UndefinedKeyword)
      .map((m) => JSON.stringify(kind(m)));
    const distinct = [...new Set(kinds)];
    if (distinct.length !== 1) throw new Error(`a union of several kinds: ${t.getText()}`);
    return JSON.parse(distinct[0]);
  }
  if (ts.isLiteralTypeNode(t)) {
    if (ts.isStringLiteral(t.literal)) return 'string';
    if (ts.isNumericLiteral(t.literal)) return 'number';
    return 'boolean';
  }
  if (ts.isArrayTypeNode(t)) return [kind(t.elementType)];
  if (ts.isTypeReferenceNode(t)) {
    const decl = interfaces.get(t.typeName.getText());
    if (!decl) throw new Error(`no interface ${t.typeName.getText()} in types.ts`);
    return shape(decl);
  }
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword:
      return 'string';
    case ts.SyntaxKind.NumberKeyword:
      return 'number';
    case ts.SyntaxKind.BooleanKeyword:
      return 'boolean';
  }
  throw new Error(`no JSON kind for ${t.getText()}`);
}

function shape(decl: ts.InterfaceDeclaration): { [field: string]: Shape } {
  const out: { [field: string]: Shape } = {};
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    out[m.name.getText()] = kind(m.type);
  }
  return out;
}

describe('the Photo type', () => {
  it('has the fields and JSON kinds of the API\'s PhotoJson.Photo', () => {
    expect(shape(interfaces.get('Photo')!)).toEqual(shapeFile.Photo);
  });

  it('reads union and nullable fields as their one kind', () => {
    const probe = ts.createSourceFile('p.ts', "interface P { a?: 'x' | 'y' | null; b: number[] }", ts.ScriptTarget.Latest, true);
    const p = probe.statements[0] as ts.InterfaceDeclaration;
    const [a, b] = p.members as unknown as ts.PropertySignature[];
    expect(kind(a.type!)).toBe('string');
    expect(kind(b.type!)).toEqual(['number']);
  });
});
