/**
 * `Array.isArray` that keeps what the caller knew: a typed array stays typed, anything else becomes
 * `readonly unknown[]`. The built-in narrows to `any[]`, so every element read after it goes unchecked.
 */
export function isArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}
