import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { emptyState, STATE_FORMAT_VERSION, type State } from './state';
import { applyJournalOps } from './tracked-state';

interface StateFile {
  format: number;
  /** Which journal continues this file (absent in files written before the journal: 0). */
  generation?: number;
  state: State;
}

/** What a restart finds on disk: the state (file + journal) and where the journal stands. */
export interface LoadedState {
  state: State;
  generation: number;
  /** Bytes of a journal that continues the file; null when there is none to append to. */
  journalBytes: number | null;
  fileBytes: number;
}

export const journalFileOf = (file: string) => `${file}.journal`;

/**
 * Loads the state written by a previous run: the state file, then the journal's batches in order.
 * A missing file is a fresh start; a damaged file or journal batch is an error, except a torn last
 * batch, which a crash cut short before it was acknowledged.
 */
export function loadState(file: string): State {
  return loadStateWithJournal(file).state;
}

export function loadStateWithJournal(file: string): LoadedState {
  const text = readIfExists(file);
  if (text === null) return { state: emptyState(), generation: 0, journalBytes: null, fileBytes: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`The local Stripe state file ${file} is not valid JSON; move it aside to start afresh.`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('format' in parsed) || !('state' in parsed)) {
    throw new Error(`The local Stripe state file ${file} is not in a known format.`);
  }
  const { format, state, generation = 0 } = parsed as StateFile;
  if (format !== STATE_FORMAT_VERSION) {
    throw new Error(
      `The local Stripe state file ${file} has format ${format}; this version reads ${STATE_FORMAT_VERSION}.`,
    );
  }
  const loaded = { ...emptyState(), ...state };
  const journalBytes = replayJournal(journalFileOf(file), loaded, generation);
  return { state: loaded, generation, journalBytes, fileBytes: Buffer.byteLength(text) };
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Applies the journal that continues the state file (same generation) and returns its length; a
 * journal of another generation was folded into the file by a compaction that crashed before it
 * could reset the journal, and is ignored (null: the next write compacts again).
 */
function replayJournal(journal: string, state: State, generation: number): number | null {
  const text = readIfExists(journal);
  if (text === null) return null;
  const lines = text.split('\n');
  let header: unknown;
  try {
    header = JSON.parse(lines[0] ?? '');
  } catch {
    return null;
  }
  if ((header as { generation?: unknown } | null)?.generation !== generation) return null;
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    // The last batch without its newline was cut short by a crash: never acknowledged.
    if (index === lines.length - 1) return line === '' ? Buffer.byteLength(text) : null;
    let batch: { ops?: unknown };
    try {
      batch = JSON.parse(line) as { ops?: unknown };
    } catch {
      throw new Error(`The local Stripe journal ${journal} is damaged at line ${index + 1}; move it aside.`);
    }
    applyJournalOps(state, Array.isArray(batch.ops) ? batch.ops : []);
  }
  return Buffer.byteLength(text);
}

/** Writes via a temp file, fsync and rename, so a crash leaves either the old or the new file whole. */
async function writeAtomically(file: string, contents: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // The rename itself is durable only once the directory entry is flushed; best effort where unsupported.
  try {
    const directory = await open(dirname(file), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  } catch {
    // Some platforms cannot fsync a directory; the file's own fsync already happened.
  }
}

/**
 * Coalesced durable writes. Each committed change hands its journal operations over (`record`);
 * `flush()` resolves once a write that started after the latest change has completed, so concurrent
 * requests share one write and nothing is acknowledged before its own change is on disk.
 *
 * A write appends one line (a batch of the changed objects) to the journal and syncs it: the cost
 * follows what changed, not the size of the state. Now and then (the journal outgrew the state file,
 * a change the tracker did not see, a failed append) the whole state is written instead - temp
 * file, fsync, rename - under the next generation, and the journal starts again for it.
 */
export class StatePersister {
  private version = 0;
  private written = 0;
  private writing: Promise<void> | null = null;
  private pending: string[] = [];
  private full: boolean;
  private generation: number;
  private journalBytes: number;
  private baseBytes = 0;
  private journal: FileHandle | null = null;

  constructor(
    private readonly file: string | undefined,
    private readonly serialize: (generation: number) => string,
    loaded: Omit<LoadedState, 'state'> = { generation: 0, journalBytes: null, fileBytes: 0 },
    private readonly compactAfterBytes = 1024 * 1024,
  ) {
    this.generation = loaded.generation;
    this.baseBytes = loaded.fileBytes;
    this.journalBytes = loaded.journalBytes ?? 0;
    this.full = loaded.journalBytes === null;
  }

  /** A change is about to be made (its operations follow with `record`, or it is untracked). */
  markDirty(): void {
    this.version += 1;
  }

  /** The next write is the whole state (a change whose parts are not known). */
  markFull(): void {
    this.version += 1;
    this.full = true;
  }

  record(ops: readonly string[]): void {
    if (ops.length === 0) return;
    this.version += 1;
    this.pending.push(...ops);
  }

  get dirty(): boolean {
    return this.written < this.version;
  }

  /** The version of the latest change; a change is durable once `writtenVersion` reaches it. */
  get currentVersion(): number {
    return this.version;
  }

  get writtenVersion(): number {
    return this.written;
  }

  async flush(): Promise<void> {
    const target = this.version;
    while (this.written < target) {
      if (this.writing) {
        await this.writing.catch(() => undefined);
        continue;
      }
      const version = this.version;
      const ops = this.pending;
      this.pending = [];
      if (this.file === undefined) {
        this.written = version;
        return;
      }
      this.writing = this.write(this.file, ops)
        .then(() => {
          this.written = Math.max(this.written, version);
        })
        .finally(() => {
          this.writing = null;
        });
      await this.writing;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.journal?.close();
    this.journal = null;
  }

  private async write(file: string, ops: string[]): Promise<void> {
    const compact = this.full || this.journalBytes > Math.max(this.compactAfterBytes, this.baseBytes);
    try {
      if (compact) await this.compact(file);
      else if (ops.length > 0) await this.append(file, `{"ops":[${ops.join(',')}]}\n`);
    } catch (error) {
      // A failed append may have left part of a line: the next write rewrites everything.
      this.full = true;
      throw error;
    }
  }

  private async append(file: string, line: string): Promise<void> {
    this.journal ??= await open(journalFileOf(file), 'a', 0o600);
    await this.journal.writeFile(line, 'utf8');
    await this.journal.datasync();
    this.journalBytes += Buffer.byteLength(line);
  }

  /** The whole state under the next generation, then a fresh journal for it. */
  private async compact(file: string): Promise<void> {
    this.full = true;
    const generation = this.generation + 1;
    const contents = this.serialize(generation);
    await writeAtomically(file, contents);
    this.generation = generation;
    this.baseBytes = Buffer.byteLength(contents);
    await this.journal?.close();
    this.journal = null;
    const header = `${JSON.stringify({ generation })}\n`;
    await writeAtomically(journalFileOf(file), header);
    this.journalBytes = Buffer.byteLength(header);
    this.full = false;
  }

  static serializeState(state: State, generation = 0): string {
    const file: StateFile = { format: STATE_FORMAT_VERSION, generation, state };
    return JSON.stringify(file);
  }
}
