/**
 * Whether `promise` has settled (resolved or rejected) once `ms` of fake time have passed. Call it
 * again on the same promise to advance further. Needs `jest.useFakeTimers()`.
 */
export async function settledAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await jest.advanceTimersByTimeAsync(ms);
  return settled;
}
