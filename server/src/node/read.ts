import { constants, promises as fs, type Stats } from 'node:fs';

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
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    checkStat(file, stat, maxBytes);
    if (stat.ino !== before.ino || stat.dev !== before.dev) throw new ReadRefusal(file, 'replaced while it was opened; not read');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const size = Math.min(Math.max(stat.size - total + 1, 1 << 16), maxBytes + 1 - total, 1 << 20);
      if (size <= 0) break;
      const buffer = Buffer.allocUnsafe(size);
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > maxBytes) throw new ReadRefusal(file, tooLarge(total, maxBytes, true));
    return { bytes: Buffer.concat(chunks, total), stat };
  } finally {
    await handle.close();
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
