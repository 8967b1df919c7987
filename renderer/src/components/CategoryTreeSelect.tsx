import { TreeSelect } from 'antd';
import type { CSSProperties } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryRow } from '../../../shared/contract/categories.contract';
import { buildTree, choiceProblem, pathOf, type CategoryTreeNode } from '../../../shared/domain/record-categories';

interface TreeOption {
  value: string;
  title: string;
  selectable: boolean;
  children: TreeOption[];
}

/**
 * The category tree (设置 → 档案分类) as a picker. `file`: filing a record — only active leaves can be
 * chosen (a class with sub-classes just groups them), deactivated branches are left out, except the
 * category the record already has (`keep`). `filter`: any node, a class meaning itself and all below it.
 */
export function CategoryTreeSelect({
  categories,
  mode,
  keep,
  value,
  onChange,
  placeholder,
  style,
  allowClear,
  testId,
  id,
}: {
  categories: CategoryRow[];
  mode: 'file' | 'filter';
  keep?: string | null;
  value?: string | null;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  testId?: string;
  id?: string;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const treeData = useMemo(() => {
    const keepPath = new Set(keep ? pathOf(categories, keep).map((n) => n.code) : []);
    const visible = (n: CategoryTreeNode) => mode === 'filter' || n.active || keepPath.has(n.code);
    const toOption = (n: CategoryTreeNode): TreeOption => ({
      value: n.code,
      title: `${en ? n.nameEn || n.nameZh : n.nameZh}${n.active ? '' : ` (${t('categories.inactive')})`}`,
      selectable: mode === 'filter' || n.code === keep || !choiceProblem(categories, n.code),
      children: n.children.filter(visible).map(toOption),
    });
    return buildTree(categories).filter(visible).map(toOption);
  }, [categories, mode, keep, en, t]);
  return (
    <TreeSelect
      id={id}
      data-testid={testId}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      treeData={treeData}
      treeDefaultExpandAll
      showSearch
      treeNodeFilterProp="title"
      allowClear={allowClear}
      placeholder={placeholder}
      style={style}
      popupMatchSelectWidth={false}
    />
  );
}
