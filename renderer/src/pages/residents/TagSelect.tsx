import type { CSSProperties } from 'react';
import { Select } from 'antd';
import type { TagRow } from '../../../../shared/contract/register.contract';
import { compareTags } from '../../../../shared/domain/tags';
import { TagChip } from '../../components/TagChip';

/** Multi-select of household tags; options and selected values render as chips (colour + code + name). */
export function TagSelect({
  id,
  tags,
  value,
  onChange,
  single,
  placeholder,
  allowClear,
  style,
  testId,
}: {
  /** Set by Form.Item, so the field's label names the input. */
  id?: string;
  tags: TagRow[];
  value?: string[] | string;
  onChange?: (v: never) => void;
  single?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  testId?: string;
}) {
  const byId = new Map(tags.map((t) => [t.id, t]));
  return (
    <Select
      id={id}
      data-testid={testId}
      mode={single ? undefined : 'multiple'}
      value={value as never}
      onChange={onChange}
      placeholder={placeholder}
      allowClear={allowClear}
      style={style}
      optionFilterProp="title"
      options={[...tags].sort(compareTags).map((t) => ({ value: t.id, title: `${t.code} ${t.name}`, label: <TagChip tag={t} revealName /> }))}
      tagRender={(p) => {
        const tag = byId.get(String(p.value));
        return (
          <span style={{ marginInlineEnd: 6, display: 'inline-flex', alignItems: 'center' }}>
            {tag ? <TagChip tag={tag} revealName /> : p.label}
            {p.closable && (
              <span
                role="button"
                aria-label="remove"
                onMouseDown={(e) => e.preventDefault()}
                onClick={p.onClose}
                style={{ cursor: 'pointer', marginInlineStart: 4, color: '#999' }}
              >
                ×
              </span>
            )}
          </span>
        );
      }}
    />
  );
}
