'use strict';
/**
 * Comparing the `@opentelemetry/*` copies of an app (from `npm query`, `{ [name]: [{ version,
 * location }] }`) with the same app installed without agent-otel. The OpenTelemetry 3.x packages
 * bring duplicates of their own (e.g. `sdk-node` pins `core` 3.1.0 while `core`'s latest is 3.1.1), so
 * what agent-otel must not do is add any: no package may have more copies than without agent-otel
 * (or than one, for a package only agent-otel brings), and no copy may sit under
 * node_modules/@agent-otel/ (a private copy of a package the app also owns).
 */

/** One line per package that has more copies with agent-otel than without. */
function addedCopies(withOurs, without) {
  return Object.entries(withOurs)
    .filter(([name, copies]) => copies.length > Math.max(1, without[name]?.length ?? 0))
    .map(
      ([name, copies]) => `${name}: ${copies.length} copies (${copies.map((c) => `${c.version} at ${c.location}`).join(', ')}); without agent-otel: ${without[name]?.length ?? 0}`,
    );
}

/** The locations of copies nested under node_modules/@agent-otel/. */
function nestedInOurs(copies) {
  return Object.values(copies)
    .flat()
    .filter((c) => c.location.includes('node_modules/@agent-otel/'))
    .map((c) => `${c.version} at ${c.location}`);
}

module.exports = { addedCopies, nestedInOurs };
