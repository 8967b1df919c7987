import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Radio, Select, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { APPROVAL_SCAN_MAX_BYTES } from '../../../../shared/contract/lending.contract';
import { fileToBase64 } from '../../lib/register-data';
import type { StaffOption } from './use-staff';

const staffOptions = (list: StaffOption[]) => list.map((u) => ({ value: u.id, label: u.name }));

/** Step 2: who borrows (a staff member, or an outside person with ID, organisation and 介绍信) and why. */
export function BorrowerStep({ borrowerKind, staff, limited }: { borrowerKind: 'staff' | 'external'; staff: StaffOption[]; limited: boolean }) {
  const { t } = useTranslation();
  const req = [{ required: true, message: t('lending.required') }];
  return (
    <>
      <Form.Item name={['borrower', 'kind']} label={t('lending.borrowerKind')}>
        <Radio.Group
          data-testid="borrower-kind"
          aria-label={t('lending.borrowerKind')}
          options={[
            { value: 'staff', label: t('lending.staff') },
            { value: 'external', label: t('lending.external') },
          ]}
        />
      </Form.Item>
      {borrowerKind === 'staff' ? (
        <>
          {limited && <Alert type="info" showIcon message={t('lending.staffListLimited')} style={{ marginBottom: 12 }} />}
          <Form.Item name={['borrower', 'userId']} label={t('lending.staffUser')} rules={req}>
            <Select showSearch optionFilterProp="label" options={staffOptions(staff)} data-testid="borrower-user" />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item name={['borrower', 'name']} label={t('lending.name')} rules={req}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name={['borrower', 'idNumber']} label={t('lending.idNumber')} rules={req}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name={['borrower', 'organisation']} label={t('lending.organisation')} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name={['borrower', 'letterNo']} label={t('lending.letterNo')} rules={req}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name={['borrower', 'phone']} label={t('lending.phone')}>
            <Input maxLength={20} />
          </Form.Item>
        </>
      )}
      <Form.Item name="purpose" label={t('lending.purpose')} rules={req}>
        <Input.TextArea rows={2} maxLength={200} />
      </Form.Item>
    </>
  );
}

export type ScanFile = { fileName: string; mime: string; dataBase64: string };

/**
 * Step 3: how the loan is approved, the due date, condition and the pages-checked confirmation.
 * 审批人确认: the approver confirms with their own password at this desk when the keeper submits
 * (ApproverConfirm). 纸质审批: the keeper types the name on the signed slip and attaches its scan.
 */
export function ApprovalStep({
  mode,
  scan,
  onScan,
  loanDays,
  totalPages,
}: {
  mode: 'confirmed' | 'paper';
  scan: ScanFile | null;
  onScan: (f: ScanFile | null) => void;
  loanDays: number;
  totalPages: number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <>
      <Form.Item name={['approval', 'mode']} label={t('lending.approvalMode')}>
        <Radio.Group
          data-testid="approval-mode"
          aria-label={t('lending.approvalMode')}
          options={[
            { value: 'confirmed', label: t('lending.modeConfirmed') },
            { value: 'paper', label: t('lending.modePaper') },
          ]}
        />
      </Form.Item>
      {mode === 'confirmed' ? (
        <Alert type="info" showIcon message={t('lending.confirmedHint')} style={{ marginBottom: 12 }} />
      ) : (
        <>
          <Form.Item name={['approval', 'approverName']} label={t('lending.paperApprover')} rules={[{ required: true, message: t('lending.required') }]}>
            <Input maxLength={40} data-testid="paper-approver" />
          </Form.Item>
          <Form.Item
            name={['approval', 'scan']}
            label={t('lending.paperScan')}
            extra={t('lending.paperScanHint')}
            rules={[{ validator: () => (scan ? Promise.resolve() : Promise.reject(new Error(t('lending.paperScanRequired')))) }]}
          >
            <Upload
              accept=".pdf,.jpg,.jpeg,.png"
              maxCount={1}
              fileList={scan ? [{ uid: 'scan', name: scan.fileName, status: 'done' }] : []}
              onRemove={() => onScan(null)}
              beforeUpload={(file) => {
                if (!/\.(pdf|jpe?g|png)$/i.test(file.name)) {
                  message.error(t('lending.paperScanType'));
                  return Upload.LIST_IGNORE;
                }
                if (file.size > APPROVAL_SCAN_MAX_BYTES) {
                  message.error(t('lending.paperScanTooLarge'));
                  return Upload.LIST_IGNORE;
                }
                void fileToBase64(file).then((dataBase64) => onScan({ fileName: file.name, mime: file.type || 'application/octet-stream', dataBase64 }));
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="paper-scan">
                {t('lending.paperScanPick')}
              </Button>
            </Upload>
          </Form.Item>
        </>
      )}
      <Form.Item name={['approval', 'opinion']} label={t('lending.approverOpinion')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="dueDate"
        label={t('lending.dueDate')}
        extra={t('lending.dueHint', { days: loanDays })}
        rules={[{ required: true, message: t('lending.required') }]}
      >
        <Input type="date" style={{ width: 200 }} data-testid="due-date" />
      </Form.Item>
      <Form.Item name="condition" label={t('lending.condition')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="pagesConfirmed"
        valuePropName="checked"
        rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('lending.pagesCheckedRequired')))) }]}
      >
        <Checkbox data-testid="pages-confirmed">{t('lending.pagesChecked', { n: totalPages })}</Checkbox>
      </Form.Item>
    </>
  );
}
