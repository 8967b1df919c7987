import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import type { AttachmentInfo } from '../../shared/contract/register.contract';
import { carrierAfterAttachment } from '../../shared/domain/carrier';
import { AppError } from '../../shared/errors';
import { ERR } from '../../shared/error-texts';
import type { Database } from '../db/database';
import { ArchiveRecordEntity, AttachmentEntity } from '../db/entities';
import type { AttachmentRow } from '../db/entities/record.entity';
import { DecryptStream, EncryptStream } from '../vault/attachment-crypto';
import { open as openSealed, seal, Sealed } from '../vault/envelope';
import type { VaultSecrets } from '../vault/vault-secrets';
import type { AuditService } from './audit.service';
import type { SettingsService } from './settings.service';
import type { Actor } from './actor';

/** Types a community archive scans to; anything else is refused. */
const ALLOWED: Record<string, string[]> = {
  '.pdf': ['application/pdf'],
  '.jpg': ['image/jpeg'],
  '.jpeg': ['image/jpeg'],
  '.png': ['image/png'],
  '.tif': ['image/tiff'],
  '.tiff': ['image/tiff'],
  '.ofd': ['application/ofd', 'application/octet-stream'],
  '.doc': ['application/msword'],
  '.docx': ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  '.xls': ['application/vnd.ms-excel'],
  '.xlsx': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  '.txt': ['text/plain'],
};
const VIEWABLE = new Set(['application/pdf', 'image/jpeg', 'image/png']);
const MAX_VIEW_BYTES = 64 * 1024 * 1024;

export function checkFileName(name: string, mime: string): { ext: string; mime: string } {
  // Path-like names could escape the store or hide the real type; control characters too.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[/\\:*?"<>|\u0000-\u001f]/.test(name) || name.includes('..') || name.startsWith('.')) {
    throw new AppError('VALIDATION', ERR.attachments.badName);
  }
  const ext = extname(name).toLowerCase();
  const allowed = ALLOWED[ext];
  if (!allowed) throw new AppError('VALIDATION', ERR.attachments.unsupportedType(ext, Object.keys(ALLOWED).join(' ')));
  const m = mime && mime !== 'application/octet-stream' ? mime : allowed[0];
  if (!allowed.includes(m)) throw new AppError('VALIDATION', ERR.attachments.typeMismatch);
  return { ext, mime: m };
}

/**
 * Electronic attachments: each file encrypted with its own random key (streamed, flat memory),
 * the key wrapped by the vault's attachment sub-key, SHA-256 of the plaintext kept for fixity.
 */
export class AttachmentsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    /** Read at each use: a re-key replaces the wrapping key in place. */
    private readonly secrets: Pick<VaultSecrets, 'attachmentWrap'>,
    private readonly dir: string,
    private readonly deps: { newId: () => string; nowIso: () => string; randomBytes: (n: number) => Buffer },
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  filePath(id: string): string {
    return join(this.dir, `${id}.enc`);
  }

  async list(recordId: string): Promise<AttachmentInfo[]> {
    const rows = await this.db.manager.find(AttachmentEntity, { where: { recordId }, order: { createdAt: 'ASC' } });
    return rows.map(info);
  }

  /** Streams `source` into the encrypted store; the DB row and audit entry land only if the file did. */
  async ingest(actor: Actor, recordId: string, fileName: string, mimeIn: string, source: Readable): Promise<AttachmentInfo> {
    const { mime } = checkFileName(fileName, mimeIn);
    const record = await this.db.manager.findOneBy(ArchiveRecordEntity, { id: recordId });
    if (!record) throw new AppError('NOT_FOUND', ERR.records.notFound);
    if (record.status === 'destroyed') throw new AppError('CONFLICT', ERR.attachments.recordDestroyed);
    const maxBytes = (await this.settings.get()).attachmentMaxMB * 1024 * 1024;
    const id = this.deps.newId();
    const fileKey = this.deps.randomBytes(32);
    const enc = new EncryptStream(fileKey, this.deps.randomBytes(8));
    const tmp = `${this.filePath(id)}.part`;
    let seen = 0;
    const out = createWriteStream(tmp, { mode: 0o600 });
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const c of chunks) {
            seen += c.length;
            if (seen > maxBytes) {
              throw new AppError('VALIDATION', ERR.attachments.tooLarge(maxBytes / 1024 / 1024));
            }
            yield c;
          }
        },
        enc,
        out,
      );
      renameSync(tmp, this.filePath(id));
    } catch (e) {
      // The stream may still be opening its file: let it close before removing the remains.
      if (!out.closed) await new Promise<void>((r) => out.once('close', () => r()));
      rmSync(tmp, { force: true });
      throw e;
    }
    const row: AttachmentRow = {
      id,
      recordId,
      fileName,
      mime,
      size: enc.size,
      sha256: await enc.digest(),
      wrappedKey: JSON.stringify(seal(this.secrets.attachmentWrap, fileKey, `attachment:${id}`, this.deps.randomBytes(12))),
      createdAt: this.deps.nowIso(),
      createdBy: actor.username,
    };
    fileKey.fill(0);
    try {
      await this.db.write(async (m) => {
        await m.insert(AttachmentEntity, row);
        // 纸质 + a scan = 纸质+电子, unless the keeper chose the carrier by hand.
        const rec = await m.findOneBy(ArchiveRecordEntity, { id: recordId });
        const carrier = rec ? carrierAfterAttachment(rec.carrier, !!rec.carrierByHand) : null;
        const moved = rec && carrier !== rec.carrier ? { from: rec.carrier, to: carrier } : null;
        if (moved) await m.update(ArchiveRecordEntity, { id: recordId }, { carrier: carrier!, updatedAt: this.deps.nowIso() });
        await this.audit.append(m, {
          actor: actor.username,
          action: 'attachment.add',
          subject: `record:${recordId}`,
          details: { attachmentId: id, fileName, size: row.size, sha256: row.sha256, ...(moved ? { carrier: moved } : {}) },
        });
      });
    } catch (e) {
      rmSync(this.filePath(id), { force: true });
      throw e;
    }
    return info(row);
  }

  /** Decrypts into memory for the in-app viewer or an authorised export; nothing plain touches disk. */
  async read(
    actor: Actor,
    id: string,
    purpose: { action: 'attachment.view' | 'attachment.export'; purpose?: string },
  ): Promise<{ row: AttachmentRow; data: Buffer }> {
    const row = await this.row(id);
    if (purpose.action === 'attachment.view' && !VIEWABLE.has(row.mime)) {
      throw new AppError('VALIDATION', ERR.attachments.noPreview);
    }
    if (row.size > MAX_VIEW_BYTES) throw new AppError('VALIDATION', ERR.attachments.tooLargeToView);
    const chunks: Buffer[] = [];
    await pipeline(
      createReadStream(this.filePath(id), { highWaterMark: 1 << 20 }),
      new DecryptStream(this.fileKey(row)),
      new Writable({ write: (c, _e, cb) => (chunks.push(c), cb()) }),
    );
    await this.audit.record({
      actor: actor.username,
      action: purpose.action,
      subject: `record:${row.recordId}`,
      details: { attachmentId: id, purpose: purpose.purpose ?? null },
    });
    return { row, data: Buffer.concat(chunks) };
  }

  /** Fixity: decrypt-and-hash the whole file, compare with the SHA-256 recorded at ingest. */
  async verify(id: string): Promise<{ ok: boolean; sha256: string }> {
    const row = await this.row(id);
    const hash = createHash('sha256');
    try {
      await pipeline(
        createReadStream(this.filePath(id), { highWaterMark: 1 << 20 }),
        new DecryptStream(this.fileKey(row)),
        new Writable({ write: (c, _e, cb) => (hash.update(c), cb()) }),
      );
    } catch {
      return { ok: false, sha256: '' };
    }
    const sha = hash.digest('hex');
    return { ok: sha === row.sha256, sha256: sha };
  }

  /** The record an attachment belongs to (null when there is no such attachment). */
  async recordOf(id: string): Promise<string | null> {
    const row = await this.db.manager.findOne(AttachmentEntity, { select: { id: true, recordId: true }, where: { id } });
    return row?.recordId ?? null;
  }

  exists(id: string): boolean {
    return existsSync(this.filePath(id));
  }

  private async row(id: string): Promise<AttachmentRow> {
    const row = await this.db.manager.findOneBy(AttachmentEntity, { id });
    if (!row) throw new AppError('NOT_FOUND', ERR.attachments.notFound);
    return row;
  }

  private fileKey(row: AttachmentRow): Buffer {
    return openSealed(this.secrets.attachmentWrap, Sealed.parse(JSON.parse(row.wrappedKey)), `attachment:${row.id}`);
  }
}

function info(r: AttachmentRow): AttachmentInfo {
  return { id: r.id, recordId: r.recordId, fileName: r.fileName, mime: r.mime, size: r.size, sha256: r.sha256, createdAt: r.createdAt, createdBy: r.createdBy };
}
