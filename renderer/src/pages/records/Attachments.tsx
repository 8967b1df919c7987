import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Table, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentInfo } from '../../../../shared/contract/register.contract';
import { isAllowed } from '../../../../shared/permissions';
import { PurposeModal } from '../../components/PurposeModal';
import { api } from '../../lib/api';
import { useArchiveTime } from '../../lib/archive-time';
import { errorText } from '../../lib/errors';
import { base64ToBlob, fileToBase64 } from '../../lib/register-data';
import { useSession } from '../../lib/session-context';
import { AttachmentViewer } from './AttachmentViewer';
import { Shielded } from '../../components/Shielded';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.ofd,.doc,.docx,.xls,.xlsx';
const size = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);

/** A record's electronic attachments: upload, list, view (with purpose), verify fixity, export. */
export function Attachments({ recordId, onChanged }: { recordId: string; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const at = useArchiveTime();
  const { message } = App.useApp();
  const role = useSession().status.session?.role;
  const [rows, setRows] = useState<AttachmentInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [asking, setAsking] = useState<{ id: string; action: 'view' | 'export' } | null>(null);
  const [viewing, setViewing] = useState<{ id: string; recordId: string; purpose: string } | null>(null);

  const load = useCallback(async () => {
    const r = await api.attachments.list({ recordId });
    if (r.ok) setRows(r.value);
  }, [recordId]);
  useEffect(() => void load(), [load]);

  const upload = async (file: File) => {
    setUploading(true);
    setError(null);
    try {
      const dataBase64 = await fileToBase64(file);
      const r = await api.attachments.add({ recordId, fileName: file.name, mime: file.type || 'application/octet-stream', dataBase64 });
      if (!r.ok) {
        const field = r.error.fields?.[0];
        setError(`${file.name}：${field ? (i18n.language === 'en' ? field.en : field.zh) : errorText(r.error)}`);
      } else {
        void message.success(t('register.uploaded', { name: file.name }));
        await load();
        onChanged();
      }
    } finally {
      setUploading(false);
    }
  };

  const verify = async (a: AttachmentInfo) => {
    const r = await api.attachments.verify({ id: a.id });
    if (!r.ok) return void message.error(errorText(r.error));
    if (r.value.ok) void message.success(t('register.fixityOk'));
    else void message.error(t('register.fixityBad'));
  };

  const doExport = async (id: string, purpose: string) => {
    const r = await api.attachments.export({ id, purpose });
    if (!r.ok) return void message.error(errorText(r.error));
    const url = URL.createObjectURL(base64ToBlob(r.value.dataBase64, r.value.mime));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div data-testid="attachments">
      <Space style={{ marginBottom: 8 }}>
        {isAllowed(role, 'register.write') && (
          <Upload
            accept={ACCEPT}
            multiple
            showUploadList={false}
            data-testid="attachment-upload"
            beforeUpload={(file) => {
              void upload(file);
              return Upload.LIST_IGNORE;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {t('register.upload')}
            </Button>
          </Upload>
        )}
      </Space>
      {error && (
        <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} style={{ marginBottom: 8 }} data-testid="attachment-error" />
      )}
      <Table<AttachmentInfo>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        data-testid="attachments-table"
        columns={[
          { title: t('register.fileName'), dataIndex: 'fileName', ellipsis: true, render: (v: string, r) => (r.shielded ? <Shielded /> : v) },
          { title: t('register.fileSize'), dataIndex: 'size', width: 90, render: size },
          {
            title: 'SHA-256',
            dataIndex: 'sha256',
            width: 130,
            render: (s: string) => (
              <span title={s} style={{ fontFamily: 'monospace' }}>
                {s.slice(0, 12)}…
              </span>
            ),
          },
          { title: t('register.addedAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => at.time(v) },
          {
            title: t('common.actions'),
            key: 'a',
            width: 230,
            render: (_, a) => (
              <Space size={4}>
                {['application/pdf', 'image/jpeg', 'image/png'].includes(a.mime) && (
                  <Button size="small" onClick={() => setAsking({ id: a.id, action: 'view' })} data-testid="view-attachment">
                    {t('register.view')}
                  </Button>
                )}
                <Button size="small" onClick={() => void verify(a)} data-testid="verify-attachment">
                  {t('register.verify')}
                </Button>
                {isAllowed(role, 'attachments.export') && (
                  <Button size="small" onClick={() => setAsking({ id: a.id, action: 'export' })}>
                    {t('register.export')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <PurposeModal
        open={!!asking}
        required={asking?.action === 'export'}
        title={asking?.action === 'export' ? t('register.exportPurpose') : undefined}
        onCancel={() => setAsking(null)}
        onOk={(purpose) => {
          const a = asking!;
          setAsking(null);
          if (a.action === 'view') setViewing({ id: a.id, recordId, purpose });
          else void doExport(a.id, purpose);
        }}
      />
      <AttachmentViewer request={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}
