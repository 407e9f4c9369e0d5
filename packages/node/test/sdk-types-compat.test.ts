import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * Type-checks test/fixtures/types/sdk-2x-compat.ts (strict) against the packages'
 * sources and the OTel JS 2.x SDK installed here: the structural SDK types of @agent-otel/capture and
 * the processors and exporters of genai, capture and node must be assignable to and from the SDK's.
 */
describe('structural SDK types against OTel JS 2.x', () => {
  it('compile without a diagnostic, in both directions', () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const fixture = path.join(__dirname, 'fixtures', 'types', 'sdk-2x-compat.ts');
    const program = ts.createProgram([fixture], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules', '@types')],
      baseUrl: root,
      paths: { '@agent-otel/*': ['packages/*/src/index.ts'] },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${path.relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });
});
