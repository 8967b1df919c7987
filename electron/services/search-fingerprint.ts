import { createHmac, randomBytes } from 'node:crypto';
import { normaliseSearchText } from '../../shared/domain/disclosure';
import type { Database } from '../db/database';
import { SettingEntity } from '../db/entities';

const KEY = 'private.searchFingerprintKey';

/**
 * The search text of every look-up is audited as a keyed fingerprint: the auditor can ask "who
 * searched for 110101199003070012?" (the app computes the fingerprint, and audits the question),
 * but the trail itself holds no name or ID to read back in bulk. The key is random per archive
 * and lives in the encrypted database, never in an export.
 */
export class SearchFingerprints {
  private key: Buffer | null = null;
  constructor(private readonly db: Database) {}

  async of(text: string): Promise<string> {
    return createHmac('sha256', await this.secret())
      .update(normaliseSearchText(text))
      .digest('hex')
      .slice(0, 32);
  }

  private async secret(): Promise<Buffer> {
    if (this.key) return this.key;
    const read = async () => (await this.db.manager.findOneBy(SettingEntity, { key: KEY }))?.value;
    let hex = await read();
    if (!hex) {
      await this.db.write(async (m) => {
        // Inside the writer: a second caller finds the first one's key instead of making its own;
        // on PostgreSQL another process may insert it meanwhile, and then its key stands.
        const again = await m.findOneBy(SettingEntity, { key: KEY });
        if (!again)
          await m
            .createQueryBuilder()
            .insert()
            .into(SettingEntity)
            .values({ key: KEY, value: JSON.stringify(randomBytes(32).toString('hex')) })
            .orIgnore()
            .execute();
      });
      hex = await read();
    }
    this.key = Buffer.from(JSON.parse(hex!) as string, 'hex');
    return this.key;
  }
}
