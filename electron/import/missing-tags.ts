import type { TagRow } from '../../shared/contract/register.contract';
import { defaultDiscreet } from '../../shared/domain/tag-privacy';
import { proposeTagLook } from '../../shared/domain/tag-proposal';
import type { Actor } from '../services/actor';
import type { TagsService } from '../services/tags.service';

/** The tag name limit of the tags contract (TagInput). */
export const TAG_NAME_MAX = 20;

export interface MissingTagsResult {
  created: TagRow[];
  skipped: { name: string; zh: string; en: string }[];
}

/**
 * Creates tags the sheet names but the archive lacks (the CLI's --create-missing-tags): public
 * unless the name describes welfare or health (then discreet, tag-privacy.ts),
 * after the existing ones, each with a free palette colour and a free one-character code. Through
 * the tags service, so each creation is audited like one made under 设置→标签.
 */
export async function createMissingTags(tags: TagsService, actor: Actor, names: readonly string[]): Promise<MissingTagsResult> {
  const existing = await tags.list();
  const out: MissingTagsResult = { created: [], skipped: [] };
  let order = Math.max(0, ...existing.map((t) => t.order));
  for (const raw of new Set(names.map((n) => n.trim()).filter(Boolean))) {
    if (existing.some((t) => t.name === raw)) continue;
    if ([...raw].length > TAG_NAME_MAX) {
      out.skipped.push({
        name: raw,
        zh: `户标签“${raw}”超过 ${TAG_NAME_MAX} 个字，不能自动新建；请在映射文件中把它映射到已有标签。`,
        en: `The tag "${raw}" is longer than ${TAG_NAME_MAX} characters and cannot be created; map it to an existing tag in the map file.`,
      });
      continue;
    }
    const look = proposeTagLook(raw, existing);
    order = Math.min(999, order + 1);
    const tag = await tags.save(actor, { name: raw, color: look.color, code: look.code, discreet: defaultDiscreet(raw), order });
    existing.push(tag);
    out.created.push(tag);
  }
  return out;
}
