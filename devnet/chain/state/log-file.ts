// The append-only log on disk. Appends are synchronous and fsynced before returning, because the
// store promises that a transaction the RPC has answered survives a crash; opening repairs a torn
// tail (see frame.ts) and fsyncs the repair before anything new is written after it.
import fs from 'node:fs';
import path from 'node:path';
import { encodeFrame, LOG_MAGIC, scanLog, type LogFrame } from './frame.ts';
import { StoreClosedError } from './errors.ts';

export interface OpenedLog {
  readonly log: LogFile;
  /** Intact records found on disk, oldest first. */
  readonly frames: LogFrame[];
  /** Bytes of a torn last write that were cut away (0 when the log was clean). */
  readonly repairedBytes: number;
}

export class LogFile {
  readonly path: string;
  #fd: number | undefined;
  #size: number;

  private constructor(file: string, fd: number, size: number) {
    this.path = file;
    this.#fd = fd;
    this.#size = size;
  }

  /** Opens (creating if missing) the log at `file` and returns its intact records. */
  static open(file: string): OpenedLog {
    const existed = fs.existsSync(file);
    const fd = fs.openSync(file, existed ? 'r+' : 'w+');
    try {
      const bytes = existed ? fs.readFileSync(fd) : new Uint8Array();
      const scan = scanLog(bytes);
      let size = scan.validLength;
      if (scan.torn || size < LOG_MAGIC.length) {
        fs.ftruncateSync(fd, size);
        if (size < LOG_MAGIC.length) {
          fs.writeSync(fd, LOG_MAGIC, 0, LOG_MAGIC.length, 0);
          size = LOG_MAGIC.length;
        }
        fs.fsyncSync(fd);
        if (!existed) syncDirectory(path.dirname(file));
      }
      return {
        log: new LogFile(file, fd, size),
        frames: scan.frames,
        repairedBytes: bytes.length - scan.validLength,
      };
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** Appends one record and returns once it is on stable storage. */
  append(payload: Uint8Array): void {
    const fd = this.#fd;
    if (fd === undefined) throw new StoreClosedError(`chain log ${this.path} is closed`);
    const frame = encodeFrame(payload);
    try {
      let written = 0;
      while (written < frame.length)
        written += fs.writeSync(fd, frame, written, frame.length - written, this.#size + written);
      fs.fsyncSync(fd);
    } catch (error) {
      // Leave no partial frame behind: a later successful append would otherwise sit after it
      // and turn this recoverable torn write into corruption.
      try {
        fs.ftruncateSync(fd, this.#size);
      } catch {
        // Already failing; the torn tail is repaired on the next open.
      }
      throw error;
    }
    this.#size += frame.length;
  }

  close(): void {
    if (this.#fd === undefined) return;
    fs.closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Makes a new file's directory entry durable (no-op where directories cannot be fsynced). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open or fsync directories; NTFS journals the entry itself.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
