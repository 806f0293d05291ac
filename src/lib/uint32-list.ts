/** A Uint32Array that grows as numbers are appended: millions of counts or postings without a JS array of them. */
export class Uint32List {
  data = new Uint32Array(1 << 16);
  length = 0;

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
