/** A Uint32Array that grows as numbers are appended: millions of counts or postings without a JS array of them. */
export class Uint32List {
  data: Uint32Array;
  length = 0;

  /** `capacity`: how many numbers are expected, when known (growing by doubling copies and touches fresh memory). */
  constructor(capacity = 1 << 16) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** The numbers appended so far: a view, not a copy. */
  values(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
