import { appendFileSync, chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixText } from '../server/src/core/index.js';
import { decode } from '../server/src/node/encoding.js';
import { readFileBounded } from '../server/src/node/read.js';
import { writeFileSafely, WriteRefusal } from '../server/src/node/write.js';
import { corpusFiles, hasCorpus } from './helpers/corpus.js';
import { isRoot, jsonFiles, NOBODY, onlyInsertedBytes, planlint } from './helpers/cli.js';

const PLAN = '# Plan: ship search\n\n## Stage 1: Build the index\n\n- [ ] Index documents\n\n## Stage 2: Deploy to production\n\n- [ ] Deploy\n';
const posix = process.platform !== 'win32';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'planlint-fix-'));
});

function write(rel: string, content: string | Buffer = PLAN): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

const tempFiles = () => readdirSync(dir).filter((f) => f.includes('planlint-tmp'));

describe.skipIf(!posix)('--fix write protocol', () => {
  it('writes through a symbolic link: the link stays a link, its target gets the fix', async () => {
    const target = write('plans/plan.md');
    symlinkSync('plans/plan.md', path.join(dir, 'link.md'));
    const r = await planlint(['lint', '--fix', 'link.md'], dir);
    expect(r.code).toBe(0);
    expect(lstatSync(path.join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain('## Rollback');
  });

  it("keeps the file's mode", async () => {
    const file = write('plan.md');
    chmodSync(file, 0o640);
    await planlint(['lint', '--fix', 'plan.md'], dir);
    expect(readFileSync(file, 'utf8')).toContain('## Rollback');
    expect(statSync(file).mode & 0o7777).toBe(0o640);
  });

  it.skipIf(!isRoot)("keeps the file's owner when run as root", async () => {
    const file = write('plan.md');
    chownSync(file, NOBODY.uid, NOBODY.gid);
    await planlint(['lint', '--fix', 'plan.md'], dir);
    expect(readFileSync(file, 'utf8')).toContain('## Rollback');
    expect(statSync(file)).toMatchObject({ uid: NOBODY.uid, gid: NOBODY.gid });
  });

  it('refuses a file without write bits, even for root', async () => {
    const file = write('plan.md');
    chmodSync(file, 0o444);
    const r = await planlint(['lint', '--fix', 'plan.md'], dir);
    expect(r.stdout).toContain('read-only (mode 0444); not fixed');
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(PLAN);
  });

  it.skipIf(!isRoot)('refuses a file the user cannot write or cannot own, in a folder the user could rename into', async () => {
    chmodSync(dir, 0o777);
    const notMine = write('plan.md');
    chmodSync(notMine, 0o644);
    const r = await planlint(['lint', '--fix', '-f', 'json', 'plan.md'], dir, NOBODY);
    expect(jsonFiles(r)[0]!.errors).toEqual(['read-only (no write permission); not fixed']);
    expect(readFileSync(notMine, 'utf8')).toBe(PLAN);
    // Writable by everyone but owned by root: a new file from this user would change the owner.
    chmodSync(notMine, 0o666);
    const owner = await planlint(['lint', '--fix', '-f', 'json', 'plan.md'], dir, NOBODY);
    expect(jsonFiles(owner)[0]!.errors).toEqual(['owned by 0:0, which this user cannot give a new file; not fixed']);
    expect(owner.code).toBe(2);
    expect(readFileSync(notMine, 'utf8')).toBe(PLAN);
    expect(statSync(notMine).uid).toBe(0);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses a file with several hard links', async () => {
    const file = write('plan.md');
    linkSync(file, path.join(dir, 'same.md'));
    const r = await planlint(['lint', '--fix', 'plan.md'], dir);
    expect(r.stdout).toContain('has 2 hard links and a fix would separate them; not fixed');
    expect(readFileSync(file, 'utf8')).toBe(PLAN);
  });
});

describe('writeFileSafely', () => {
  it('refuses a file changed since it was read and keeps the change', async () => {
    const file = write('plan.md');
    const snapshot = await readFileBounded(file);
    appendFileSync(file, '- [ ] A line added meanwhile\n');
    await expect(writeFileSafely(file, snapshot, Buffer.from('replaced'))).rejects.toThrow(new WriteRefusal(file, 'changed while fixing; not written'));
    expect(readFileSync(file, 'utf8')).toBe(`${PLAN}- [ ] A line added meanwhile\n`);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses a same-size change with the same mtime (compares bytes too)', async () => {
    const file = write('plan.md');
    const snapshot = await readFileBounded(file);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, PLAN.replace('Index', 'INDEX'));
    utimesSync(file, atime, mtime);
    await expect(writeFileSafely(file, snapshot, Buffer.from('replaced'))).rejects.toThrow('changed while fixing');
    expect(readFileSync(file, 'utf8')).toContain('INDEX');
  });

  it('leaves the target untouched and no temporary file when the final rename fails', async () => {
    const file = write('target.md');
    const snapshot = await readFileBounded(file);
    // A directory where the file was: the identity check or the rename fails, nothing is written.
    rmSync(file);
    mkdirSync(file);
    writeFileSync(path.join(file, 'keep.txt'), 'keep');
    await expect(writeFileSafely(file, snapshot, Buffer.from('new content'))).rejects.toThrow();
    expect(readFileSync(path.join(file, 'keep.txt'), 'utf8')).toBe('keep');
    expect(readdirSync(dir)).toEqual(['target.md']);
  });
});

/** The ways a plan is saved on disk that `--fix` must keep byte for byte. */
const ENCODINGS: Record<string, (text: string) => Buffer> = {
  'utf-16le-bom': (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  'utf-16be-bom': (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]),
  'utf-16le': (t) => Buffer.from(t, 'utf16le'),
  // Latin-1: characters above U+00FF become '?', as iconv's //TRANSLIT does for most of them.
  latin1: (t) => Buffer.from(t.replace(/[^\u0000-\u00ff]/gu, '?'), 'latin1'),
  'utf-8-bom-crlf': (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t.replace(/\r?\n/g, '\r\n'), 'utf8')]),
};

describe.skipIf(!hasCorpus)('--fix keeps every original byte in any encoding', () => {
  // Corpus plans that --fix changes, with characters outside ASCII (a bounded sample).
  const sample = corpusFiles()
    .filter(([rel, text]) => rel.startsWith('public/') && /[^\x00-\x7f]/.test(text) && fixText(text).text !== text)
    .slice(0, 3);

  it('on UTF-16 (with and without a byte order mark), Latin-1 and UTF-8 with BOM and CRLF copies of corpus plans', async () => {
    expect(sample.length).toBe(3);
    const originals = new Map<string, Buffer>();
    for (const [rel, text] of sample) {
      for (const [name, encode] of Object.entries(ENCODINGS)) {
        const file = `${name}--${path.basename(rel)}`;
        originals.set(file, encode(text));
        write(file, originals.get(file)!);
      }
    }
    const r = await planlint(['lint', '--fix', '-f', 'json', '.'], dir);
    expect(jsonFiles(r).filter((f) => f.errors)).toEqual([]);
    for (const [file, before] of originals) {
      const after = readFileSync(path.join(dir, file));
      expect(after.equals(before), `${file} was fixed`).toBe(false);
      expect(onlyInsertedBytes(before, after), `${file} keeps every original byte in order`).toBe(true);
      const decodedBefore = decode(before);
      const decodedAfter = decode(after);
      expect([decodedAfter.encoding, decodedAfter.bom]).toEqual([decodedBefore.encoding, decodedBefore.bom]);
      expect(decodedAfter.text, `${file} holds the fixed text`).toBe(fixText(decodedBefore.text, undefined, { path: path.join(dir, file) }).text);
      if (file.startsWith('utf-8-bom-crlf')) expect(decodedAfter.text.replace(/\r\n/g, '')).not.toContain('\n');
    }
    const fixed = new Map([...originals.keys()].map((f) => [f, readFileSync(path.join(dir, f))]));
    await planlint(['lint', '--fix', '.'], dir);
    for (const [file, bytes] of fixed) expect(readFileSync(path.join(dir, file)).equals(bytes), `${file}: a second --fix changes nothing`).toBe(true);
  });
});
