import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { emptyState, STATE_FORMAT_VERSION, type State } from './state';

interface StateFile {
  format: number;
  state: State;
}

/** Loads the state written by a previous run; a missing file is a fresh start, a damaged one an error. */
export function loadState(file: string): State {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return emptyState();
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`The local Stripe state file ${file} is not valid JSON; move it aside to start afresh.`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('format' in parsed) || !('state' in parsed)) {
    throw new Error(`The local Stripe state file ${file} is not in a known format.`);
  }
  const { format, state } = parsed as StateFile;
  if (format !== STATE_FORMAT_VERSION) {
    throw new Error(
      `The local Stripe state file ${file} has format ${format}; this version reads ${STATE_FORMAT_VERSION}.`,
    );
  }
  return { ...emptyState(), ...state };
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
 * Coalesced durable writes: every change bumps a version; `flush()` resolves once a write that
 * started after that change has completed. Concurrent requests share one write instead of
 * queueing one each, and nothing is acknowledged before its own change is on disk.
 */
export class StatePersister {
  private version = 0;
  private written = 0;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly file: string | undefined,
    private readonly serialize: () => string,
  ) {}

  markDirty(): void {
    this.version += 1;
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
      const file = this.file;
      if (file === undefined) {
        this.written = version;
        return;
      }
      const contents = this.serialize();
      this.writing = writeAtomically(file, contents)
        .then(() => {
          this.written = Math.max(this.written, version);
        })
        .finally(() => {
          this.writing = null;
        });
      await this.writing;
    }
  }

  static serializeState(state: State): string {
    const file: StateFile = { format: STATE_FORMAT_VERSION, state };
    return JSON.stringify(file);
  }
}
