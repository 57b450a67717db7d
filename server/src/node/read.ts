import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, statSync, type Stats } from 'node:fs';

/** The default size limit of a read, in bytes: 5 MB, as the editor's `planlint.maxDocumentSizeMB`. */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** A file that was not read, with the reason as a message shows it ("not a regular file (FIFO)"). */
export class ReadRefusal extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ReadRefusal';
  }
}

/** A file's bytes and its status when they were read. */
export interface FileSnapshot {
  bytes: Buffer;
  /** `fstat` of the open file: identity (dev, ino), size, mode, owner and mtime. */
  stat: Stats;
}

/** What a non-regular file is, for messages. */
export function fileType(stat: Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isSymbolicLink'>): string {
  if (stat.isFile()) return 'regular file';
  if (stat.isDirectory()) return 'directory';
  if (stat.isFIFO()) return 'FIFO';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  if (stat.isSymbolicLink()) return 'symbolic link';
  return 'special file';
}

/** A megabyte figure for messages, at most three decimals: "5", "5.2", "0.001". */
export function megabytes(bytes: number): string {
  return String(Number((bytes / (1024 * 1024)).toFixed(3)));
}

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
};

/** "EACCES (permission denied)" for an I/O error, or the error's message. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code) return ERRNO_TEXT[code] ? `${code} (${ERRNO_TEXT[code]})` : code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads a regular file of at most `maxBytes` bytes, following symbolic links. The file is
 * checked before it is opened (a FIFO is never opened, so a read never blocks on one), opened
 * non-blocking, checked again on the open descriptor, and read no further than `maxBytes + 1`
 * bytes: a file that grows past the limit while it is read is refused, not read whole.
 *
 * @throws {ReadRefusal} for a file that is not a regular file or is over `maxBytes`
 * @throws the I/O error of `stat`, `open` or `read` (EACCES, ENOENT, ELOOP…)
 */
export async function readFileBounded(file: string, maxBytes: number = DEFAULT_MAX_BYTES): Promise<FileSnapshot> {
  const before = await fs.stat(file);
  checkStat(file, before, maxBytes);
  const handle = await fs.open(file, OPEN_FLAGS);
  try {
    const read = new BoundedRead(file, before, await handle.stat(), maxBytes);
    for (let size = read.next(); size > 0; size = read.next()) {
      const buffer = Buffer.allocUnsafe(size);
      if (!read.got(buffer, (await handle.read(buffer, 0, size, null)).bytesRead)) break;
    }
    return read.snapshot();
  } finally {
    await handle.close();
  }
}

/**
 * {@link readFileBounded} with synchronous calls, for a caller that reads one file at a time on
 * a thread of its own (the CLI): there an asynchronous read of a small file costs more in promise
 * and thread-pool hand-offs than the system calls themselves (about 0.4 ms against 0.05 ms per
 * file, measured on the corpus). Same checks, same limits, same errors.
 *
 * @throws {ReadRefusal} for a file that is not a regular file or is over `maxBytes`
 * @throws the I/O error of `stat`, `open` or `read` (EACCES, ENOENT, ELOOP…)
 */
export function readFileBoundedSync(file: string, maxBytes: number = DEFAULT_MAX_BYTES): FileSnapshot {
  const before = statSync(file);
  checkStat(file, before, maxBytes);
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const read = new BoundedRead(file, before, fstatSync(fd), maxBytes);
    for (let size = read.next(); size > 0; size = read.next()) {
      const buffer = Buffer.allocUnsafe(size);
      if (!read.got(buffer, readSync(fd, buffer, 0, size, null))) break;
    }
    return read.snapshot();
  } finally {
    closeSync(fd);
  }
}

/** Read-only and non-blocking: opening a FIFO or a device that appeared after the check does not wait. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * One bounded read of an open file, checked on its descriptor's status (`stat`), which must be
 * the file checked before it was opened (`before`): how much to read next, what was read, the result.
 */
class BoundedRead {
  private readonly chunks: Buffer[] = [];
  private total = 0;

  /** @throws {ReadRefusal} when the open file is not a regular file within `maxBytes`, or not the file `before` describes */
  constructor(
    private readonly file: string,
    before: Stats,
    private readonly stat: Stats,
    private readonly maxBytes: number,
  ) {
    checkStat(file, stat, maxBytes);
    if (stat.ino !== before.ino || stat.dev !== before.dev) throw new ReadRefusal(file, 'replaced while it was opened; not read');
  }

  /** Bytes to ask for next: to the expected end and one byte past it (64 KiB to 1 MiB), never past `maxBytes + 1`; 0 when done. */
  next(): number {
    return Math.max(0, Math.min(Math.max(this.stat.size - this.total + 1, 1 << 16), this.maxBytes + 1 - this.total, 1 << 20));
  }

  /** Keeps the first `bytesRead` bytes of `buffer`; false at the end of the file. */
  got(buffer: Buffer, bytesRead: number): boolean {
    if (bytesRead === 0) return false;
    this.chunks.push(buffer.subarray(0, bytesRead));
    this.total += bytesRead;
    return true;
  }

  /** @throws {ReadRefusal} when the file grew past `maxBytes` while it was read */
  snapshot(): FileSnapshot {
    if (this.total > this.maxBytes) throw new ReadRefusal(this.file, tooLarge(this.total, this.maxBytes, true));
    return { bytes: Buffer.concat(this.chunks, this.total), stat: this.stat };
  }
}

function checkStat(file: string, stat: Stats, maxBytes: number): void {
  if (!stat.isFile()) throw new ReadRefusal(file, `not a regular file (${fileType(stat)}); not read`);
  if (stat.size > maxBytes) throw new ReadRefusal(file, tooLarge(stat.size, maxBytes, false));
}

function tooLarge(size: number, maxBytes: number, grew: boolean): string {
  const shown = megabytes(size) === megabytes(maxBytes) ? `${size} bytes` : `${megabytes(size)} MB`;
  return `${grew ? 'grew past' : `is ${shown}, over`} the ${megabytes(maxBytes)} MB size limit (--max-file-size-mb); not read`;
}
