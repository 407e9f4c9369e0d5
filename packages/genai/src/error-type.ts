import { ERROR_TYPE_VALUE_OTHER } from './attributes';

/**
 * The `error.type` of a thrown value: its `code` when that is a non-empty string (e.g. `ECONNRESET`),
 * else its class name (e.g. `TypeError`), else `_OTHER` (plain objects and non-objects).
 */
export function errorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return ERROR_TYPE_VALUE_OTHER;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  const className = (error as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof className === 'string' && className !== '' && className !== 'Object') return className;
  return ERROR_TYPE_VALUE_OTHER;
}
