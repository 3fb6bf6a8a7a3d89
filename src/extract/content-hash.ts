// The hash of a CSV file's content: the sha256 of the sha256 of each 16 MiB block, in order. Hashing
// by blocks lets the byte scan hash a file on both cores at once (each worker hashes the blocks it
// scans) and still give the very hash the one-pass reader gives while streaming.
import { createHash, type Hash } from 'node:crypto';

export const CONTENT_BLOCK_BYTES = 1 << 24;

export function treeHash(blockDigests: readonly string[]): string {
  const h = createHash('sha256');
  for (const d of blockDigests) h.update(`${d}\n`);
  return h.digest('hex');
}

/** Takes a file's bytes in chunks of any size; digest() gives treeHash of its blocks. */
export class BlockHasher {
  private readonly digests: string[] = [];
  private current: Hash = createHash('sha256');
  private filled = 0;
  private any = false;

  update(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(chunk.length - at, CONTENT_BLOCK_BYTES - this.filled);
      this.current.update(chunk.subarray(at, at + take));
      this.filled += take;
      this.any = true;
      at += take;
      if (this.filled === CONTENT_BLOCK_BYTES) {
        this.digests.push(this.current.digest('hex'));
        this.current = createHash('sha256');
        this.filled = 0;
      }
    }
  }

  digest(): string {
    // An empty file is one empty block, as the scan sees it.
    if (this.filled > 0 || !this.any) this.digests.push(this.current.digest('hex'));
    return treeHash(this.digests);
  }
}
