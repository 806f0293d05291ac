/**
 * A whole file read by Node's thread pool in one request, for a thread that
 * has work of its own meanwhile. `fs.promises.readFile` reads in chunks and
 * needs the caller's event loop between them, so behind synchronous work it
 * stalls after the first; here the caller need only yield twice (open, size)
 * before the read runs by itself.
 */
import { open } from 'node:fs/promises';

/** The file's bytes, or undefined when it cannot be read. */
export async function readInBackground(file: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafeSlow(size);
    for (let done = 0; done < size; ) {
      const { bytesRead } = await handle.read(bytes, done, size - done, done);
      if (bytesRead === 0) return undefined;
      done += bytesRead;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
