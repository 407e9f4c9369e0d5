/**
 * A fixed-capacity FIFO over a slot array allocated once, up front.
 *
 * `push` is O(1) and allocates nothing: when the ring is full it overwrites the oldest entry and
 * says so, so the caller can count the loss. Entries leave in insertion order through `take`,
 * which clears the slots it empties so the ring never keeps taken entries alive.
 */
export class RingBuffer<T> {
  private readonly slots: (T | undefined)[];
  private head = 0;
  private stored = 0;

  /** @param capacity number of slots, an integer ≥ 1 (checked by the caller's options). */
  constructor(readonly capacity: number) {
    this.slots = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** Number of entries held now. */
  get size(): number {
    return this.stored;
  }

  /**
   * Appends `item`. Returns `true` when the ring was full and the oldest entry was overwritten
   * (that entry is lost), `false` otherwise.
   */
  push(item: T): boolean {
    const capacity = this.capacity;
    let tail = this.head + this.stored;
    if (tail >= capacity) tail -= capacity;
    this.slots[tail] = item;
    if (this.stored === capacity) {
      this.head = tail + 1 === capacity ? 0 : tail + 1;
      return true;
    }
    this.stored++;
    return false;
  }

  /** Removes and returns up to `max` of the oldest entries, oldest first. */
  take(max: number): T[] {
    const count = max < this.stored ? max : this.stored;
    const out = new Array<T>(count);
    const slots = this.slots;
    const capacity = this.capacity;
    let head = this.head;
    for (let i = 0; i < count; i++) {
      out[i] = slots[head] as T;
      slots[head] = undefined;
      head = head + 1 === capacity ? 0 : head + 1;
    }
    this.head = head;
    this.stored -= count;
    return out;
  }
}
