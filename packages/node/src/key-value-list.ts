/**
 * Parses the `key1=value1,key2=value2` lists of OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS:
 * entries are trimmed, keys and values percent-decoded. Malformed entries are skipped and
 * reported through `onInvalid`, never thrown, so a bad variable cannot stop a service from starting.
 */
export function parseKeyValueList(raw: string, onInvalid: (entry: string, reason: string) => void): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of raw.split(',')) {
    const entry = part.trim();
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      onInvalid(entry, 'expected key=value');
      continue;
    }
    try {
      const key = decodeURIComponent(entry.slice(0, eq).trim());
      const value = decodeURIComponent(entry.slice(eq + 1).trim());
      if (key === '') {
        onInvalid(entry, 'empty key');
        continue;
      }
      result[key] = value;
    } catch {
      onInvalid(entry, 'invalid percent-encoding');
    }
  }
  return result;
}
