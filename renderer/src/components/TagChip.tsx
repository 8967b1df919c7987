import { Space } from 'antd';
import type { TagRow } from '../../../shared/contract/register.contract';
import { compareTags, readableTextColor } from '../../../shared/domain/tags';

type TagLike = Pick<TagRow, 'name' | 'color' | 'code' | 'discreet'>;

/**
 * A household tag: a small colour box with the code character in a readable text colour, never
 * colour alone. Public tags show the name beside the box (and on hover); discreet tags show only
 * colour + code unless `revealName` (the legend in the archives room).
 */
export function TagChip({ tag, showName = true, revealName = false, size = 20 }: { tag: TagLike; showName?: boolean; revealName?: boolean; size?: number }) {
  const nameVisible = showName && (!tag.discreet || revealName);
  const box = (
    <span
      data-testid="tag-chip"
      data-code={tag.code}
      aria-label={tag.discreet && !revealName ? tag.code : `${tag.code} ${tag.name}`}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        width: size,
        height: size,
        borderRadius: 3,
        background: tag.color,
        color: readableTextColor(tag.color),
        fontSize: Math.round(size * 0.62),
        fontWeight: 600,
        lineHeight: 1,
        border: '1px solid rgba(0,0,0,0.25)',
        flex: 'none',
      }}
    >
      {tag.code}
    </span>
  );
  // The name on hover is the browser's own title, not an antd Tooltip: lists draw a chip per tag per
  // row, and a Tooltip each mounted an overlay trigger per chip.
  return (
    <span title={tag.discreet && !revealName ? undefined : tag.name} style={{ display: 'inline-flex', alignItems: 'center', gap: 4, whiteSpace: 'nowrap' }}>
      {box}
      {nameVisible && <span style={{ fontSize: 12 }}>{tag.name}</span>}
    </span>
  );
}

/** The chips of a household, in palette order. */
export function TagChips({ tagIds, tags, showNames = true }: { tagIds: readonly string[]; tags: readonly TagRow[]; showNames?: boolean }) {
  const mine = tags.filter((t) => tagIds.includes(t.id)).sort(compareTags);
  if (!mine.length) return null;
  return (
    <Space size={6} wrap data-testid="tag-chips">
      {mine.map((t) => (
        <TagChip key={t.id} tag={t} showName={showNames} />
      ))}
    </Space>
  );
}
