// Node strips types from .ts files but cannot read .tsx, and the console's pages are .tsx (Hono's
// JSX) so that there is no build step. Importing this module registers a hook that compiles each
// .tsx module as Node loads it; it must be imported before the first .tsx module is (src/main.ts
// imports it first and the rest dynamically).
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  jsx: ts.JsxEmit.ReactJSX,
  jsxImportSource: 'hono/jsx',
  verbatimModuleSyntax: true,
};

/** The JavaScript Node runs for one .tsx file. */
export function compileTsx(source: string, fileName: string): string {
  return ts.transpileModule(source, { compilerOptions: OPTIONS, fileName }).outputText;
}

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.tsx')) return nextLoad(url, context);
    const fileName = fileURLToPath(url);
    return { format: 'module', source: compileTsx(readFileSync(fileName, 'utf8'), fileName), shortCircuit: true };
  },
});
