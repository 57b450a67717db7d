import { appendFileSync, chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyze, applyEdits } from '../server/src/core/index.js';
import { decode } from '../server/src/node/encoding.js';
import { readFileBounded } from '../server/src/node/read.js';
import { writeFileSafely, writeFixedText, WriteRefusal } from '../server/src/node/write.js';
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

/**
 * Writes `PLAN`'s file back with a section appended, as `--fix` writes a fixed text: through
 * {@link writeFixedText}, the protocol the CLI uses. No rule has a fix today (section inserts are
 * editor suggestions), so the protocol is driven directly.
 */
async function writeBack(file: string, insert = '\n## Rollback\n\n- Steps: `helm rollback search`\n'): Promise<string | undefined> {
  const snapshot = await readFileBounded(file);
  const decoded = decode(snapshot.bytes);
  return writeFixedText(file, snapshot, decoded, decoded.text + insert);
}

describe('--fix applies fixes only', () => {
  it('leaves a plan whose findings carry only suggestions byte for byte as it was, and reports the same findings', async () => {
    const file = write('plan.md');
    const before = statSync(file);
    const plain = await planlint(['lint', '-f', 'json', 'plan.md'], dir);
    const fixed = await planlint(['lint', '--fix', '-f', 'json', 'plan.md'], dir);
    expect(readFileSync(file, 'utf8')).toBe(PLAN);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fixed.code).toBe(plain.code);
    const [report] = jsonFiles(fixed);
    expect(report).toEqual(jsonFiles(plain)[0]);
    const findings = (report as unknown as { findings: Array<{ ruleId: string; fix?: unknown; suggestions?: Array<{ title: string }> }> }).findings;
    expect(findings.filter((f) => f.fix)).toEqual([]);
    expect(findings.find((f) => f.ruleId === 'missing-rollback')?.suggestions?.map((s) => s.title)).toEqual(['Add a Rollback section']);
  });

  it('says nothing is fixable with --fix in the summary', async () => {
    write('plan.md');
    const r = await planlint(['lint', 'plan.md'], dir);
    expect(r.stdout).toMatch(/✖ \d+ problems/);
    expect(r.stdout).not.toContain('fixable with --fix');
  });
});

describe.skipIf(!posix)('fix write protocol', () => {
  it('writes through a symbolic link: the link stays a link, its target gets the fix', async () => {
    const target = write('plans/plan.md');
    symlinkSync('plans/plan.md', path.join(dir, 'link.md'));
    expect(await writeBack(path.join(dir, 'link.md'))).toBeUndefined();
    expect(lstatSync(path.join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toContain('## Rollback');
  });

  it("keeps the file's mode", async () => {
    const file = write('plan.md');
    chmodSync(file, 0o640);
    expect(await writeBack(file)).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toContain('## Rollback');
    expect(statSync(file).mode & 0o7777).toBe(0o640);
  });

  it.skipIf(!isRoot)("keeps the file's owner when run as root", async () => {
    const file = write('plan.md');
    chownSync(file, NOBODY.uid, NOBODY.gid);
    expect(await writeBack(file)).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toContain('## Rollback');
    expect(statSync(file)).toMatchObject({ uid: NOBODY.uid, gid: NOBODY.gid });
  });

  it('refuses a file without write bits, even for root', async () => {
    const file = write('plan.md');
    chmodSync(file, 0o444);
    expect(await writeBack(file)).toBe('read-only (mode 0444); not fixed');
    expect(readFileSync(file, 'utf8')).toBe(PLAN);
  });

  it('refuses a file with several hard links', async () => {
    const file = write('plan.md');
    linkSync(file, path.join(dir, 'same.md'));
    expect(await writeBack(file)).toBe('has 2 hard links and a fix would separate them; not fixed');
    expect(readFileSync(file, 'utf8')).toBe(PLAN);
    expect(tempFiles()).toEqual([]);
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

describe.skipIf(!hasCorpus)('a fixed text keeps every original byte in any encoding', () => {
  // Corpus plans with characters outside ASCII and a seeded suggestion (a bounded sample); the
  // suggestion's plain text is written as a fix would be.
  const sample = corpusFiles()
    .filter(([rel, text]) => rel.startsWith('public/') && /[^\x00-\x7f]/.test(text))
    .map(([rel, text]) => [rel, text, analyze(text).findings.flatMap((f) => f.suggestions ?? [])[0]] as const)
    .filter(([, , suggestion]) => suggestion !== undefined)
    .slice(0, 3);

  it('on UTF-16 (with and without a byte order mark), Latin-1 and UTF-8 with BOM and CRLF copies of corpus plans', async () => {
    expect(sample.length).toBe(3);
    for (const [rel, text] of sample) {
      for (const [name, encode] of Object.entries(ENCODINGS)) {
        const file = write(`${name}--${path.basename(rel)}`, encode(text));
        const before = readFileSync(file);
        const snapshot = await readFileBounded(file);
        const decoded = decode(snapshot.bytes);
        // The suggestion of this copy's own text: its line endings are the copy's.
        const suggestion = analyze(decoded.text).findings.flatMap((f) => f.suggestions ?? [])[0]!;
        const fixed = applyEdits(decoded.text, suggestion.edits).text;
        expect(await writeFixedText(file, snapshot, decoded, fixed)).toBeUndefined();
        const after = readFileSync(file);
        expect(after.equals(before), `${file} was written`).toBe(false);
        expect(onlyInsertedBytes(before, after), `${file} keeps every original byte in order`).toBe(true);
        const decodedAfter = decode(after);
        expect([decodedAfter.encoding, decodedAfter.bom]).toEqual([decoded.encoding, decoded.bom]);
        expect(decodedAfter.text, `${file} holds the fixed text`).toBe(fixed);
        if (file.includes('utf-8-bom-crlf')) expect(decodedAfter.text.replace(/\r\n/g, '')).not.toContain('\n');
      }
    }
  });
});
