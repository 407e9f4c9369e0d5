#!/usr/bin/env node
'use strict';
/**
 * The API reports of the public entry points (`packages/<pkg>/api/<name>.api.md`), made by
 * @microsoft/api-extractor from the built declarations in `dist/` (run `npm run build` first).
 *
 *   node scripts/api/api-report.js            check: exit 1 when a report differs from the surface
 *   node scripts/api/api-report.js --update   accept: rewrite the reports that differ
 *
 * `--entry SPECIFIER` (repeatable) limits the run to those entry points; `--report-folder DIR`
 * reads and writes `DIR/<reportName>.api.md` instead of the checked-in reports (for tests).
 *
 * `npm run api:check` and `npm run api:update` build first and run these; `npm test` runs the
 * check before jest. A changed report is the visible diff of a change to the public surface:
 * review it and commit it with the change. Internal entries (`@agent-otel/capture/internal`) have
 * no report: only the other @agent-otel packages use them.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ENTRY_POINTS } = require('./entry-points');

const ROOT = path.resolve(__dirname, '..', '..');
/** api-extractor's own words on the report file; this script prints its verdict and the diff instead. */
const REPORT_VERDICTS = new Set([
  'console-api-report-changed',
  'console-api-report-copied',
  'console-api-report-created',
  'console-api-report-not-copied',
  'console-api-report-unchanged',
]);

/** The api-extractor configuration of one entry point: only the report, every message in it or fatal. */
function configObject(entry, reportFolderOverride) {
  const projectFolder = path.join(ROOT, 'packages', entry.packageDir);
  const reportFolder = reportFolderOverride ?? path.join(projectFolder, 'api');
  return {
    projectFolder,
    mainEntryPointFilePath: path.join(projectFolder, 'dist', `${entry.file}.d.ts`),
    compiler: { tsconfigFilePath: path.join(projectFolder, 'tsconfig.json') },
    apiReport: {
      enabled: true,
      reportFileName: entry.reportName,
      reportFolder,
      reportTempFolder: path.join(reportFolder, 'temp'),
      includeForgottenExports: true,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: 'lf',
    messages: {
      compilerMessageReporting: { default: { logLevel: 'error' } },
      extractorMessageReporting: {
        default: { logLevel: 'error' },
        // A type reachable from the surface but not exported is written into the report (and so
        // reviewed) instead of failing the run; release tags and doc syntax are not checked.
        'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
        'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
        'ae-unresolved-link': { logLevel: 'none', addToApiReportFile: false },
        // Each export has a doc comment (CONTRIBUTING); members of an options type need not.
        'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
      },
      tsdocMessageReporting: { default: { logLevel: 'none' } },
    },
  };
}

/** Runs api-extractor on one entry point; resolves to 'same', 'changed' or 'failed'. */
function report(entry, update, reportFolder) {
  const object = configObject(entry, reportFolder);
  const dts = object.mainEntryPointFilePath;
  if (!fs.existsSync(dts)) {
    console.error(`${entry.specifier}: ${path.relative(ROOT, dts)} is missing; run npm run build first`);
    return 'failed';
  }
  // Loaded here, not at the top, so a wrong command line is refused without loading TypeScript.
  const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');
  const config = ExtractorConfig.prepare({
    configObject: object,
    configObjectFullPath: path.join(object.projectFolder, 'api-extractor.json'),
    packageJsonFullPath: path.join(object.projectFolder, 'package.json'),
  });
  const messages = [];
  const result = Extractor.invoke(config, {
    localBuild: update,
    showVerboseMessages: false,
    messageCallback(message) {
      // The report's own verdict is printed below; everything else that is an error is kept.
      if (REPORT_VERDICTS.has(message.messageId)) {
        message.handled = true;
        return;
      }
      if (message.logLevel === 'error' || message.logLevel === 'warning') messages.push(message.formatMessageWithLocation(ROOT));
      message.handled = true;
    },
  });
  for (const line of messages) console.error(`${entry.specifier}: ${line}`);
  const reportPath = path.relative(ROOT, config.reportFilePath);
  if (result.errorCount > 0 && !result.apiReportChanged) return 'failed';
  if (messages.length > 0 && !result.apiReportChanged) return 'failed';
  if (!result.apiReportChanged) {
    console.log(`${entry.specifier}: ${reportPath} is up to date`);
    return 'same';
  }
  if (update) {
    console.log(`${entry.specifier}: ${reportPath} updated; review and commit it`);
    return 'changed';
  }
  console.error(`${entry.specifier}: the public API differs from ${reportPath}:`);
  console.error(diffLines(fs.existsSync(config.reportFilePath) ? fs.readFileSync(config.reportFilePath, 'utf8') : '', fs.readFileSync(config.reportTempFilePath, 'utf8')));
  return 'changed';
}

/** A small line diff (removed lines with `-`, added with `+`), enough to see what moved. */
function diffLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  const inB = new Set(b);
  const inA = new Set(a);
  const lines = [...a.filter((l) => !inB.has(l)).map((l) => `  - ${l}`), ...b.filter((l) => !inA.has(l)).map((l) => `  + ${l}`)];
  return lines.length > 0 ? lines.join('\n') : '  (whitespace or order only)';
}

/** The command line: `{ update, entries, reportFolder }`, or `{ error }`. */
function parseArgs(argv) {
  const parsed = { update: false, entries: [], reportFolder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--update') parsed.update = true;
    else if ((arg === '--entry' || arg === '--report-folder') && i + 1 < argv.length) {
      const value = argv[++i];
      if (arg === '--report-folder') parsed.reportFolder = path.resolve(value);
      else if (ENTRY_POINTS.some((e) => e.specifier === value)) parsed.entries.push(value);
      else return { error: `unknown entry point ${value} (known: ${ENTRY_POINTS.map((e) => e.specifier).join(', ')})` };
    } else return { error: `unknown or incomplete argument ${arg} (--update, --entry SPECIFIER, --report-folder DIR)` };
  }
  return parsed;
}

function main(argv) {
  const args = parseArgs(argv);
  if (args.error) {
    console.error(`api-report: ${args.error}`);
    return 2;
  }
  const { update, reportFolder } = args;
  const entries = args.entries.length > 0 ? ENTRY_POINTS.filter((e) => args.entries.includes(e.specifier)) : ENTRY_POINTS;
  const outcomes = entries.map((entry) => report(entry, update, reportFolder));
  if (outcomes.includes('failed')) return 1;
  if (!update && outcomes.includes('changed')) {
    console.error('The public API changed. If that is intended: npm run api:update, then review and commit packages/*/api/*.api.md.');
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
