import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { encodeFixed, type Decoded } from './encoding.js';
import { describeError, readFileBounded, type FileSnapshot } from './read.js';

/** A fix that was not written, with the reason as a message shows it. The file is unchanged. */
export class WriteRefusal extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'WriteRefusal';
  }
}

/**
 * Replaces the content of `file`, read earlier as `snapshot`, with `content`, or leaves it
 * untouched:
 *
 * - a symbolic link is written through: its final target is replaced, the link is kept;
 * - refused (a {@link WriteRefusal}) when the file is read-only (no write permission, or no
 *   write bit in its mode, which root would otherwise ignore), has more than one hard link (a
 *   rename would split them), or changed since `snapshot` was taken (identity, size, mtime or
 *   bytes);
 * - the new content goes to a temporary file in the same directory, which gets the original's
 *   owner (refused when that is not possible: a non-root user cannot give a file away) and
 *   mode, is flushed to disk, and is renamed over the original after a last check that the
 *   original still holds the bytes of `snapshot`.
 *
 * On any failure the temporary file is removed and the original is as it was.
 *
 * @throws {WriteRefusal} for the refusals above
 * @throws the I/O error that stopped the write
 */
export async function writeFileSafely(file: string, snapshot: FileSnapshot, content: Buffer): Promise<void> {
  const target = await fs.realpath(file);
  const stat = await fs.stat(target);
  const refuse = (reason: string) => new WriteRefusal(file, reason);
  if (!stat.isFile()) throw refuse('not a regular file; not written');
  if (changed(snapshot.stat, stat)) throw refuse('changed while fixing; not written');
  if ((stat.mode & 0o222) === 0) throw refuse(`read-only (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')}); not fixed`);
  try {
    await fs.access(target, constants.W_OK);
  } catch {
    throw refuse('read-only (no write permission); not fixed');
  }
  if (stat.nlink > 1) throw refuse(`has ${stat.nlink} hard links and a fix would separate them; not fixed`);

  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.planlint-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    await handle.writeFile(content);
    const own = await handle.stat();
    if (own.uid !== stat.uid || own.gid !== stat.gid) {
      try {
        await handle.chown(stat.uid, stat.gid);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPERM' || code === 'EINVAL') throw refuse(`owned by ${stat.uid}:${stat.gid}, which this user cannot give a new file; not fixed`);
        throw error;
      }
    }
    await handle.chmod(stat.mode & 0o7777);
    await handle.sync();
    await handle.close();
    handle = undefined;
    const now = await readFileBounded(target, Math.max(snapshot.bytes.length, 1));
    if (changed(snapshot.stat, now.stat) || !now.bytes.equals(snapshot.bytes)) throw refuse('changed while fixing; not written');
    await fs.rename(tmp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if ((error as Error).name === 'ReadRefusal') throw refuse('changed while fixing; not written');
    throw error;
  }
  await syncDirectory(path.dirname(target));
}

/** True when `now` is not the file `then` described, or its size or mtime moved. */
function changed(then: Stats, now: Stats): boolean {
  return then.dev !== now.dev || then.ino !== now.ino || then.size !== now.size || then.mtimeMs !== now.mtimeMs;
}

/** Flushes a directory entry change to disk where the platform allows it (not on Windows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch {
    // best effort: the rename itself is atomic
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Writes `fixed` — `decoded`'s text (read from `file` as `snapshot`) with fixes inserted — in
 * the file's own encoding with every original byte kept ({@link encodeFixed}), by
 * {@link writeFileSafely}. Never throws.
 *
 * @returns why the file was left unchanged, or `undefined` when it was written
 */
export async function writeFixedText(file: string, snapshot: FileSnapshot, decoded: Decoded, fixed: string): Promise<string | undefined> {
  const encoded = encodeFixed(decoded, fixed);
  if ('refused' in encoded) return `${encoded.refused}; not fixed`;
  try {
    await writeFileSafely(file, snapshot, encoded.bytes);
    return undefined;
  } catch (error) {
    return error instanceof WriteRefusal ? error.reason : `could not write fixes, file left unchanged: ${describeError(error)}`;
  }
}
