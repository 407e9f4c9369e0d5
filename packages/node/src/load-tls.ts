import * as fs from 'node:fs';
import { diag } from '@opentelemetry/api';
import type { TlsOptions } from '@agent-otel/capture';
import type { ExporterTlsOptions } from './options';

/**
 * Turns `exporter.tls` into the exporters' TLS settings, reading the PEM files once. PEM given
 * inline wins over a file. A file that cannot be read is reported through diag (naming the option
 * and the path) and left out — the export then fails the TLS handshake with a visible error rather
 * than stopping the service; a client certificate is dropped with its key when either is missing.
 * Returns undefined when nothing is set.
 */
export function loadTls(tls: ExporterTlsOptions | undefined): TlsOptions | undefined {
  if (tls === undefined) return undefined;
  const ca = tls.ca ?? read(tls.caFile, 'exporter.tls.caFile (OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE, OTEL_EXPORTER_OTLP_CERTIFICATE)');
  let cert = tls.cert ?? read(tls.certFile, 'exporter.tls.certFile (OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE, OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE)');
  let key = tls.key ?? read(tls.keyFile, 'exporter.tls.keyFile (OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY, OTEL_EXPORTER_OTLP_CLIENT_KEY)');
  if ((cert === undefined) !== (key === undefined)) {
    diag.error('agent-otel: the client certificate is used only with its key; both are left out');
    cert = key = undefined;
  }
  const loaded: TlsOptions = {};
  if (ca !== undefined) loaded.ca = ca;
  if (cert !== undefined) loaded.cert = cert;
  if (key !== undefined) loaded.key = key;
  if (tls.rejectUnauthorized !== undefined) loaded.rejectUnauthorized = tls.rejectUnauthorized;
  return Object.keys(loaded).length > 0 ? loaded : undefined;
}

function read(file: string | undefined, option: string): Buffer | undefined {
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (err) {
    diag.error(`agent-otel: ${option}: ${JSON.stringify(file)} could not be read (${(err as Error).message}); it is left out`);
    return undefined;
  }
}
