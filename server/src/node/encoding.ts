/**
 * Decoding a file's bytes for analysis and encoding a fixed text back without losing a byte.
 *
 * A file is UTF-8 (with or without a byte order mark), UTF-16 LE or BE (with a byte order mark,
 * or without one when its NUL bytes say so), or bytes that are not valid UTF-8 (Latin-1 and
 * other legacy encodings, or damage). The last kind is decoded as UTF-8 with U+FFFD for each
 * invalid sequence, which is enough to lint it; a fix is written by splicing the inserted text
 * into the original bytes, so every original byte stays as it was.
 */

import { isUtf8 } from 'node:buffer';

/** The encodings planlint reads and writes. */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** A file's bytes and the text decoded from them. */
export interface Decoded {
  /** The original bytes. */
  bytes: Buffer;
  /** The decoded text, without the byte order mark. */
  text: string;
  encoding: Encoding;
  /** Length in bytes of the byte order mark at the start of `bytes` (0, 2 or 3). */
  bom: number;
  /**
   * Number of invalid byte sequences replaced by U+FFFD (an odd trailing byte in UTF-16
   * counts as one). 0 when the text decodes losslessly.
   */
  invalid: number;
  /** Byte offset of the first invalid sequence, or -1. */
  firstInvalid: number;
}

/** Result of {@link encodeFixed}: the bytes to write, or why the fix cannot be written losslessly. */
export type Encoded = { bytes: Buffer } | { refused: string };

const REPLACEMENT = 0xfffd;

/**
 * Decodes `bytes`: a UTF-8 or UTF-16 byte order mark decides the encoding; without one, bytes
 * whose NULs fall on one parity (ASCII in UTF-16) are UTF-16 without a mark; anything else is
 * UTF-8, invalid sequences replaced by U+FFFD as the WHATWG decoder does.
 */
export function decode(bytes: Buffer): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes, 3);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be', 2);
  const unmarked = utf16WithoutMark(bytes);
  if (unmarked) return decodeUtf16(bytes, unmarked, 0);
  return decodeUtf8(bytes, 0);
}

/**
 * Decodes `bytes` as `encoding` with a byte order mark of `bom` bytes (0 for none), without
 * detection: how a file known to be in that encoding reads.
 */
export function decodeAs(bytes: Buffer, encoding: Encoding, bom: number): Decoded {
  return encoding === 'utf-8' ? decodeUtf8(bytes, bom) : decodeUtf16(bytes, encoding, bom);
}

/**
 * UTF-16 without a byte order mark: at least two NULs and one in four code units, all (or
 * nearly all) at the high byte of a unit, as ASCII in UTF-16 has. Text in UTF-8 has NULs only
 * by damage, at either parity.
 */
function utf16WithoutMark(bytes: Buffer): Encoding | undefined {
  if (bytes.length < 4 || bytes.indexOf(0) < 0) return undefined;
  const n = Math.min(bytes.length, 1 << 16) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const units = n / 2;
  if (odd >= 2 && odd >= units / 4 && even * 20 <= odd) return 'utf-16le';
  if (even >= 2 && even >= units / 4 && odd * 20 <= even) return 'utf-16be';
  return undefined;
}

function decodeUtf8(bytes: Buffer, bom: number): Decoded {
  const body = bytes.subarray(bom);
  if (isUtf8(body)) return { bytes, text: body.toString('utf8'), encoding: 'utf-8', bom, invalid: 0, firstInvalid: -1 };
  const { text, invalid, firstInvalid } = utf8WithOffsets(bytes, bom, undefined);
  return { bytes, text, encoding: 'utf-8', bom, invalid, firstInvalid };
}

function decodeUtf16(bytes: Buffer, encoding: Encoding, bom: number): Decoded {
  const units = Math.floor((bytes.length - bom) / 2);
  const le = encoding === 'utf-16le';
  const parts: string[] = [];
  const chunk: number[] = [];
  for (let u = 0; u < units; u++) {
    const i = bom + 2 * u;
    chunk.push(le ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
    if (chunk.length === 8192) parts.push(String.fromCharCode(...chunk.splice(0)));
  }
  const odd = (bytes.length - bom) % 2 === 1;
  if (odd) chunk.push(REPLACEMENT);
  parts.push(String.fromCharCode(...chunk));
  return { bytes, text: parts.join(''), encoding, bom, invalid: odd ? 1 : 0, firstInvalid: odd ? bytes.length - 1 : -1 };
}

/**
 * Decodes UTF-8 from `bytes[start..]` with the WHATWG replacement rule (one U+FFFD per maximal
 * invalid subpart). When `offsets` is given, `offsets[k]` receives the byte offset at which
 * UTF-16 code unit k starts (-1 for the low half of a surrogate pair), and
 * `offsets[text.length]` the length of `bytes`.
 */
function utf8WithOffsets(bytes: Buffer, start: number, offsets: Int32Array | undefined): { text: string; invalid: number; firstInvalid: number } {
  const parts: string[] = [];
  let chunk: number[] = [];
  let units = 0;
  let invalid = 0;
  let firstInvalid = -1;
  const emit = (unit: number, at: number) => {
    if (offsets) offsets[units] = at;
    units++;
    chunk.push(unit);
    if (chunk.length >= 8192) {
      parts.push(String.fromCharCode(...chunk));
      chunk = [];
    }
  };
  const bad = (at: number) => {
    invalid++;
    if (firstInvalid < 0) firstInvalid = at;
    emit(REPLACEMENT, at);
  };
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      emit(b, i);
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      bad(i);
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k = 0; k < need; k++, j++) {
      const c = bytes[j];
      if (c === undefined || c < lower || c > upper) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (c & 0x3f);
      lower = 0x80;
      upper = 0xbf;
    }
    if (!ok) {
      bad(i);
      i = j;
      continue;
    }
    if (cp >= 0x10000) {
      emit(0xd800 + ((cp - 0x10000) >> 10), i);
      emit(0xdc00 + ((cp - 0x10000) & 0x3ff), -1);
    } else {
      emit(cp, i);
    }
    i = j;
  }
  if (offsets) offsets[units] = bytes.length;
  parts.push(String.fromCharCode(...chunk));
  return { text: parts.join(''), invalid, firstInvalid };
}

/**
 * Byte offset in `decoded.bytes` at which each UTF-16 code unit of `decoded.text` starts
 * (length `text.length + 1`, the last entry the byte length); -1 for the low half of a
 * surrogate pair in UTF-8, where no byte boundary exists.
 */
function unitOffsets(decoded: Decoded): Int32Array {
  const offsets = new Int32Array(decoded.text.length + 1);
  if (decoded.encoding === 'utf-8') {
    utf8WithOffsets(decoded.bytes, decoded.bom, offsets);
    return offsets;
  }
  for (let k = 0; k < decoded.text.length; k++) offsets[k] = decoded.bom + 2 * k;
  offsets[decoded.text.length] = decoded.bytes.length;
  return offsets;
}

function encodeText(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const out = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') out.swap16();
  return out;
}

/** The encoding's name as a message shows it. */
export function describeEncoding(decoded: Decoded): string {
  const name = decoded.encoding === 'utf-8' ? 'UTF-8' : decoded.encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE';
  return decoded.bom ? `${name} with a byte order mark` : name;
}

/**
 * The bytes of `fixed` — `decoded.text` with text inserted, nothing removed or changed — built
 * by splicing each inserted run, encoded like the file, into the original bytes at the byte
 * offset of its insertion point: every original byte (byte order mark, line endings, bytes that
 * did not decode) stays in place and in order.
 *
 * Refused (with the reason) when `fixed` is not `decoded.text` plus insertions, when a file that
 * is not valid UTF-8 would receive non-ASCII text (its real encoding is unknown), when an
 * insertion would split a character, or when the result would not decode back to `fixed`.
 */
export function encodeFixed(decoded: Decoded, fixed: string): Encoded {
  const original = decoded.text;
  // Greedy alignment: original units matched in order; the rest of `fixed` is inserted.
  const runs: Array<{ inserted: boolean; from: number; to: number }> = [];
  let i = 0;
  for (let j = 0; j < fixed.length; j++) {
    const matched = i < original.length && fixed.charCodeAt(j) === original.charCodeAt(i);
    const last = runs[runs.length - 1];
    if (matched) {
      if (last && !last.inserted) last.to = i + 1;
      else runs.push({ inserted: false, from: i, to: i + 1 });
      i++;
    } else if (last && last.inserted) {
      last.to = j + 1;
    } else {
      runs.push({ inserted: true, from: j, to: j + 1 });
    }
  }
  if (i < original.length) return { refused: 'the fix would change existing text' };
  const offsets = unitOffsets(decoded);
  const chunks: Buffer[] = [decoded.bytes.subarray(0, decoded.bom)];
  for (const run of runs) {
    if (run.inserted) {
      const text = fixed.slice(run.from, run.to);
      if (decoded.invalid > 0 && decoded.encoding === 'utf-8' && /[^\x00-\x7f]/.test(text)) {
        return { refused: `not valid UTF-8 (first invalid byte at offset ${decoded.firstInvalid}) and the fix inserts non-ASCII text` };
      }
      chunks.push(encodeText(text, decoded.encoding));
    } else {
      const from = offsets[run.from]!;
      const to = offsets[run.to]!;
      if (from < 0 || to < 0) return { refused: 'an insertion would split a character' };
      chunks.push(decoded.bytes.subarray(from, to));
    }
  }
  if (runs.length === 0) chunks.push(decoded.bytes.subarray(decoded.bom));
  const bytes = Buffer.concat(chunks);
  if (decodeAs(bytes, decoded.encoding, decoded.bom).text !== fixed) {
    return { refused: `the fixed text does not encode back to ${describeEncoding(decoded)} losslessly` };
  }
  return { bytes };
}
