/**
 * Where a host's outgoing frames are built: views cut one after another from shared slabs,
 * not an ArrayBuffer (a malloc'd backing store V8 must track and free) per frame. A slab is
 * never written twice: a frame's bytes stay as built for as long as anyone holds the frame
 * (a capture, a link's queue, the receiver's queue of payload views), and the slab is freed by
 * the GC once no frame in it is held. Where frames are placed never shows in their bytes, so
 * one arena may serve every kernel of a thread (ip-output.ts does).
 */

/** Big enough for ~40 MSS-sized frames; small enough that a few held frames pin little. */
const SLAB_BYTES = 64 * 1024;
/** Frames larger than this get a buffer of their own (GSO super-segments, jumbo frames). */
const LARGEST_SLABBED = 4096;

export class FrameArena {
  private slab = new ArrayBuffer(0);
  private used = 0;

  /** A zeroed view of `length` bytes that nothing else shares. */
  alloc(length: number): Uint8Array {
    if (length > LARGEST_SLABBED) return new Uint8Array(length);
    if (this.used + length > this.slab.byteLength) {
      this.slab = new ArrayBuffer(SLAB_BYTES);
      this.used = 0;
    }
    const frame = new Uint8Array(this.slab, this.used, length);
    this.used += (length + 7) & ~7; // 8-byte aligned starts
    return frame;
  }
}
