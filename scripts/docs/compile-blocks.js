'use strict';
/**
 * Compiles README code blocks (see readme-blocks.js) with strict TypeScript, in one program.
 *
 * Each block becomes an ES module of its own (`.mts`, or `.mjs` type-checked as JavaScript), placed
 * virtually next to its README, so its imports resolve as they would in an app of this repository:
 * `@agent-otel/*` through the workspace links to each package's built `dist/` types (build first),
 * other packages from node_modules. Top-level `await` works, names do not clash between blocks.
 * A fragment's declared context comes first in the module; diagnostics point at README lines.
 */
const path = require('node:path');
const ts = require('typescript');

/** The compiler options every block is held to. */
const COMPILER_OPTIONS = {
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ['node'],
  noEmit: true,
  allowJs: true,
  checkJs: true,
};

/**
 * Type-checks the ts and js `blocks`; returns one `{ file, line, block, code, message }` per
 * diagnostic, with `line` the README line it is on (the fragment's marker for its declarations).
 */
function compileBlocks(blocks, root) {
  const sources = new Map();
  blocks.forEach((block, index) => {
    if (block.kind !== 'ts' && block.kind !== 'js') return;
    const prelude = block.marker?.directive === 'fragment' ? block.marker.prelude : '';
    const preludeLines = prelude === '' ? 0 : prelude.split('\n').length;
    const name = path.join(path.dirname(block.file), `.readme-block-${block.line}-${index}.${block.kind === 'ts' ? 'mts' : 'mjs'}`);
    // `export {}` keeps a block without imports a module, so its names stay its own.
    const text = `${prelude}${prelude === '' || prelude.endsWith('\n') ? '' : '\n'}${block.code}\nexport {};\n`;
    sources.set(path.resolve(name), { block, text, preludeLines: prelude === '' ? 0 : preludeLines - (prelude.endsWith('\n') ? 1 : 0) });
  });
  if (sources.size === 0) return [];
  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => sources.has(path.resolve(file)) || fileExists(file);
  host.readFile = (file) => sources.get(path.resolve(file))?.text ?? readFile(file);
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const source = sources.get(path.resolve(file));
    return source ? ts.createSourceFile(file, source.text, language, true) : getSourceFile(file, language, onError, shouldCreate);
  };
  host.getCurrentDirectory = () => root;
  const program = ts.createProgram([...sources.keys()], COMPILER_OPTIONS, host);
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
  return diagnostics.map((diagnostic) => locate(diagnostic, sources));
}

function locate(diagnostic, sources) {
  const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  const source = diagnostic.file ? sources.get(path.resolve(diagnostic.file.fileName)) : undefined;
  if (!diagnostic.file || source === undefined) {
    const where = diagnostic.file ? `${diagnostic.file.fileName}: ` : '';
    return { file: undefined, line: undefined, block: undefined, message: `${where}${message}` };
  }
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const { block, preludeLines } = source;
  const readmeLine = line < preludeLines ? block.marker.preludeLine + line : block.line + 1 + (line - preludeLines);
  return { file: block.file, line: readmeLine, block, message };
}

module.exports = { COMPILER_OPTIONS, compileBlocks };
