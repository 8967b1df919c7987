import { PrinterOutlined } from '@ant-design/icons';
import { Button, Col, Progress, Radio, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StructureTree } from '../../../../shared/contract/register.contract';
import { toRequest, type OptionsState } from './print-options';
import { PrintError } from './PrintError';
import { RecordPicker } from './RecordPicker';
import { StructurePicker, type StructureSel } from './StructurePicker';
import { useCoverJob } from './use-cover-job';
import type { PdfOut } from './use-direct-print';

type Scope = { kind: 'records'; ids: string[] } | { kind: 'building' | 'grid'; id: string };

/** 档案封面: a building, a grid or chosen records → one PDF, with progress and cancel. */
export function CoversTab({
  tree,
  treeLoaded,
  options,
  onPdf,
}: {
  tree: StructureTree;
  treeLoaded: boolean;
  options: OptionsState;
  onPdf: (title: string, pdf: PdfOut) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'structure' | 'records'>('structure');
  const [node, setNode] = useState<StructureSel>(null);
  const [ids, setIds] = useState<string[]>([]);
  const job = useCoverJob((pdf) => onPdf(t('printing.tabCovers'), pdf));

  const run = (scope: Scope) => void job.start(scope, toRequest(options));
  const scope: Scope | null = mode === 'records' ? (ids.length ? { kind: 'records', ids } : null) : node ? { kind: node.kind, id: node.id } : null;
  const running = job.progress?.state === 'running';
  const p = job.progress;
  const failure = job.error && { error: job.error };

  return (
    <Row gutter={16}>
      <Col span={9}>
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value)}
          style={{ marginBottom: 12 }}
          data-testid="covers-mode"
          options={[
            { value: 'structure', label: t('printing.scopeStructure') },
            { value: 'records', label: t('printing.scopeRecords') },
          ]}
          optionType="button"
        />
        {mode === 'structure' && <StructurePicker tree={tree} loaded={treeLoaded} value={node} onChange={setNode} />}
      </Col>
      <Col span={15}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {mode === 'structure' && (
            <Typography.Text data-testid="covers-scope">
              {node ? t(node.kind === 'grid' ? 'printing.selectedGrid' : 'printing.selectedBuilding', { name: node.name }) : t('printing.pickNode')}
            </Typography.Text>
          )}
          {mode === 'records' && (
            <>
              <RecordPicker value={ids} onChange={setIds} testId="covers-records" />
              <Typography.Text type="secondary">{t('printing.pickedN', { n: ids.length })}</Typography.Text>
            </>
          )}
          <Space>
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              disabled={!scope || running}
              loading={running}
              data-testid="covers-start"
              onClick={() => scope && run(scope)}
            >
              {t('printing.startCovers')}
            </Button>
            {running && (
              <Button danger onClick={() => void job.cancel()} data-testid="covers-cancel">
                {t('printing.cancel')}
              </Button>
            )}
          </Space>
          {p && (
            <div data-testid="covers-progress" data-state={p.state}>
              <Progress
                percent={p.total ? Math.round((p.done / p.total) * 100) : 0}
                status={p.state === 'failed' || p.state === 'cancelled' ? 'exception' : p.state === 'done' ? 'success' : 'active'}
              />
              <Typography.Text type="secondary">
                {p.state === 'cancelled'
                  ? t('printing.cancelled')
                  : t(p.state === 'done' ? 'printing.finished' : 'printing.progress', { done: p.done, total: p.total })}
              </Typography.Text>
            </div>
          )}
          <PrintError failure={failure || null} />
        </Space>
      </Col>
    </Row>
  );
}
