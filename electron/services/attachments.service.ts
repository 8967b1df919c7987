import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import type { AttachmentInfo } from '../../shared/contract/register.contract';
import { carrierAfterAttachment } from '../../shared/domain/carrier';
import { AppError } from '../../shared/errors';
import type { Database } from '../db/database';
import { ArchiveRecordEntity, AttachmentEntity } from '../db/entities';
import type { AttachmentRow } from '../db/entities/record.entity';
import { DecryptStream, EncryptStream } from '../vault/attachment-crypto';
import { open as openSealed, seal, Sealed } from '../vault/envelope';
import type { VaultSecrets } from '../vault/vault-secrets';
import type { AuditService } from './audit.service';
import type { SettingsService } from './settings.service';
import type { Actor } from './structure.service';

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
  const bad = (zh: string, en: string) => new AppError('VALIDATION', { zh, en, fields: [{ path: 'fileName', zh, en }] });
  // Path-like names could escape the store or hide the real type; control characters too.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[/\\:*?"<>|\u0000-\u001f]/.test(name) || name.includes('..') || name.startsWith('.')) {
    throw bad('文件名不能包含路径或特殊字符。', 'File names cannot contain paths or special characters.');
  }
  const ext = extname(name).toLowerCase();
  const allowed = ALLOWED[ext];
  if (!allowed)
    throw bad(
      `不支持的文件类型“${ext || '无扩展名'}”，可用：${Object.keys(ALLOWED).join(' ')}`,
      `Unsupported file type "${ext || 'none'}"; allowed: ${Object.keys(ALLOWED).join(' ')}`,
    );
  const m = mime && mime !== 'application/octet-stream' ? mime : allowed[0];
  if (!allowed.includes(m)) throw bad('文件类型与扩展名不符。', 'The file type does not match its extension.');
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
    if (!record) throw new AppError('NOT_FOUND', { zh: '未找到该档案。', en: 'Record not found.' });
    if (record.status === 'destroyed') throw new AppError('CONFLICT', { zh: '已销毁的档案不能添加附件。', en: 'A destroyed record cannot take attachments.' });
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
              throw new AppError('VALIDATION', {
                zh: `附件超过 ${maxBytes / 1024 / 1024} MB 的上限。`,
                en: `The attachment exceeds the ${maxBytes / 1024 / 1024} MB limit.`,
                fields: [{ path: 'dataBase64', zh: '附件过大', en: 'Attachment too large' }],
              });
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
      throw new AppError('VALIDATION', { zh: '此类型不能在程序内预览，请导出后查看。', en: 'This type cannot be previewed in the app; export it to view.' });
    }
    if (row.size > MAX_VIEW_BYTES) throw new AppError('VALIDATION', { zh: '文件过大，不能在程序内打开。', en: 'The file is too large to open in the app.' });
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
    if (!row) throw new AppError('NOT_FOUND', { zh: '未找到该附件（可能已销毁）。', en: 'Attachment not found (it may have been destroyed).' });
    return row;
  }

  private fileKey(row: AttachmentRow): Buffer {
    return openSealed(this.secrets.attachmentWrap, Sealed.parse(JSON.parse(row.wrappedKey)), `attachment:${row.id}`);
  }
}

function info(r: AttachmentRow): AttachmentInfo {
  return { id: r.id, recordId: r.recordId, fileName: r.fileName, mime: r.mime, size: r.size, sha256: r.sha256, createdAt: r.createdAt, createdBy: r.createdBy };
}
