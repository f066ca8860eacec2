import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { attachmentBlobs, type Database, type Tx } from '@cuntu/db';

/**
 * Where attachment files and thumbnails are kept, by key. Two stores here: the database (the embedded
 * default: the files go with the data, its backups and its restores) and a directory beside the data
 * (`CUNTU_ATTACHMENTS_DIR`: files the operator backs up with the data directory). An S3-compatible
 * store is the server option (README): one more implementation of these three calls.
 */
export interface AttachmentStore {
  /** Keeps files under new keys; `tx`, when given, is the transaction the attachment's row is written in (a database store writes in it). */
  put(files: Array<{ key: string; bytes: Uint8Array }>, tx?: Tx): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  /** Drops files whose rows were never written (a failed upload); removed attachments keep theirs, to be restored. */
  drop(keys: string[]): Promise<void>;
}

export function databaseStore(database: Database): AttachmentStore {
  return {
    async put(files, tx) {
      if (files.length) await (tx ?? database.db).insert(attachmentBlobs).values(files.map(({ key, bytes }) => ({ key, bytes })));
    },
    async get(key) {
      const [row] = await database.db.select({ bytes: attachmentBlobs.bytes }).from(attachmentBlobs).where(eq(attachmentBlobs.key, key));
      return row ? new Uint8Array(row.bytes) : null;
    },
    async drop(keys) {
      if (keys.length) await database.db.delete(attachmentBlobs).where(inArray(attachmentBlobs.key, keys));
    },
  };
}

/** Keys are made by the server (`newKey`); a key naming anything outside the directory is refused all the same. */
const fileOf = (dir: string, key: string) => {
  if (!/^[a-z0-9-]+(\.[a-z]+)?$/.test(key)) throw new Error(`not an attachment key: ${key}`);
  return path.join(dir, key.slice(0, 2), key);
};

export function directoryStore(dir: string): AttachmentStore {
  return {
    async put(files) {
      for (const { key, bytes } of files) {
        const file = fileOf(dir, key);
        await mkdir(path.dirname(file), { recursive: true });
        // Written whole, then renamed: a crash leaves no half file under the key.
        await writeFile(`${file}.part`, bytes);
        await rename(`${file}.part`, file);
      }
    },
    async get(key) {
      return readFile(fileOf(dir, key)).then((b) => new Uint8Array(b), (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      });
    },
    async drop(keys) {
      await Promise.all(keys.map((key) => rm(fileOf(dir, key), { force: true })));
    },
  };
}

/** The deployment's store: a directory when the settings name one (`CUNTU_ATTACHMENTS_DIR`), else the database. */
export const attachmentStoreFor = (database: Database, dir: string | null): AttachmentStore => (dir ? directoryStore(path.resolve(dir)) : databaseStore(database));
