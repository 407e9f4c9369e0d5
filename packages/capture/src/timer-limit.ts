/**
 * The longest delay `setTimeout` and `setInterval` honour: 2^31 − 1 ms (about 24.8 days). Node turns
 * a longer delay into 1 ms with only a process warning, so every timer option is bounded by it.
 */
export const MAX_TIMER_MS = 2_147_483_647;
